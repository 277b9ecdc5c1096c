export { startStepFunctions } from './start-stepfunctions.ts';
export {
  lambdaInvoker,
  taskErrorFrom,
  invokeResponse,
  functionNameOf,
  LAMBDA_INVOKE_RESOURCE,
  type InvocableRuntime,
  type TaskError,
} from './lambda-invoke-integration.ts';
export { validateExecutionName, executionArnFor, MAX_NAME_LENGTH } from './names.ts';
export { findUnsupported } from './prepare-definition.ts';
export { buildHistory } from './build-history.ts';
export { protocolError } from './protocol.ts';
export { SfnApiError, LambdaInvokeError, UnsupportedDefinitionError } from './errors.ts';
export type * from './types.ts';
export { s3MapRunStorage } from './s3-map-run-storage.ts';
export type { MapRunStorage } from './item-reader.ts';
