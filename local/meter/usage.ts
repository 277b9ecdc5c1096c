/** The billable units one job (trace) or the whole run used, as the meter counts them. */
export interface Usage {
  s3: {
    /** PUT, COPY, POST, LIST requests. */
    putCopyPostList: number;
    /** GET, SELECT, HEAD and other requests. */
    getSelectOther: number;
    /** DELETE requests and multi-object deletes (not billed). */
    free: number;
    /** Request body bytes received (uploads). */
    bytesIn: number;
    /** Response body bytes sent (downloads; free within a region). */
    bytesOut: number;
    /** Bytes of objects created (what storage is billed on, per GB-month). */
    bytesStored: number;
  };
  lambda: {
    requests: number;
    coldStarts: number;
    /** Billed duration as the REPORT lines state it: init (cold starts) + duration, each invocation rounded up to 1 ms. */
    billedMs: number;
    /** billedMs × memory, in GB-seconds. */
    gbSeconds: number;
    /** The same invocations under the CPU-scaling model (units.ts modelledDurationMs), in GB-seconds. */
    modelledGbSeconds: number;
  };
  stepFunctions: {
    /** Standard workflows: every state entered, and every retry. */
    standardTransitions: number;
    /** Express workflows (a Distributed Map's children): one request per execution. */
    expressRequests: number;
    /** Express duration, each execution rounded up to 100 ms. */
    expressBilledMs: number;
    /** Express GB-seconds at 64 MB (units.ts EXPRESS_MEMORY_MB). */
    expressGbSeconds: number;
  };
  dynamodb: {
    requests: number;
    readRequestUnits: number;
    writeRequestUnits: number;
  };
  apiGateway: { requests: number };
  /**
   * Bytes of log lines written, each with its line end (CloudWatch Logs ingestion): handler output and the runtime's
   * START, END, REPORT and Invoke Error lines.
   */
  logs: { bytes: number };
}

export function emptyUsage(): Usage {
  return {
    s3: { putCopyPostList: 0, getSelectOther: 0, free: 0, bytesIn: 0, bytesOut: 0, bytesStored: 0 },
    lambda: { requests: 0, coldStarts: 0, billedMs: 0, gbSeconds: 0, modelledGbSeconds: 0 },
    stepFunctions: { standardTransitions: 0, expressRequests: 0, expressBilledMs: 0, expressGbSeconds: 0 },
    dynamodb: { requests: 0, readRequestUnits: 0, writeRequestUnits: 0 },
    apiGateway: { requests: 0 },
    logs: { bytes: 0 },
  };
}

/** Adds `from` into `into`, field by field. */
export function addUsage(into: Usage, from: Usage): Usage {
  for (const service of Object.keys(into) as (keyof Usage)[]) {
    const target = into[service] as Record<string, number>;
    const source = from[service] as Record<string, number>;
    for (const field of Object.keys(target)) target[field] += source[field];
  }
  return into;
}
