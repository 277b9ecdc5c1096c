/**
 * The API adapter's memory under a flood of large bodies: `--clients` concurrent POST /predict of `--mb` MB each
 * (default 120 × 9.9 MB: under API Gateway's 10 MB quota, over Lambda's 6 MB invoke payload) against a stack in its
 * own process (bench/lib/spawn-stack.ts), sampling the RSS of the stack's process tree every 50 ms.
 *   node bench/api-body-flood.ts [--clients 120] [--mb 9.9] [--idle 30] [--chunked]
 * Prints the answers' statuses, the tree's RSS before, at its peak during the flood and after `--idle` seconds.
 */
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnStack, stackTreeRssMb } from './lib/spawn-stack.ts';

const { values } = parseArgs({
  options: { clients: { type: 'string' }, mb: { type: 'string' }, idle: { type: 'string' }, chunked: { type: 'boolean' } },
});
const clients = Number(values.clients ?? 120);
const bodyBytes = Math.round(Number(values.mb ?? 9.9) * 1024 * 1024);
const idleSeconds = Number(values.idle ?? 30);
/** Without a Content-Length the adapter must read a body up to the limit before it can refuse it (the worst case). */
const chunked = values.chunked ?? false;

/** One POST (with a declared Content-Length unless `chunked`); resolves with the status (0: no answer before the connection closed). */
function post(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const length = chunked ? {} : { 'content-length': body.length };
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...length } });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => undefined);
    req.on('close', () => setTimeout(() => resolve(0), 1_000).unref());
    if (!chunked) req.end(body);
    else {
      for (let sent = 0; sent < body.length; sent += 65_536) req.write(body.subarray(sent, sent + 65_536));
      req.end();
    }
  });
}

const stack = await spawnStack({ instances: 2 });
try {
  const body = Buffer.alloc(bodyBytes, 'x');
  await post(`${stack.apiUrl}/predict`, Buffer.from('{"values":[[5.1,3.5,1.4,0.2]]}')); // a warm instance, as in use
  const before = stackTreeRssMb(stack.pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, stackTreeRssMb(stack.pid));
  }, 50);
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: clients }, () => post(`${stack.apiUrl}/predict`, body)));
  const tookMs = performance.now() - started;
  await sleep(idleSeconds * 1000);
  clearInterval(sampler);
  const after = stackTreeRssMb(stack.pid);
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  console.log(
    `${clients} × ${(bodyBytes / 1024 / 1024).toFixed(1)} MB POST /predict (${chunked ? 'chunked' : 'Content-Length'}) answered in ${(tookMs / 1000).toFixed(1)} s: ${[...counts].map(([s, n]) => `${n}× ${s}`).join(', ')}`,
  );
  console.log(
    `stack tree RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${idleSeconds} s idle ${after.toFixed(0)} MB`,
  );
} finally {
  await stack.stop();
}
