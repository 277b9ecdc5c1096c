import { jobTempPrefix } from '../jobs/output-keys.ts';
import type { ErrorChunk, ErrorGroup, RenumberedGroup } from './error-groups.ts';
import { AccountingError, InvalidTaskPayloadError } from './errors.ts';
import { isCount, isObject } from './parse-task.ts';

/**
 * The `group` of a `renumber-errors` task (planErrorGroups' output). Its error objects must be the job's own temp
 * objects: the handler reads whatever keys it is given, so a wiring mistake must not read another job's rows.
 */
export function parseErrorGroup(value: unknown, jobId: string): ErrorGroup {
  if (!isObject(value) || !isCount(value.index) || typeof value.header !== 'boolean' || !isCount(value.errorsBytes)) {
    throw new InvalidTaskPayloadError('group must be {index, header, chunks, errorsBytes}');
  }
  if (value.header !== (value.index === 0)) throw new InvalidTaskPayloadError('group.header must be true for group 0 only');
  if (!Array.isArray(value.chunks)) throw new InvalidTaskPayloadError('group.chunks must be an array of error chunks');
  const chunks = value.chunks.map((chunk, i) => parseErrorChunk(chunk, i, jobId));
  chunks.forEach((chunk, i) => {
    if (i > 0 && chunk.index <= chunks[i - 1]!.index) throw new InvalidTaskPayloadError('group.chunks must be in increasing index order');
  });
  const sum = chunks.reduce((total, chunk) => total + chunk.errorsBytes, 0);
  if (sum !== value.errorsBytes) throw new InvalidTaskPayloadError(`group.errorsBytes is ${value.errorsBytes}, its chunks hold ${sum}`);
  return { index: value.index, header: value.header, chunks, errorsBytes: sum };
}

function parseErrorChunk(value: unknown, i: number, jobId: string): ErrorChunk {
  if (!isObject(value) || !isCount(value.index) || !isCount(value.errorsBytes) || !isCount(value.lineOffset)) {
    throw new InvalidTaskPayloadError(`group.chunks[${i}] must be {index, errorsKey, errorsBytes, lineOffset}`);
  }
  const prefix = jobTempPrefix(jobId);
  if (typeof value.errorsKey !== 'string' || !value.errorsKey.startsWith(prefix)) {
    throw new InvalidTaskPayloadError(`group.chunks[${i}].errorsKey must be a temp object of this job (under "${prefix}")`);
  }
  return { index: value.index, errorsKey: value.errorsKey, errorsBytes: value.errorsBytes, lineOffset: value.lineOffset };
}

/**
 * The renumber-errors tasks' results as Finalize receives them, in group order. A missing or repeated group would
 * leave rows out of errors.csv or put them in twice, so it fails the job (as orderResults does for chunks).
 */
export function parseRenumberedGroups(value: unknown): RenumberedGroup[] {
  if (!Array.isArray(value)) throw new InvalidTaskPayloadError('error groups must be an array of {index, key, bytes}');
  if (value.length === 0) throw new AccountingError('no error groups: errors.csv would lack even its header');
  const groups = value.map((item, i): RenumberedGroup => {
    if (!isObject(item) || !isCount(item.index) || typeof item.key !== 'string' || !isCount(item.bytes)) {
      throw new InvalidTaskPayloadError(`error groups[${i}] must be {index, key, bytes}`);
    }
    return { index: item.index, key: item.key, bytes: item.bytes };
  });
  groups.sort((a, b) => a.index - b.index);
  groups.forEach((group, position) => {
    if (group.index !== position)
      throw new AccountingError(`error groups are incomplete: expected group ${position}, found ${group.index}`);
  });
  return groups;
}
