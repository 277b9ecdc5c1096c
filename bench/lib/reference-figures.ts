/**
 * AWS reference figures: published measurements of the hand-built Iris-on-Lambda setup this service replaces
 * (API Gateway + container-image Lambda, and a Standard Step Functions workflow of Python probe Lambdas).
 * The bench report prints them beside the local figures, under the same metric names.
 */

/** CHAIN experiment: probe steps A → B → C in a Standard workflow, Python probes, us-east-1 (raw = event clock times). */
export const REFERENCE_CHAIN = {
  raw: {
    A_start: '16:42:47.330',
    A_end: '16:42:47.457',
    B_start: '16:42:47.480',
    B_end: '16:42:47.628',
    C_start: '16:42:47.655',
    C_exit: '16:42:47.815',
  } as Record<string, string>,
  overheadMs: { AB: 23, BC: 27 } as Record<string, number>,
  totalOverheadMs: 50,
  totalMs: 485,
  overheadPct: 10.3,
};

/** PARALLEL experiment: one Parallel state of 5 probe branches P1–P5, same workflow type, runtime and region. */
export const REFERENCE_PARALLEL = {
  raw: { parallel_start: '16:47:17.512', last_started: '16:47:17.614', parallel_exit: '16:47:17.881' },
  fanOutDelayMs: 102,
  totalMs: 369,
  fanOutPct: 27.6,
};

/** Locust run: 10 users, spawn rate 5, 60 s, one-row `POST /predict` against API Gateway + container Lambda (ms, req/s). */
export const REFERENCE_LOCUST = { requests: 135, errors: 0, mean: 571, min: 328, p50: 340, p95: 1600, p99: 2300, max: 2800, rps: 2.29 };

/** Cold starts seen in the Locust run and in the idle-gap run (one request after 0/6/16/31/61 min, IDLE_GAP_MINUTES). */
export const REFERENCE_COLD_START_NOTE =
  'AWS reference: Locust run — cold ≈ 2.5 s vs warm ≈ 300 ms through API Gateway, Lambda duration 9 ms; ' +
  'idle-gap run — first request ≈ 8 s cold, the same instance reused after gaps of 5–14 min (≈ 1 s), ' +
  'a new cold start (≈ 6 s) after a 30 min gap; 6–8 s cold starts.';
