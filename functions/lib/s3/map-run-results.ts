import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';
import { isAwsError } from '../aws/errors.ts';
import type { ExpressChildDates } from '../billing/express-units.ts';

/** Where a Map state's ResultWriter put a map run's results: its `manifest.json`. */
export interface MapRunResultsLocation {
  bucket: string;
  key: string;
}

interface ResultFile {
  Key: string;
}

interface ResultManifest {
  ResultFiles?: { SUCCEEDED?: ResultFile[]; FAILED?: ResultFile[]; PENDING?: ResultFile[] };
}

/** One child execution in a result file; `Output` is the child's output as a JSON string. */
export interface ChildExecutionRecord extends ExpressChildDates {
  Input?: string;
  Output?: string;
  Error?: string;
  Cause?: string;
}

/** ResultWriter writes a map run's files under `<Prefix>/<map run id>/`, the id being the map run ARN's last part. */
export function mapRunManifestKey(prefix: string, mapRunArn: string): string {
  return `${prefix}/${mapRunArn.split(':').pop()}/manifest.json`;
}

/**
 * The outputs of a map run's succeeded child executions, parsed, in the order ResultWriter listed them: its
 * `manifest.json` names the `SUCCEEDED_n.json` files, each a JSON array of executions whose `Output` is the child's
 * output as a JSON string. Failed and pending executions are not outputs (the caller counts what it expected).
 * Returns the folder of the run's result files too, for the caller to delete once it is done with them, how many
 * result files the manifest lists (what ResultWriter wrote besides it), and the succeeded children's start and stop
 * dates (what their Express executions are billed on; a run that succeeded tolerates no failure, so they are all).
 */
export async function readMapRunOutputs(
  location: MapRunResultsLocation,
): Promise<{ outputs: unknown[]; folder: string; resultFiles: number; children: ExpressChildDates[] }> {
  const manifest = (await getJson(location.bucket, location.key)) as ResultManifest;
  const outputs: unknown[] = [];
  const children: ExpressChildDates[] = [];
  for (const file of manifest.ResultFiles?.SUCCEEDED ?? []) {
    const executions = (await getJson(location.bucket, file.Key)) as ChildExecutionRecord[];
    for (const execution of executions) {
      outputs.push(JSON.parse(execution.Output ?? 'null'));
      children.push({ StartDate: execution.StartDate, StopDate: execution.StopDate });
    }
  }
  const files = manifest.ResultFiles ?? {};
  const resultFiles = (files.SUCCEEDED?.length ?? 0) + (files.FAILED?.length ?? 0) + (files.PENDING?.length ?? 0);
  return { outputs, folder: location.key.slice(0, location.key.lastIndexOf('/') + 1), resultFiles, children };
}

/** The first failed child execution of a map run, or undefined when it wrote no results or none failed. */
export async function firstFailedChild(location: MapRunResultsLocation): Promise<ChildExecutionRecord | undefined> {
  const manifest = (await getJson(location.bucket, location.key, 'missing-is-undefined')) as ResultManifest | undefined;
  const file = manifest?.ResultFiles?.FAILED?.[0];
  if (!file) return undefined;
  return ((await getJson(location.bucket, file.Key)) as ChildExecutionRecord[])[0];
}

async function getJson(bucket: string, key: string, missing?: 'missing-is-undefined'): Promise<unknown> {
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  } catch (error) {
    if (missing && isAwsError(error, 'NoSuchKey')) return undefined;
    throw error;
  }
}
