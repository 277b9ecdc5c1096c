import { constants, gzipSync } from 'node:zlib';
import type { ByteSink } from '../csv/types.ts';

/**
 * A sink that gzips each write into its own gzip member before passing it on. Concatenated members are one valid
 * gzip file (RFC 1952 §2.2: a gzip file is a series of members; gunzip, zlib and browsers read them all), so each
 * chunk's scored temp object is gzip on its own and Finalize's byte assembly of them (assemble-object.ts) is the
 * gzip of the whole output, with no step re-reading it. A write is a rendered batch (INFERENCE_BATCH_ROWS rows, a
 * few hundred KB), so the per-member header and trailer (18 bytes) and the dictionary reset cost little. Level 1:
 * scoring is CPU-bound, and level 1 is several times faster than the default for a few percent larger output.
 */
export class GzipMembers implements ByteSink {
  /** Uncompressed bytes written. */
  bytes = 0;
  private readonly target: ByteSink;

  constructor(target: ByteSink) {
    this.target = target;
  }

  write(bytes: Buffer): Promise<void> | void {
    if (bytes.length === 0) return;
    this.bytes += bytes.length;
    return this.target.write(gzipSync(bytes, { level: constants.Z_BEST_SPEED }));
  }

  /** An empty member: the output of a job without scored rows is still a valid (empty) gzip file. */
  writeEmptyMember(): Promise<void> | void {
    return this.target.write(gzipSync(Buffer.alloc(0)));
  }
}
