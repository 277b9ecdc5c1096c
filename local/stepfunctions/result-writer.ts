import type { ExecutionStatus } from './types.ts';

/** A closed child execution, as the map run keeps it for its results. */
export interface ChildResult {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** One child in a result file (the export's NONE transformation): strings for input/output, ISO dates. */
export function resultRecord(child: ChildResult): Record<string, unknown> {
  const succeeded = child.status === 'SUCCEEDED';
  return {
    ExecutionArn: child.executionArn,
    Input: child.input,
    InputDetails: { Included: true },
    Name: child.name,
    ...(child.output === undefined ? {} : { Output: child.output, OutputDetails: { Included: true } }),
    ...(child.error === undefined ? {} : { Error: child.error }),
    ...(child.cause === undefined ? {} : { Cause: child.cause }),
    RedriveCount: 0,
    RedriveStatus: succeeded ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN',
    ...(succeeded ? { RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven' } : {}),
    StartDate: new Date(child.startDate).toISOString(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: new Date(child.stopDate).toISOString(),
  };
}

export interface ResultObject {
  key: string;
  body: string;
}

/**
 * What ResultWriter puts under `<Prefix>/<map run id>/`: `SUCCEEDED_0.json` and `FAILED_0.json` (failed, timed-out
 * and aborted children; a file only when it has any), then `manifest.json` listing them with their sizes. The
 * manifest is last: it is the object the Map's output points at.
 */
export function resultObjects(bucket: string, prefix: string, mapRunArn: string, children: ChildResult[]): ResultObject[] {
  const folder = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}${mapRunArn.split(':').pop()}/`;
  const groups = {
    SUCCEEDED: children.filter((c) => c.status === 'SUCCEEDED'),
    FAILED: children.filter((c) => c.status !== 'SUCCEEDED'),
  };
  const objects: ResultObject[] = [];
  const files: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, group] of Object.entries(groups) as ['SUCCEEDED' | 'FAILED', ChildResult[]][]) {
    if (group.length === 0) continue;
    const object = { key: `${folder}${status}_0.json`, body: JSON.stringify(group.map(resultRecord)) };
    objects.push(object);
    files[status].push({ Key: object.key, Size: Buffer.byteLength(object.body) });
  }
  const manifest = { DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files };
  objects.push({ key: `${folder}manifest.json`, body: JSON.stringify(manifest) });
  return objects;
}

/** The Map's output when it wrote its results: where the manifest is. */
export function resultWriterOutput(bucket: string, mapRunArn: string, manifestKey: string): Record<string, unknown> {
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
