export { Meter, MAX_TRACES, type LambdaUnits, type TraceUsage } from './Meter.ts';
export { emptyUsage, addUsage, type Usage } from './usage.ts';
export { METER_PATH, meterEndpoint, type MeterPage } from './meter-endpoint.ts';
export { meterInvocation, reportLogBytes, type MeteredReport } from './lambda-meter.ts';
export { currentTrace, newTraceId, traceHeader, traceRootOf, withTrace } from './trace.ts';
export * from './units.ts';
