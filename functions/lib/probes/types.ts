/** One timing record per step execution (docs/architecture.md, Probes table). Times in ms since the epoch. */
export interface ProbeRecord {
  /** jobId for batch steps, the execution ARN for the orchestration experiment. */
  runId: string;
  /** `<step>#<chunk|->#<startMs>#<instanceId>`: unique per invocation, sorts by step then chunk. */
  probeId: string;
  step: string;
  chunk?: number;
  startMs: number;
  endMs: number;
  coldStart: boolean;
  rows?: number;
  bytes?: number;
  instanceId: string;
  /** Experiment probes: the previous step's time (ms), from the payload's `last_step_time`. */
  lastStepTime?: number;
  /** Step outcome; absent means it succeeded. */
  error?: string;
  /** DynamoDB TTL attribute, seconds since the epoch. */
  expiresAt: number;
}

export interface ProbeInput {
  runId: string;
  step: string;
  chunk?: number;
  startMs: number;
  endMs: number;
  coldStart: boolean;
  instanceId: string;
  rows?: number;
  bytes?: number;
  lastStepTime?: number;
  error?: string;
}

/** What a probed step reports about its work besides its result. */
export interface ProbeMeasures {
  rows?: number;
  bytes?: number;
  /** Renames the step after the fact (ingest of a duplicate event records `ingest-duplicate`). */
  step?: string;
  /**
   * When the step's critical-path work ended, if before the function returns: ingest ends when StartExecution
   * answers, although it still marks the job RUNNING afterwards (otherwise Plan would seem to start before ingest ended).
   */
  endMs?: number;
}
