import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { loadModel } from '../../functions/lib/model/index.ts';
import type { ModelInfo } from '../../functions/lib/model/index.ts';

/** What publish learns from running the file: the service's view of it and the graph's own names. */
export interface ModelInspection {
  info: ModelInfo;
  inputs: string[];
  outputs: string[];
  bytes: Buffer;
}

/** A file the service could not serve, with what to do about it. */
export class PublishRefusedError extends Error {
  override name = 'PublishRefusedError';
}

/**
 * Loads the file as the functions will (functions/lib/model: describeModel's rules) and runs one row of zeros through
 * it, so a model that the service cannot serve is refused here, not by the first request.
 */
export async function inspectModel(path: string): Promise<ModelInspection> {
  const bytes = await readFile(path).catch((error: Error) => {
    throw new PublishRefusedError(`cannot read ${path}: ${error.message}`);
  });
  const session = await ort.InferenceSession.create(bytes).catch((error: Error) => {
    throw new PublishRefusedError(
      `${path} is not an ONNX model onnxruntime can load (${error.message}); export it again with an ONNX exporter`,
    );
  });
  const inputs = [...session.inputNames];
  const outputs = [...session.outputNames];
  await session.release();
  const model = await loadModel(path).catch((error: Error) => {
    throw new PublishRefusedError(`${path} cannot be served: ${error.message}`);
  });
  try {
    const answer = await model.predict(new Float32Array(model.info.featureCount), 1);
    if (answer.rows !== 1) throw new Error(`it answered ${answer.rows} rows for one`);
  } catch (error) {
    throw new PublishRefusedError(
      `${path} failed on one row of ${model.info.featureCount} zeros: ${(error as Error).message}; check that its input is float32 [N, ${model.info.featureCount}]`,
    );
  }
  return { info: model.info, inputs, outputs, bytes };
}
