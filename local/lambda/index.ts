export { DEFAULT_CONCURRENCY, LambdaRuntime } from './LambdaRuntime.ts';
export { startLambda } from './start-lambda.ts';
export { formatReportLine, billedDuration, timeoutMessage } from './report.ts';
export { parseFaults, FaultPlan, ruleMatches, readPath, faultError } from './faults.ts';
export { RuntimeClosedError, FaultConfigError } from './errors.ts';
export type * from './types.ts';
export { ENVIRONMENT_ENTRY } from './ExecutionEnvironment.ts';
export { AsyncInvoker, type AsyncInvokerOptions, type InvocationRecord } from './AsyncInvoker.ts';
