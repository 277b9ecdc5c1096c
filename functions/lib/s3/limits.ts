/**
 * S3's limits on assembling one object, and how many assembly requests this service keeps in flight.
 *
 * Multipart upload: at most 10,000 parts (part numbers 1 to 10,000); every part but the last is 5 MiB to 5 GiB (the
 * last has no minimum); so an assembled object is at most 10,000 × 5 GiB ≈ 48.8 TiB. UploadPartCopy copies one part,
 * so at most 5 GiB per request; `CopySourceRange` (`bytes=first-last`, zero-based, inclusive) copies a slice, and S3
 * accepts a range only when the source object is larger than 5 MB. CopyObject copies at most 5 GB in one request;
 * larger objects are copied by multipart upload.
 */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
export const MAX_PART_BYTES = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
export const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3;

/** PartUploader's default part size: 8 MiB parts cap a streamed upload at 10,000 × 8 MiB ≈ 78 GiB. */
export const STREAM_PART_BYTES = 8 * 1024 ** 2;

/**
 * Parts of one assembly sent at once. A copy is S3 moving bytes server side (a 5 GiB part takes a while), so many
 * in flight keep a 10,000-part assembly short; a streamed part holds two sockets (its source GETs and its UploadPart)
 * and a few stream buffers, so this also bounds Finalize's memory and connections.
 */
export const PARTS_IN_FLIGHT = 32;
