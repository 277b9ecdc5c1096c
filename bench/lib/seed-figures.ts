/** The AWS figures the seeds publish, shown beside the local ones (shared/seeds, README). */

/** Seed 002 Part 2, CHAIN table (Standard workflow, Python probes, us-east-1). */
export const SEED_CHAIN = {
  raw: { A_start: '16:42:47.330', A_end: '16:42:47.457', B_start: '16:42:47.480', B_end: '16:42:47.628', C_start: '16:42:47.655', C_exit: '16:42:47.815' } as Record<string, string>,
  overheadMs: { AB: 23, BC: 27 } as Record<string, number>,
  totalOverheadMs: 50,
  totalMs: 485,
  overheadPct: 10.3,
};

/** Seed 002 Part 2, PARALLEL table (5 branches). */
export const SEED_PARALLEL = {
  raw: { parallel_start: '16:47:17.512', last_started: '16:47:17.614', parallel_exit: '16:47:17.881' },
  fanOutDelayMs: 102,
  totalMs: 369,
  fanOutPct: 27.6,
};

/** Seed 000's Locust run (10 users, spawn rate 5, 60 s) against API Gateway + container Lambda. */
export const SEED_LOCUST = { requests: 135, errors: 0, mean: 571, min: 328, p50: 340, p95: 1600, p99: 2300, max: 2800, rps: 2.29 };

export const SEED_COLD_START_NOTE =
  'Seeds (AWS): 000 — cold ≈ 2.5 s vs warm ≈ 300 ms through API Gateway, Lambda duration 9 ms; ' +
  '001 — first request ≈ 8 s cold, the same instance reused after gaps of 5–14 min (≈ 1 s), a new cold start (≈ 6 s) after a 30 min gap; 6–8 s cold starts.';
