import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients.ts';

/** Where a Map state's ResultWriter put a map run's results: its `manifest.json`. */
export interface MapRunResultsLocation {
  bucket: string;
  key: string;
}

interface ResultFile {
  Key: string;
}

/**
 * The outputs of a map run's succeeded child executions, parsed, in the order ResultWriter listed them: its
 * `manifest.json` names the `SUCCEEDED_n.json` files, each a JSON array of executions whose `Output` is the child's
 * output as a JSON string. Failed and pending executions are not outputs (the caller counts what it expected).
 * Returns the folder of the run's result files too, for the caller to delete once it is done with them.
 */
export async function readMapRunOutputs(location: MapRunResultsLocation): Promise<{ outputs: unknown[]; folder: string }> {
  const manifest = (await getJson(location.bucket, location.key)) as { ResultFiles?: { SUCCEEDED?: ResultFile[] } };
  const outputs: unknown[] = [];
  for (const file of manifest.ResultFiles?.SUCCEEDED ?? []) {
    const executions = (await getJson(location.bucket, file.Key)) as { Output?: string }[];
    for (const execution of executions) outputs.push(JSON.parse(execution.Output ?? 'null'));
  }
  return { outputs, folder: location.key.slice(0, location.key.lastIndexOf('/') + 1) };
}

async function getJson(bucket: string, key: string): Promise<unknown> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await out.Body!.transformToString());
}
