/** The object key in an S3 event is not valid URL encoding. */
export class MalformedEventKeyError extends Error {
  override name = 'MalformedEventKeyError';
}

/** The object changed (new upload of the same key) while a job was reading it. */
export class ObjectChangedError extends Error {
  override name = 'ObjectChangedError';
}

/** The output is larger than one object S3 can assemble (10,000 parts of at most 5 GiB). */
export class OutputTooLargeError extends Error {
  override name = 'OutputTooLargeError';
}
