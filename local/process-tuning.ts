import { setFlagsFromString } from 'node:v8';

/**
 * Node flags the stack's process is started with (`npm start` in package.json, bench/lib/spawn-stack.ts; a test keeps
 * them equal). A 1 MB semi-space keeps the young generation small: the stack's objects are short-lived request state
 * and Buffers, and the default (up to 16 MB × 3, reserved once touched) was the largest part of the stack's peak
 * on a 1 GB file, at no measurable throughput cost (bench/batch-throughput: 1.25M rows/s with it). Worker-thread
 * Lambda environments (--lambda-isolation thread) inherit it. Must be given at start: V8 sizes the heap then.
 * A 50 % heap growing factor bounds the old generation's sawtooth: with Buffers counted in the global limit
 * (tuneStackProcess) the stack's heap grew from ~31 MB live to ~84 MB before each full collection over a 10 GB job,
 * and the peak stayed there; with it, that job peaked at 295 MB instead of 327–342 MB, at 2.31M rows/s (2.11–2.16M
 * without), and the 1M-row job ran no slower (median 913 vs 980 ms over 9 alternating runs; bench/large-file.ts,
 * bench/batch-throughput.ts).
 */
export const STACK_NODE_FLAGS = ['--max-semi-space-size=1', '--heap-growing-percent=50'] as const;

/**
 * V8 settings for a process that hosts the local stack (`npm start`, the in-process bench target). The stack moves
 * every object's bytes through Buffers, which V8 counts as external memory; by default each +64 MB of it forces a
 * full mark-compact of the (small) JS heap, ~7 per 1M-row job. Counting external memory in the global heap limit
 * instead halves the stack's CPU per job (bench/batch-throughput: ~950 → ~500 ms). Alone it raised the stack's peak
 * on a 1 GB file (~300 MB instead of ~240 MB); with STACK_NODE_FLAGS as well, the stack process peaked at 168 MB.
 * A GC heuristic read whenever limits are computed, so setting it at start,
 * before the stack runs, is enough. Not for the Lambda instances: they mirror Lambda's own Node runtime.
 */
export function tuneStackProcess(): void {
  setFlagsFromString('--external-memory-accounted-in-global-limit');
}
