/**
 * Load generator (generalised from bench/sync-local.ts): closed-loop clients with an optional ramp (the AWS
 * reference cold-start run ramped 3 → 18 users), and single requests after idle gaps (IDLE_GAP_MINUTES).
 * The transport is a `Send` function, so the same loops drive the local API, a deployed API or a fake in tests.
 */
import { Agent, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Sample } from './types.ts';

/** One request; resolves true when it succeeded. Must not reject (a transport error is a failed request). */
export type Send = () => Promise<boolean>;

export interface Clock {
  /** Epoch ms with sub-ms precision. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The AWS reference idle-gap scenario: one request at these minutes after the first, to find when Lambda reclaims an instance. */
export const IDLE_GAP_MINUTES = [0, 6, 16, 31, 61];

export interface LoadPlan {
  /** Clients, each sending its next request as soon as the previous one answers. */
  concurrency: number;
  /** Stop starting requests after this long. */
  durationMs: number;
  /** Stop after this many requests in total (default unlimited). */
  maxRequests?: number;
  /** Clients join evenly over this time (client i starts at i·rampMs/concurrency). Default 0: all at once. */
  rampMs?: number;
}

export async function timed(send: Send, clock: Clock): Promise<Sample> {
  const startMs = clock.now();
  let ok = false;
  try {
    ok = await send();
  } catch {
    ok = false; // a Send that breaks its contract still yields a failed sample, not a crashed run
  }
  return { startMs, ms: clock.now() - startMs, ok };
}

/** Closed-loop load: samples in completion order, and the wall-clock seconds from start to the last answer. */
export async function closedLoop(send: Send, plan: LoadPlan, clock: Clock = realClock): Promise<{ samples: Sample[]; elapsedS: number }> {
  const samples: Sample[] = [];
  const started = clock.now();
  const until = started + plan.durationMs;
  const max = plan.maxRequests ?? Infinity;
  let issued = 0;
  const client = async (i: number) => {
    const delay = ((plan.rampMs ?? 0) * i) / plan.concurrency;
    if (delay > 0) await clock.sleep(delay);
    while (clock.now() < until && issued < max) {
      issued++;
      samples.push(await timed(send, clock));
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, (_, i) => client(i)));
  return { samples, elapsedS: (clock.now() - started) / 1000 };
}

/** One request at each offset (minutes after the first), default the reference's IDLE_GAP_MINUTES. */
export async function afterIdleGaps(
  send: Send,
  minutes: readonly number[] = IDLE_GAP_MINUTES,
  clock: Clock = realClock,
): Promise<Array<Sample & { idleMinutes: number }>> {
  const origin = clock.now();
  const out: Array<Sample & { idleMinutes: number }> = [];
  for (const [i, at] of minutes.entries()) {
    const wait = origin + at * 60_000 - clock.now();
    if (wait > 0) await clock.sleep(wait);
    out.push({ ...(await timed(send, clock)), idleMinutes: i === 0 ? 0 : at - minutes[i - 1] });
  }
  return out;
}

/**
 * A `Send` that POSTs `body` as JSON to `url` over keep-alive sockets (one per client); ok = 2xx.
 * Call `close()` when done so the sockets do not keep the process alive.
 */
export function httpPostSender(url: string | URL, body: string | Buffer, maxSockets: number): { send: Send; close: () => void } {
  const target = new URL(url);
  const payload = Buffer.from(body);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send: Send = () =>
    new Promise((resolve) => {
      const headers = { 'content-type': 'application/json', 'content-length': payload.length };
      const callback = (res: import('node:http').IncomingMessage) => {
        res.resume();
        res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
      };
      // https targets (a deployed API) use the default https agent; the local adapter is plain http
      const req =
        target.protocol === 'https:'
          ? httpsRequest(target, { method: 'POST', headers }, callback)
          : request(target, { method: 'POST', agent, headers }, callback);
      req.on('error', () => resolve(false));
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}
