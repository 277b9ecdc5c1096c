/**
 * Issue 4's memory goal, measured: one large CSV (default 1 GB) through the whole local stack while sampling the
 * resident memory of the stack's process tree (the stack process + every Lambda instance) every 100 ms.
 *   node bench/large-file.ts [--gb 1] [--instances 2]
 * Prints PUT→summary time, rows/s, chunks, and the peak RSS of the tree and of its parts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Upload } from '@aws-sdk/lib-storage';
import { csvByteLength, csvStream, CSV_ROWS } from './csv-generator.ts';
import { startTestStack } from '../test/helpers/local-stack.ts';

const PAGE_KB = 4;

/** RSS in MB of a process and of its descendants, from /proc (Linux). */
function treeRss(root: number): { total: number; parent: number; children: number } {
  const parentOf = new Map<number, number>();
  const rssOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      rssOf.set(Number(entry), (Number(fields[21]) * PAGE_KB) / 1024);
    } catch { /* the process ended while we looked */ }
  }
  const inTree = (pid: number): boolean => pid === root || (parentOf.has(pid) && pid !== 1 && inTree(parentOf.get(pid)!));
  let children = 0;
  for (const pid of rssOf.keys()) if (pid !== root && inTree(pid)) children += rssOf.get(pid)!;
  const parent = rssOf.get(root) ?? 0;
  return { total: parent + children, parent, children };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { gb: { type: 'string', default: '1' }, instances: { type: 'string', default: '2' } } });
  const targetBytes = Number(values.gb) * 1e9;
  const rowBytes = CSV_ROWS.reduce((s, r) => s + r.length, 0) / CSV_ROWS.length;
  const rows = Math.round(targetBytes / rowBytes);
  const t = await startTestStack({ concurrency: Number(values.instances) });
  const peak = { total: 0, parent: 0, children: 0 };
  const sampler = setInterval(() => {
    const now = treeRss(process.pid);
    peak.total = Math.max(peak.total, now.total);
    peak.parent = Math.max(peak.parent, now.parent);
    peak.children = Math.max(peak.children, now.children);
  }, 100);
  try {
    const bytes = csvByteLength(rows);
    console.log(`uploading ${rows.toLocaleString()} rows, ${(bytes / 1e9).toFixed(2)} GB (streamed, multipart)...`);
    await new Upload({ client: t.s3, params: { Bucket: 'input', Key: 'large/big.csv', Body: csvStream(rows) }, partSize: 16 * 1024 * 1024, queueSize: 2 }).done();
    const put = Date.now();
    const summary = await t.waitForSummary('large/big.csv', 60 * 60 * 1000);
    const ms = Date.now() - put;
    console.log(`${summary.status}: ${summary.rowsIn.toLocaleString()} rows in, ${summary.rowsScored.toLocaleString()} scored, ${summary.chunks} chunks`);
    console.log(`PUT→summary ${(ms / 1000).toFixed(1)} s, ${Math.round(rows / (ms / 1000)).toLocaleString()} rows/s`);
    console.log(`peak RSS: whole stack ${peak.total.toFixed(0)} MB (stack process ${peak.parent.toFixed(0)} MB, Lambda instances ${peak.children.toFixed(0)} MB at most together), ${values.instances} instances`);
  } finally {
    clearInterval(sampler);
    await t.stop();
  }
}

await main();
