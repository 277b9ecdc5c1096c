import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';
import { isAwsError } from '../aws/errors.ts';
import type { ExpressChildDates } from '../billing/express-units.ts';
import { mapRunBill } from '../billing/map-run-units.ts';
import type { MapRunBill } from '../billing/map-run-units.ts';

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

/** A map run's result files as its manifest lists them, read. */
export interface MapRunResults {
  /** The folder of the run's result files, for the caller to delete once it is done with them. */
  folder: string;
  /** How many result files the manifest lists (what ResultWriter wrote besides it). */
  resultFiles: number;
  /** The entries of the `SUCCEEDED_n.json` files, in the order ResultWriter listed them. */
  succeeded: ChildExecutionRecord[];
  /** The entries of the `FAILED_n.json` files: failed, timed-out and aborted children. */
  failed: ChildExecutionRecord[];
}

/**
 * A map run's results: its `manifest.json` names the `SUCCEEDED_n.json` and `FAILED_n.json` files, each a JSON
 * array of executions (PENDING ones never ran: not read). ResultWriter writes them whether the run succeeded or
 * failed. With `missing-is-undefined`, a run that wrote no manifest (it failed before its results were written)
 * is undefined rather than an error.
 */
export async function readMapRunResults(location: MapRunResultsLocation): Promise<MapRunResults>;
export async function readMapRunResults(
  location: MapRunResultsLocation,
  missing: 'missing-is-undefined',
): Promise<MapRunResults | undefined>;
export async function readMapRunResults(
  location: MapRunResultsLocation,
  missing?: 'missing-is-undefined',
): Promise<MapRunResults | undefined> {
  const manifest = (await getJson(location.bucket, location.key, missing)) as ResultManifest | undefined;
  if (manifest === undefined) return undefined;
  const files = manifest.ResultFiles ?? {};
  const entries = async (listed: ResultFile[] = []) => {
    const executions: ChildExecutionRecord[] = [];
    for (const file of listed) executions.push(...((await getJson(location.bucket, file.Key)) as ChildExecutionRecord[]));
    return executions;
  };
  return {
    folder: location.key.slice(0, location.key.lastIndexOf('/') + 1),
    resultFiles: (files.SUCCEEDED?.length ?? 0) + (files.FAILED?.length ?? 0) + (files.PENDING?.length ?? 0),
    succeeded: await entries(files.SUCCEEDED),
    failed: await entries(files.FAILED),
  };
}

/**
 * The outputs of a map run's succeeded child executions, parsed, in the order ResultWriter listed them (`Output` is
 * the child's output as a JSON string; failed and pending executions are not outputs: the caller counts what it
 * expected). Returns the folder of the run's result files too, and the run's bill (map-run-units.ts), read from the
 * same files as a failed job's MarkFailed reads it.
 */
export async function readMapRunOutputs(
  location: MapRunResultsLocation,
): Promise<{ outputs: unknown[]; folder: string; bill: MapRunBill }> {
  const results = await readMapRunResults(location);
  const outputs = results.succeeded.map((execution) => JSON.parse(execution.Output ?? 'null') as unknown);
  return { outputs, folder: results.folder, bill: mapRunBill(results) };
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
