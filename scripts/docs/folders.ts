/**
 * What each folder is for: the layout table of docs/architecture.md. A unit test compares these keys with the folders
 * on disk, so a new folder without a line here (or a line for a folder that is gone) fails `npm test`.
 */
export const FOLDERS: Record<string, string> = {
  functions:
    "every Lambda handler, all in ONE container image: one file per trigger exporting `handler`; `router.ts` is the image's entry and dispatches on the event's shape",
  'functions/lib': "the handlers' logic in small modules; each folder's `index.ts` is its public surface",
  'functions/lib/aws': 'SDK clients, one per container; AWS error helpers',
  'functions/lib/batch': 'batch job steps between the handlers and the cores: ingest record, failure, output lease, summary',
  'functions/lib/billing':
    "what a job costs on AWS, counted by the service itself: each SDK request's price class, an invocation's units, the job's units and estimated USD (prices.json, with each price's source)",
  'functions/lib/chunks':
    'chunk ranges, each chunk settling its own first record, and the check of every chunk against the exact record boundaries',
  'functions/lib/csv': 'the CSV core: records, header matching, number fields, scoring a chunk into output bytes',
  'functions/lib/jsonl':
    'the JSON Lines core: one object per line, features by key (the header rules), prediction fields spliced into each line',
  'functions/lib/http': 'the sync API contract: request parsing, responses, errors',
  'functions/lib/jobs':
    'job records: ids, output keys, newest-upload-wins; `lifecycle/` owns every state change (pure transitions, the DynamoDB store, the operations that end a job, summary last); `reconcile/` re-drives unfinished jobs',
  'functions/lib/metrics': 'EMF metrics: names (shared with the CDK alarms) and publishing',
  'functions/lib/model': 'ONNX model loading and metadata',
  'functions/lib/model-store':
    'models in S3 by name, version and alias: references, key layout, cards (pure), the S3 reader, the per-container registry (alias TTL, loaded versions LRU)',
  'functions/lib/parquet':
    "the Parquet core (pure): footer, flat schema checks, row-group chunk plan, decoding, scoring and encoding one row group at a time, the footer of the assembled file; `steps/` a Parquet job's S3 steps (footer reads, ingest's column match, Plan, ScoreChunk, Finalize's parts)",
  'functions/lib/probes': 'probe timing records and the orchestration experiment',
  'functions/lib/router': 'event classification: which handler a Lambda event goes to',
  'functions/lib/s3': 'streaming S3 reads, part uploads and object assembly',
  'functions/lib/safety-net': 'EventBridge events that end stranded jobs',
  infra: 'the CDK app: the one definition of buckets, tables, workflows, routes and triggers',
  'infra/bin': 'CDK entry point (`cdk synth`, `cdk deploy`)',
  'infra/constructs': 'one construct per part of the stack, each with exported `XxxProps`',
  'infra/stacks': 'the PredictionStack and its cdk-nag suppressions',
  local: 'the local stack: one provider per emulated AWS service, assembled by `stack.ts`; `cli.ts` is `npm start`',
  'local/cloudformation': 'the synthesized CDK template translated into what the local services run (names, ARNs, intrinsics)',
  'local/apigateway': 'API Gateway REST adapter: routes, auth, throttles, Lambda proxy events',
  'local/console':
    "serves the web console at `/_console` beside the API: the esbuild bundle of `console/`, its config, the bench reports; adds its origin to the buckets' CORS",
  'local/dynamodb': 'DynamoDB (dynalite behind a guard)',
  'local/edge': 'the one AWS endpoint (port 4566) routing requests to the services',
  'local/eventbridge': 'the default event bus: rules, patterns, targets',
  'local/http': 'HTTP plumbing every local service shares: listening, idle clients, listener type',
  'local/lambda': 'Lambda runtime: instances, pools, async invokes, REPORT lines, injected faults',
  'local/meter': 'billing meter: every billable unit per run and per trace (job), its unit rules, `/_local/meter`',
  'local/s3': 'S3 on the file system: objects, multipart, notifications',
  'local/stepfunctions': 'Step Functions: executions and history over aws-local-stepfunctions',
  cli: 'operator commands: `npm run model` (publish, list, alias, describe models in the model store); `npm run jobs` (submit a CSV and follow it to its outputs, list, watch, get jobs)',
  'cli/lib':
    "the CLIs' AWS targets, model inspection and store writes; the jobs CLI's upload, download, `GET /jobs/{id}` polling and progress lines",
  bench: 'measuring scripts (`npm run bench` and one per goal)',
  'bench/lib': "the bench's pure core: numbers in, tables and charts out",
  'bench/peers': 'the hand-built pattern the service is compared with (pandas + scikit-learn), run by `bench/pandas-peer.ts`',
  'bench/results': 'bench reports, one folder per run',
  'bench/scenarios': 'one bench scenario per file',
  model: 'training and ONNX export of the Iris model (`npm run train`), the model file and its card',
  'model/lib': 'training, export and fixture code',
  docs: 'architecture contract and local stack guide',
  console:
    'the web console (local only): one page, no framework; jobs, upload, predict and bench tabs over the API routes and the AWS edge (signed fetch)',
  'console/lib': "the console's browser-side plumbing: SigV4 over WebCrypto, DynamoDB reads, the upload plan, the predict request",
  samples: 'real CSV, request and event JSON used by tests and the README',
  scripts: 'repository tasks: image staging, chunking sweep, docs generation',
  test: 'all tests',
  'test/fixtures': 'handlers and histories tests load',
  'test/helpers': 'shared test code: local stack, events, signing',
  'test/browser': 'the web console in headless Chromium against the local stack',
  'test/infra': 'template assertions, one per AWS rule',
  'test/integration': 'tests through the local stack over HTTP',
  'test/property': 'generated adversarial inputs for property tests',
  'test/unit': 'no-network tests mirroring the source tree',
};
