import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { StackConfig } from '../../infra/config.ts';
import {
  LOCAL_ACCOUNT,
  LOCAL_API_FUNCTION_ARN,
  LOCAL_API_FUNCTION_NAME,
  LOCAL_BUCKETS,
  LOCAL_FUNCTION_ARN,
  LOCAL_FUNCTION_NAME,
  LOCAL_REGION,
  LOCAL_TABLES,
  dynamoDbTableArn,
  queueArn,
  s3BucketArn,
  stateMachineArn,
} from '../local-names.ts';
import { resolveString, resolveTokens } from './resolve-tokens.ts';
import type { TokenValues } from './resolve-tokens.ts';
import { PredictionStack } from '../../infra/stacks/PredictionStack.ts';

/** Everything the local stack needs from the CDK stack: the one source of truth for local runs. */
export interface LocalDefinitions {
  stateMachines: { batch: LocalStateMachine; experiment: LocalStateMachine };
  tables: LocalTable[];
  /** The environment both functions get (the stack gives them the same). */
  functionEnvironment: Record<string, string>;
  /** The function S3 notifications and the workflows' tasks invoke. */
  function: LocalFunction;
  /** The function behind the API (same image, its own reserved concurrency). */
  apiFunction: LocalFunction;
  apiRoutes: ApiRoute[];
  /** The API stage's throttle (the stage-wide `MethodSettings` entry), enforced by the local API adapter too. */
  apiThrottle?: { rateLimit: number; burstLimit: number };
  /** Per-method throttles of the stage (`MethodSettings` entries for one resource and method). */
  apiMethodThrottles: ApiMethodThrottle[];
  s3Notifications: S3NotificationRule[];
  /** Every bucket the stack defines (`AWS::S3::Bucket`), by its local name: the local S3 creates them. */
  buckets: string[];
  /** EventBridge rules on the default bus (`AWS::Events::Rule`), ARNs resolved to the local ones. */
  eventRules: LocalEventRule[];
  /** Asynchronous invoke settings per function (`AWS::Lambda::EventInvokeConfig`). */
  asyncInvokeConfigs: LocalAsyncInvokeConfig[];
}
export interface LocalStateMachine {
  name: string;
  arn: string;
  definition: AslDefinition;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
export interface LocalTable {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}
export interface LocalFunction {
  name: string;
  arn: string;
  memorySize: number;
  timeoutSeconds: number;
  reservedConcurrency?: number;
}
export interface ApiRoute {
  method: string;
  resource: string;
  /** The method's AuthorizationType: `AWS_IAM` wants a SigV4-signed request. */
  authorization: 'NONE' | 'AWS_IAM';
  /** The method wants a usage plan's key in `x-api-key`. */
  apiKeyRequired: boolean;
}
export interface ApiMethodThrottle extends Pick<ApiRoute, 'method' | 'resource'> {
  rateLimit: number;
  burstLimit: number;
}
export interface S3NotificationRule {
  bucket: string;
  events: string[];
  suffix?: string;
  prefix?: string;
}
/** A rule has an event pattern or, for a schedule rule, a schedule expression (`rate(15 minutes)`). */
export interface LocalEventRule {
  name: string;
  eventPattern?: Record<string, unknown>;
  scheduleExpression?: string;
  targets: LocalEventTarget[];
}
export interface LocalEventTarget {
  arn: string;
  retryPolicy?: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
  deadLetterArn?: string;
}
export interface LocalAsyncInvokeConfig {
  functionName: string;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  /** The OnFailure destination's ARN (an event bus, queue, topic or function). */
  onFailure?: string;
}

export interface LocalDefinitionOptions {
  /** CDK context overrides, e.g. `{ mapConcurrency: 2, chunkTargetBytes: 1024 }`. */
  context?: Partial<Record<keyof StackConfig, string | number | boolean>>;
}

/** Resource properties as the template holds them: untyped CloudFormation JSON, read field by field below. */
// biome-ignore lint/suspicious/noExplicitAny: template properties are arbitrary JSON, checked where read
type Properties = Record<string, any>;
type Template = { Resources: Record<string, { Type: string; Properties?: Properties }> };

const cache = new Map<string, LocalDefinitions>();

/** Synthesizes the stack in memory (cached per options) and resolves every token to the local names. */
export function synthesizeLocalDefinitions(options: LocalDefinitionOptions = {}): LocalDefinitions {
  const key = JSON.stringify(options.context ?? {});
  let definitions = cache.get(key);
  if (!definitions) {
    definitions = buildDefinitions(synthesizeTemplate(options), options);
    cache.set(key, definitions);
  }
  return structuredClone(definitions);
}

interface Synthesized {
  template: Template;
  stack: PredictionStack;
}

function synthesizeTemplate(options: LocalDefinitionOptions): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-local-'));
  try {
    const app = new App({ outdir, context: options.context, analyticsReporting: false });
    const stack = new PredictionStack(app, 'PredictionStack');
    const template = app.synth().getStackByName(stack.stackName).template as Template;
    return { template, stack };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function buildDefinitions({ template, stack }: Synthesized, _options: LocalDefinitionOptions): LocalDefinitions {
  const ids = logicalIds(stack);
  const names = stateMachineNames(template, ids, stack.stackName);
  const values = tokenValues(ids, template, names, stack.stackName);
  const deployedArns = deployedStateMachineArns(names);
  const localize = (text: string) => deployedArns.reduce((t, [deployed, local]) => t.split(deployed).join(local), text);
  const resource = (id: string) => template.Resources[id].Properties ?? {};
  const machine = (id: string, name: string): LocalStateMachine => ({
    name,
    arn: stateMachineArn(name),
    definition: JSON.parse(localize(resolveString(resource(id).DefinitionString, values))) as AslDefinition,
  });
  const environment = resolveTokens(resource(ids.function).Environment?.Variables ?? {}, values) as Record<string, string>;
  return {
    stateMachines: { batch: machine(ids.batch, names.batch.local), experiment: machine(ids.experiment, names.experiment.local) },
    tables: [table(resource(ids.jobs), LOCAL_TABLES.jobs), table(resource(ids.probes), LOCAL_TABLES.probes)],
    functionEnvironment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, localize(v)])),
    function: localFunction(resource(ids.function), LOCAL_FUNCTION_NAME, LOCAL_FUNCTION_ARN),
    apiFunction: localFunction(resource(ids.apiFunction), LOCAL_API_FUNCTION_NAME, LOCAL_API_FUNCTION_ARN),
    apiRoutes: apiRoutes(template),
    apiThrottle: apiThrottle(template),
    apiMethodThrottles: apiMethodThrottles(template),
    s3Notifications: s3Notifications(template, values),
    buckets: buckets(template, values),
    eventRules: eventRules(template, values, localize),
    asyncInvokeConfigs: asyncInvokeConfigs(template, values),
  };
}

function localFunction(properties: Properties, name: string, arn: string): LocalFunction {
  const reserved = properties.ReservedConcurrentExecutions as number | undefined;
  return {
    name,
    arn,
    memorySize: Number(properties.MemorySize),
    timeoutSeconds: Number(properties.Timeout),
    ...(reserved === undefined ? {} : { reservedConcurrency: reserved }),
  };
}

interface LogicalIds {
  function: string;
  apiFunction: string;
  input: string;
  output: string;
  models: string;
  jobs: string;
  probes: string;
  batch: string;
  experiment: string;
}

function logicalIds(stack: PredictionStack): LogicalIds {
  const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
  return {
    function: id(stack.handler.function),
    apiFunction: id(stack.apiHandler.function),
    input: id(stack.buckets.input),
    output: id(stack.buckets.output),
    models: id(stack.models.bucket),
    jobs: id(stack.tables.jobs),
    probes: id(stack.tables.probes),
    batch: id(stack.batch.stateMachine),
    experiment: id(stack.experiment.stateMachine),
  };
}

function tokenValues(ids: LogicalIds, template: Template, names: StateMachineNames, stackName: string): TokenValues {
  const batchArn = stateMachineArn(names.batch.local);
  const experimentArn = stateMachineArn(names.experiment.local);
  return {
    refs: {
      'AWS::Partition': 'aws',
      'AWS::Region': LOCAL_REGION,
      'AWS::AccountId': LOCAL_ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
      [ids.function]: LOCAL_FUNCTION_NAME,
      [ids.apiFunction]: LOCAL_API_FUNCTION_NAME,
      [ids.input]: LOCAL_BUCKETS.input,
      [ids.output]: LOCAL_BUCKETS.output,
      [ids.models]: LOCAL_BUCKETS.models,
      [ids.jobs]: LOCAL_TABLES.jobs,
      [ids.probes]: LOCAL_TABLES.probes,
      [ids.batch]: batchArn,
      [ids.experiment]: experimentArn,
    },
    attributes: {
      [`${ids.function}.Arn`]: LOCAL_FUNCTION_ARN,
      [`${ids.apiFunction}.Arn`]: LOCAL_API_FUNCTION_ARN,
      [`${ids.input}.Arn`]: s3BucketArn(LOCAL_BUCKETS.input),
      [`${ids.output}.Arn`]: s3BucketArn(LOCAL_BUCKETS.output),
      [`${ids.models}.Arn`]: s3BucketArn(LOCAL_BUCKETS.models),
      [`${ids.jobs}.Arn`]: dynamoDbTableArn(LOCAL_TABLES.jobs),
      [`${ids.probes}.Arn`]: dynamoDbTableArn(LOCAL_TABLES.probes),
      [`${ids.batch}.Name`]: names.batch.local,
      [`${ids.experiment}.Name`]: names.experiment.local,
      ...queueArns(template),
    },
  };
}

interface StateMachineName {
  deployed: string;
  local: string;
}
type StateMachineNames = Record<'batch' | 'experiment', StateMachineName>;

/**
 * The stack names its state machines `<stack name>-<suffix>` (infra/names.ts) and builds their ARNs from those fixed
 * names rather than by Ref; locally a state machine is named by the suffix alone, read from the template's
 * `StateMachineName`, so the suffixes are written once.
 */
function stateMachineNames(template: Template, ids: LogicalIds, stackName: string): StateMachineNames {
  const named = (id: string): StateMachineName => {
    const deployed = String(template.Resources[id].Properties?.StateMachineName);
    const prefix = `${stackName}-`;
    return { deployed, local: deployed.startsWith(prefix) ? deployed.slice(prefix.length) : deployed };
  };
  return { batch: named(ids.batch), experiment: named(ids.experiment) };
}

/** Deployed state machine ARN (as the stack builds it, resolved to the local region and account) → local ARN. */
function deployedStateMachineArns(names: StateMachineNames): [string, string][] {
  return Object.values(names).map(({ deployed, local }) => [stateMachineArn(deployed), stateMachineArn(local)]);
}

function table(properties: Properties, name: string): LocalTable {
  const ttl = properties.TimeToLiveSpecification as LocalTable['TimeToLiveSpecification'];
  return {
    TableName: name,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    BillingMode: properties.BillingMode ?? 'PROVISIONED',
    ...(ttl ? { TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: ttl.Enabled } } : {}),
  };
}

function apiRoutes(template: Template): ApiRoute[] {
  const resources = template.Resources;
  const pathOf = (ref: unknown): string => {
    if (typeof ref !== 'object' || ref === null || !('Ref' in ref)) return '';
    const properties = resources[String(ref.Ref)]?.Properties ?? {};
    return `${pathOf(properties.ParentId)}/${properties.PathPart}`;
  };
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.HttpMethod !== 'OPTIONS')
    .map((r) => ({
      method: String(r.Properties!.HttpMethod),
      resource: pathOf(r.Properties!.ResourceId) || '/',
      authorization: r.Properties!.AuthorizationType === 'AWS_IAM' ? ('AWS_IAM' as const) : ('NONE' as const),
      apiKeyRequired: r.Properties!.ApiKeyRequired === true,
    }));
}

function apiThrottle(template: Template): LocalDefinitions['apiThrottle'] {
  const stage = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
  const settings = (stage?.Properties?.MethodSettings as Record<string, unknown>[] | undefined) ?? [];
  const all = settings.find((m) => m.HttpMethod === '*' && m.ResourcePath === '/*');
  if (typeof all?.ThrottlingRateLimit !== 'number' || typeof all.ThrottlingBurstLimit !== 'number') return undefined;
  return { rateLimit: all.ThrottlingRateLimit, burstLimit: all.ThrottlingBurstLimit };
}

function apiMethodThrottles(template: Template): ApiMethodThrottle[] {
  const stage = Object.values(template.Resources).find((r) => r.Type === 'AWS::ApiGateway::Stage');
  const settings = (stage?.Properties?.MethodSettings as Record<string, unknown>[] | undefined) ?? [];
  return (
    settings
      .filter((m) => m.HttpMethod !== '*' && typeof m.ThrottlingRateLimit === 'number' && typeof m.ThrottlingBurstLimit === 'number')
      // MethodSettings name a resource as "/" + its path with "/" escaped as "~1": "/~1experiment" is /experiment.
      .map((m) => ({
        method: String(m.HttpMethod),
        resource: String(m.ResourcePath).slice(1).replaceAll('~1', '/'),
        rateLimit: m.ThrottlingRateLimit as number,
        burstLimit: m.ThrottlingBurstLimit as number,
      }))
  );
}

function s3Notifications(template: Template, values: TokenValues): S3NotificationRule[] {
  const rules: S3NotificationRule[] = [];
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'Custom::S3BucketNotifications') continue;
    const bucket = resolveString(r.Properties!.BucketName, values);
    for (const config of r.Properties!.NotificationConfiguration?.LambdaFunctionConfigurations ?? []) {
      const filters: { Name: string; Value: string }[] = config.Filter?.Key?.FilterRules ?? [];
      const filter = (name: string) => filters.find((f) => f.Name.toLowerCase() === name)?.Value;
      const suffix = filter('suffix');
      const prefix = filter('prefix');
      rules.push({ bucket, events: config.Events, ...(suffix ? { suffix } : {}), ...(prefix ? { prefix } : {}) });
    }
  }
  return rules;
}

/** A bucket the stack gains without a local name here fails the local stack's start, instead of being left out. */
function buckets(template: Template, values: TokenValues): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::S3::Bucket')
    .map(([id]) => {
      const name = values.refs[id];
      if (typeof name !== 'string') throw new Error(`bucket ${id} of the stack has no local name (local/local-names.ts LOCAL_BUCKETS)`);
      return name;
    });
}

/** Queues have no local service: their ARN names them by logical id (a rule's dead-letter queue, a rule target). */
function queueArns(template: Template): Record<string, string> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::SQS::Queue')
      .map(([id]) => [`${id}.Arn`, queueArn(id)]),
  );
}

function eventRules(template: Template, values: TokenValues, localize: (text: string) => string): LocalEventRule[] {
  return Object.entries(template.Resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::Events::Rule' &&
        (r.Properties?.EventPattern || r.Properties?.ScheduleExpression) &&
        r.Properties.State !== 'DISABLED',
    )
    .map(([id, r]) => ({
      name: id,
      ...(r.Properties!.EventPattern
        ? {
            eventPattern: JSON.parse(localize(JSON.stringify(resolveTokens(r.Properties!.EventPattern, values)))) as Record<
              string,
              unknown
            >,
          }
        : {}),
      ...(r.Properties!.ScheduleExpression ? { scheduleExpression: String(r.Properties!.ScheduleExpression) } : {}),
      targets: ((r.Properties!.Targets as Properties[]) ?? []).map((target) => ({
        arn: resolveString(target.Arn, values),
        ...(target.RetryPolicy
          ? {
              retryPolicy: {
                maximumRetryAttempts: Number(target.RetryPolicy.MaximumRetryAttempts ?? 185),
                maximumEventAgeSeconds: Number(target.RetryPolicy.MaximumEventAgeInSeconds ?? 86_400),
              },
            }
          : {}),
        ...(target.DeadLetterConfig?.Arn ? { deadLetterArn: resolveString(target.DeadLetterConfig.Arn, values) } : {}),
      })),
    }));
}

function asyncInvokeConfigs(template: Template, values: TokenValues): LocalAsyncInvokeConfig[] {
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig')
    .map((r) => {
      const onFailure = r.Properties!.DestinationConfig?.OnFailure?.Destination;
      return {
        functionName: resolveString(r.Properties!.FunctionName, values),
        // Lambda's defaults when the config leaves them out.
        maximumRetryAttempts: Number(r.Properties!.MaximumRetryAttempts ?? 2),
        maximumEventAgeSeconds: Number(r.Properties!.MaximumEventAgeInSeconds ?? 21_600),
        ...(onFailure ? { onFailure: resolveString(onFailure, values) } : {}),
      };
    });
}
