import { FilesystemStore } from './s3rver-module.ts';

/**
 * s3rver stores a key as a file path, segment by segment, so legal S3 keys such as `../evil.csv` would climb out
 * of the bucket folder (or out of the data folder). Here every segment's leading `.` is stored as `&2e` (and `&`
 * as `&26`, keeping the mapping reversible); listing decodes it back. The encoding of a key prefix is a prefix of
 * the key's encoding, so s3rver's prefix listing still works. POSIX only: on Windows s3rver keeps its own escaping.
 */
export function encodeDotSegments(key: string): string {
  return key.replace(/&/g, '&26').replace(/(^|\/)\./g, '$1&2e');
}

export function decodeDotSegments(path: string): string {
  return path.replace(/&(2e|26)/g, (_, hex: string) => (hex === '2e' ? '.' : '&'));
}

/** Installs the encoding on s3rver's FilesystemStore class (its methods call these statics). */
export function installDotSegmentEncoding(): void {
  if (process.platform === 'win32') return;
  const store = FilesystemStore as unknown as { encodeKeyPath(key: string): string; decodeKeyPath(path: string): string };
  store.encodeKeyPath = encodeDotSegments;
  store.decodeKeyPath = decodeDotSegments;
}
