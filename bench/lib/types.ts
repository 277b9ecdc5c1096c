/** Types of the bench core. Every input is plain data, so the runner (bench/run.ts) only has to collect it. */
import type { Usage } from '../../local/meter/index.ts';

/** One request of a load run. `startMs` is ms since the epoch (or since any fixed origin, used consistently). */
export interface Sample {
  startMs: number;
  /** Round-trip latency in ms. */
  ms: number;
  ok: boolean;
  /** Set by the runner when it knows the request met a fresh instance (e.g. from the runtime's stats). */
  cold?: boolean;
}

export type PercentileMethod = 'nearest-rank' | 'linear';

/** Latency figures of the successful requests; `errors` counts the failed ones. */
export interface LatencySummary {
  count: number;
  errors: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Wall-clock seconds the run took (given, or first start → last end). */
  elapsedS: number;
  /** All requests (ok + failed) per second of wall clock. */
  rps: number;
}

/** One time bucket of the latency-over-time chart. */
export interface LatencyBucket {
  /** Bucket start, seconds since the first request. */
  t: number;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  max: number;
}

/** A Step Functions history event as GetExecutionHistory returns it (the fields the bench reads). */
export interface HistoryEvent {
  timestamp: Date | string | number;
  type: string;
  id: number;
  previousEventId?: number;
  stateEnteredEventDetails?: { name: string };
  stateExitedEventDetails?: { name: string };
}

/** The probe record of docs/architecture.md (Probes table); times are ms since the epoch. */
export interface ProbeRecord {
  runId?: string;
  probeId?: string;
  step: string;
  chunk?: number;
  startMs: number;
  endMs: number;
  coldStart?: boolean;
  rows?: number;
  bytes?: number;
  instanceId?: string;
  /** Experiment probes: the previous step's invoke time in ms. */
  lastStepTime?: number;
  /** Present when the attempt failed (a retried attempt leaves one such record). */
  error?: string;
}

/** Timing of one Task state, from the history (ms since the epoch; undefined when the event is absent). */
export interface StepTiming {
  name: string;
  enteredMs: number;
  scheduledMs?: number;
  startedMs?: number;
  succeededMs?: number;
  exitedMs?: number;
}

export interface Transition {
  from: string;
  to: string;
  /** As the AWS reference defines it: next step's TaskStateEntered − previous step's TaskSucceeded (probes: next start − previous end). */
  overheadMs: number;
}

/** The CHAIN experiment's figures (bench/lib/reference-figures.ts has the AWS reference). */
export interface ChainOverhead {
  source: 'history' | 'probes';
  steps: StepTiming[];
  transitions: Transition[];
  totalOverheadMs: number;
  /** As the AWS reference defines it: last step's TaskStateExited − first step's TaskStateEntered. */
  totalMs: number;
  overheadPct: number;
}

/** The PARALLEL experiment's figures. */
export interface ParallelOverhead {
  source: 'history' | 'probes';
  branches: StepTiming[];
  /** ParallelStateEntered (history) or the execution start the runner gives (probes). */
  parallelStartMs: number;
  firstStartedMs: number;
  lastStartedMs: number;
  /** As the AWS reference defines it: last branch TaskStarted − ParallelStateEntered. */
  fanOutDelayMs: number;
  /** First → last branch start: how far apart the branches really start. */
  startSpreadMs: number;
  /** ParallelStateExited − ParallelStateEntered (probes: last branch end − parallel start). */
  totalMs: number;
  /** fanOutDelayMs / totalMs × 100. */
  fanOutPct: number;
}

/** One consecutive piece of a batch job's critical path; the pieces add up to the end-to-end time. */
export interface Segment {
  name: string;
  ms: number;
  /** `task`: a Lambda is running; `wait`: nothing of ours runs (S3 notification, Step Functions, fan-out/fan-in). */
  kind: 'task' | 'wait';
}

export interface Spread {
  count: number;
  min: number;
  median: number;
  max: number;
}

export interface BatchTimes {
  records: ProbeRecord[];
  /** When the upload of the input object completed (client side). */
  uploadDoneMs: number;
  /**
   * When summary.json became visible (the job's last write), e.g. when the runner's poll first saw it. Default: the
   * finalize probe's end (S3 LastModified has whole seconds only, too coarse here).
   */
  summaryWrittenMs?: number;
  /** Rows of the job; defaults to the sum of the score records' rows. */
  rows?: number;
}

export interface BatchDecomposition {
  s3ToIngestMs: number;
  ingestMs: number;
  workflowStartDelayMs: number;
  planMs: number;
  /** Plan end → first chunk start. */
  mapStartDelayMs: number;
  /** Plan end → last chunk start (the PARALLEL experiment's fan-out delay, applied to the Map). */
  fanOutDelayMs: number;
  /** First chunk start → last chunk end. */
  scoringWallMs: number;
  score: Spread;
  /** Last chunk end → finalize start. */
  fanInDelayMs: number;
  finalizeMs: number;
  /**
   * End-to-end time in which no task of the job ran: the `wait` segments plus the gaps inside the map (a chunk
   * waiting for a free instance or for MaxConcurrency), so it can exceed the sum of the wait segments.
   */
  orchestrationOverheadMs: number;
  endToEndMs: number;
  rows: number;
  rowsPerSecond: number;
  chunks: number;
  coldStarts: number;
  failedAttempts: number;
  segments: Segment[];
}

export interface SyncScenario {
  name: string;
  concurrency: number;
  rowsPerRequest: number;
  memoryMb?: number;
  summary: LatencySummary;
}

/** A cold-start measurement (fresh process, first request after an idle gap, …), summarised over its runs. */
export interface ColdStartRow {
  scenario: string;
  runs: number;
  medianMs: number;
  minMs?: number;
  maxMs?: number;
  /** Idle gap before the request, in whole minutes (the deployed IDLE_GAP_MINUTES scenario). */
  idleMinutes?: number;
  /** Whether a fresh instance served it (true/false) when the runner knows. */
  cold?: boolean;
  note?: string;
}

export interface BatchJobResult {
  name: string;
  rows: number;
  bytes?: number;
  decomposition: BatchDecomposition;
  /** The job's billable units as the local stack's meter counted them (absent for a deployed target). */
  usage?: Usage;
}

export interface ExperimentResults {
  /** One entry per execution; the report shows the median-overhead run in the CHAIN/PARALLEL table and the spread below. */
  chain?: ChainOverhead[];
  parallel?: ParallelOverhead[];
}

export interface MachineInfo {
  os: string;
  release: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
}

export interface CostLine {
  label: string;
  breakdown: import('./cost-types.ts').CostBreakdown;
}

export interface BenchResults {
  title?: string;
  startedAt: string;
  machine?: MachineInfo;
  notes?: string[];
  sync?: SyncScenario[];
  coldStarts?: ColdStartRow[];
  batch?: BatchJobResult[];
  experiments?: ExperimentResults;
  cost?: { sync?: CostLine[]; batch?: CostLine[] };
  crossover?: import('./cost-types.ts').Crossover & {
    sync: import('./cost-types.ts').SyncModel;
    batch: import('./cost-types.ts').BatchModel;
  };
  /** Chart key → SVG file name next to report.md (filled by writeResults). */
  charts?: Record<string, string>;
}
