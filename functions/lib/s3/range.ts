/** HTTP Range header for the byte range [start, end) — S3 ranges are inclusive of their last byte. */
export function rangeHeader(start: number, end: number): string {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start)) {
    throw new RangeError(`invalid byte range [${start}, ${end})`);
  }
  return `bytes=${start}-${end - 1}`;
}
