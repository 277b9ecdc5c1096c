import { isSimplePath, unsupportedTemplatePaths } from './json-path.ts';
import type { AslDefinition } from './types.ts';

type State = Record<string, unknown>;
type States = Record<string, State>;

export const S3_GET_OBJECT = 'arn:aws:states:::s3:getObject';
export const S3_PUT_OBJECT = 'arn:aws:states:::s3:putObject';
/** What the engine runs in place of a Distributed Map: a Task whose local handler starts the map run. */
const MAP_RUN_RESOURCE = 'arn:aws:states:::map:distributed';
/** The engine's largest timer: a map run has no timeout of its own on AWS. */
const NO_TIMEOUT_SECONDS = 2_147_483;

export type InputType = 'JSON' | 'JSONL' | 'CSV';
const INPUT_TYPES: InputType[] = ['JSON', 'JSONL', 'CSV'];

export interface ItemReaderConfig {
  parameters: Record<string, unknown>;
  inputType: InputType;
  csvHeaderLocation: 'FIRST_ROW' | 'GIVEN';
  csvHeaders?: string[];
  maxItems?: number;
  maxItemsPath?: string;
}

export interface ItemBatcherConfig {
  maxItems?: number;
  maxItemsPath?: string;
  maxBytes?: number;
  maxBytesPath?: string;
  batchInput?: unknown;
}

/** A Distributed Map state's fields, as the local map run needs them. */
export interface DistributedMapConfig {
  stateName: string;
  /** The map run label: `Label`, else the state name (AWS puts it in the map run and child ARNs). */
  label: string;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The ItemProcessor as a state machine definition of its own (each child execution runs it). */
  processor: AslDefinition;
  itemsPath: string;
  itemReader?: ItemReaderConfig;
  itemSelector?: unknown;
  itemBatcher?: ItemBatcherConfig;
  maxConcurrency?: number;
  maxConcurrencyPath?: string;
  toleratedFailureCount?: number;
  toleratedFailureCountPath?: string;
  toleratedFailurePercentage?: number;
  toleratedFailurePercentagePath?: string;
  resultWriter?: { parameters: Record<string, unknown> };
}

/** The ASL fields read here, as a definition spells them. */
interface ReaderFields {
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Arguments?: unknown;
  ReaderConfig?: {
    InputType?: InputType;
    CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
    CSVHeaders?: string[];
    MaxItems?: number;
    MaxItemsPath?: string;
  };
}
interface BatcherFields {
  MaxItemsPerBatch?: number;
  MaxItemsPerBatchPath?: string;
  MaxInputBytesPerBatch?: number;
  MaxInputBytesPerBatchPath?: string;
  BatchInput?: unknown;
}
interface WriterFields {
  Resource?: string;
  Parameters?: Record<string, unknown>;
  WriterConfig?: unknown;
}

type Processor = { States: States; StartAt: string; ProcessorConfig?: { Mode?: string; ExecutionType?: string } };

export function isDistributedMap(state: State): boolean {
  const processor = state.ItemProcessor as Processor | undefined;
  return state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

const num = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));
const str = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

export function distributedMapConfig(stateName: string, state: State): DistributedMapConfig {
  const { ProcessorConfig, ...processor } = state.ItemProcessor as Processor;
  const reader = state.ItemReader as ReaderFields | undefined;
  const batcher = state.ItemBatcher as BatcherFields | undefined;
  const writer = state.ResultWriter as WriterFields | undefined;
  return {
    stateName,
    label: str(state.Label) ?? stateName,
    executionType: ProcessorConfig?.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    processor: processor as AslDefinition,
    itemsPath: str(state.ItemsPath) ?? '$',
    ...(reader
      ? {
          itemReader: {
            parameters: reader.Parameters ?? {},
            inputType: reader.ReaderConfig?.InputType ?? 'JSON',
            csvHeaderLocation: reader.ReaderConfig?.CSVHeaderLocation ?? 'FIRST_ROW',
            csvHeaders: reader.ReaderConfig?.CSVHeaders,
            maxItems: num(reader.ReaderConfig?.MaxItems),
            maxItemsPath: str(reader.ReaderConfig?.MaxItemsPath),
          },
        }
      : {}),
    // `Parameters` on a Map is the older name of `ItemSelector`.
    itemSelector: state.ItemSelector ?? state.Parameters,
    ...(batcher
      ? {
          itemBatcher: {
            maxItems: num(batcher.MaxItemsPerBatch),
            maxItemsPath: str(batcher.MaxItemsPerBatchPath),
            maxBytes: num(batcher.MaxInputBytesPerBatch),
            maxBytesPath: str(batcher.MaxInputBytesPerBatchPath),
            batchInput: batcher.BatchInput,
          },
        }
      : {}),
    maxConcurrency: num(state.MaxConcurrency),
    maxConcurrencyPath: str(state.MaxConcurrencyPath),
    toleratedFailureCount: num(state.ToleratedFailureCount),
    toleratedFailureCountPath: str(state.ToleratedFailureCountPath),
    toleratedFailurePercentage: num(state.ToleratedFailurePercentage),
    toleratedFailurePercentagePath: str(state.ToleratedFailurePercentagePath),
    ...(writer ? { resultWriter: { parameters: writer.Parameters ?? {} } } : {}),
  };
}

/** What a Distributed Map uses that the local map run does not run, one `State.Field: why` per use. */
export function unsupportedInDistributedMap(name: string, state: State): string[] {
  const found: string[] = [];
  const reader = state.ItemReader as ReaderFields | undefined;
  if (reader) {
    if (reader.Resource !== S3_GET_OBJECT) found.push(`${name}.ItemReader.Resource: ${reader.Resource} (only ${S3_GET_OBJECT})`);
    const inputType: string = reader.ReaderConfig?.InputType ?? 'JSON';
    if (!INPUT_TYPES.includes(inputType as InputType))
      found.push(`${name}.ItemReader.ReaderConfig.InputType: ${inputType} (only ${INPUT_TYPES.join(', ')})`);
    if (reader.Arguments !== undefined) found.push(`${name}.ItemReader.Arguments: JSONata`);
  }
  const writer = state.ResultWriter as WriterFields | undefined;
  if (writer) {
    if (writer.Resource !== S3_PUT_OBJECT) found.push(`${name}.ResultWriter.Resource: ${writer.Resource} (only ${S3_PUT_OBJECT})`);
    if (writer.WriterConfig !== undefined) found.push(`${name}.ResultWriter.WriterConfig`);
  }
  const templates = [
    reader?.Parameters,
    writer?.Parameters,
    state.ItemSelector,
    state.Parameters,
    (state.ItemBatcher as BatcherFields | undefined)?.BatchInput,
  ];
  for (const path of templates.flatMap(unsupportedTemplatePaths))
    found.push(`${name}: JSONPath '${path}' (only plain paths, no intrinsic functions)`);
  const paths = ['ItemsPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath'].map((f) => state[f]);
  for (const path of paths) if (typeof path === 'string' && !isSimplePath(path)) found.push(`${name}: JSONPath '${path}'`);
  return found;
}

/**
 * Takes every Distributed Map out of a definition (nested ones included): each becomes a Task the engine runs
 * like any other (InputPath, ResultSelector, ResultPath, OutputPath, Retry, Catch, Next/End are kept), whose
 * handler receives the state's effective input and the context object and runs the map run.
 */
export function extractDistributedMaps(definition: AslDefinition): { definition: AslDefinition; maps: Map<string, DistributedMapConfig> } {
  const copy = structuredClone(definition);
  const maps = new Map<string, DistributedMapConfig>();
  const visit = (states: States): void => {
    for (const [name, state] of Object.entries(states)) {
      if (isDistributedMap(state)) {
        maps.set(name, distributedMapConfig(name, state));
        states[name] = engineTask(state);
        continue;
      }
      const processor = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
      if (processor) visit(processor.States);
      for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) visit(branch.States);
    }
  };
  visit(copy.States);
  return { definition: copy, maps };
}

const KEPT = ['Comment', 'InputPath', 'ResultSelector', 'ResultPath', 'OutputPath', 'Retry', 'Catch', 'Next', 'End'];

function engineTask(state: State): State {
  const task: State = { Type: 'Task', Resource: MAP_RUN_RESOURCE, TimeoutSeconds: NO_TIMEOUT_SECONDS };
  for (const field of KEPT) if (state[field] !== undefined) task[field] = state[field];
  task.Parameters = { 'input.$': '$', 'context.$': '$$' };
  return task;
}
