/** The object key in an S3 event is not valid URL encoding. */
export class MalformedEventKeyError extends Error {
  override name = 'MalformedEventKeyError';
}

/** The object changed (new upload of the same key) while a job was reading it. */
export class ObjectChangedError extends Error {
  override name = 'ObjectChangedError';
}
