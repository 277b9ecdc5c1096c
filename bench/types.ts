/** Types of the bench runner (bench/run.ts and its scenarios); the pure core's types live in bench/lib/types.ts. */
import type { Usage } from '../local/meter/index.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';

/** Where to measure: a local stack the bench starts itself, or a deployed stack given by its names. */
export type TargetConfig =
  | { kind: 'local'; instances: number; idleTimeoutMs: number }
  | { kind: 'deployed'; apiUrl: string; inputBucket: string; outputBucket: string; table: string; region: string };

export interface BenchOptions {
  quick: boolean;
  target: TargetConfig;
  /** Lambda memory size the cost is computed at (default: the function's configured size). */
  memoryMb?: number;
  /** Deployed only: run the AWS reference idle-gap scenario at its own 0/6/16/31/61 minutes (an hour). */
  fullIdleGaps: boolean;
  /** Results root; a `<timestamp>/` folder is created inside. */
  out: string;
  help: boolean;
  /** Scenarios to run (default all). */
  only: ScenarioName[];
}

export const SCENARIOS = ['sync', 'cold', 'batch', 'experiments'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** What the scenarios do and how long: `--quick` (CI smoke, < 60 s) or the full set (< 10 min on 2 cores). */
export interface BenchPlan {
  /** Simultaneous first requests against fresh instances. */
  coldWave: number;
  syncConcurrencies: number[];
  syncWarmMs: number;
  /** Rows per request of the payload-size runs (at concurrency 1). */
  rowsPerRequest: number[];
  rowsWarmMs: number;
  batchRows: number[];
  experimentRuns: number;
  /** Idle gaps before single requests (seconds), each repeated `coldRepeats` times. */
  coldGapsS: number[];
  coldRepeats: number;
  /** Concurrency the crossover's sync side is modelled at. */
  crossoverConcurrency: number;
}

/** One REPORT line's figures (the local runtime emits them; a deployed stack's are in CloudWatch, not read here). */
export interface ReportFigures {
  durationMs: number;
  initDurationMs?: number;
  memorySizeMB: number;
}

/** A stack to measure, with AWS SDK clients on its endpoints. */
export interface Target {
  kind: TargetConfig['kind'];
  apiUrl: string;
  inputBucket: string;
  outputBucket: string;
  table: string;
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  sfn: SFNClient;
  /** Configured memory of the function, when the target knows it. */
  memoryMb?: number;
  /** Idle time after which an instance is reclaimed, when the target controls it (local). */
  idleTimeoutMs?: number;
  /**
   * The local stack's billing meter (local/meter), when the target runs one: every billable unit per run and per job
   * (found by its execution). A deployed stack has none: no cost is computed for it.
   */
  meter?: {
    run(): Usage;
    /** The top-level executions the meter saw start, newest trace first. */
    executions(): string[];
    ofExecution(executionArn: string): Usage | undefined;
  };
  /** Subscribes to REPORT figures when the target can see them (local); returns the unsubscribe function. */
  onReport?: (listener: (report: ReportFigures) => void) => () => void;
  stop(): Promise<void>;
}

/** Reports tell the runner one status line at a time. */
export interface ProgressSink {
  update(text: string): void;
  done(): void;
}
