export * from './BatchWorkflow.ts';
export * from './DataBuckets.ts';
export * from './ExperimentWorkflow.ts';
export * from './ImageFunction.ts';
export * from './JobTables.ts';
export * from './lambda-task.ts';
export * from './PredictionApi.ts';
export * from './log-group.ts';
