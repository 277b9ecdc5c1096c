import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a process that hosts the local stack (`npm start`, the in-process bench target). The stack moves
 * every object's bytes through Buffers, which V8 counts as external memory; by default each +64 MB of it forces a
 * full mark-compact of the (small) JS heap, ~7 per 1M-row job. Counting external memory in the global heap limit
 * instead halves the stack's CPU per job (bench/batch-throughput: ~950 → ~500 ms), for a higher peak on big files
 * (1 GB: ~300 MB instead of ~240 MB). A GC heuristic read whenever limits are computed, so setting it at start,
 * before the stack runs, is enough. Not for the Lambda instances: they mirror Lambda's own Node runtime.
 */
export function tuneStackProcess(): void {
  setFlagsFromString('--external-memory-accounted-in-global-limit');
}
