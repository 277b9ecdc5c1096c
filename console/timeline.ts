import type { ConsoleConfig } from './lib/config.ts';
import { byId, errorMessage, formatDuration, h } from './lib/dom.ts';
import { queryAll } from './lib/dynamo.ts';

/** One step's timing record from the Probes table (functions/lib/probes/types.ts). */
interface Probe {
  step: string;
  chunk?: number;
  startMs: number;
  endMs: number;
  coldStart?: boolean;
  rows?: number;
  error?: string;
}

/** A job's timeline from its probe records (ingest, plan, each chunk, finalize): one bar per step on a shared axis. */
export async function showTimeline(config: ConsoleConfig, jobId: string, key: string): Promise<void> {
  const section = byId('timeline');
  const list = byId('timeline-steps');
  section.hidden = false;
  byId('timeline-title').textContent = `Timeline of ${key}`;
  list.replaceChildren(h('li', {}, 'Loading…'));
  try {
    const probes = (await queryAll(config, {
      TableName: config.tables.probes,
      KeyConditionExpression: 'runId = :r',
      ExpressionAttributeValues: { ':r': { S: jobId } },
    })) as unknown as Probe[];
    list.replaceChildren(...timelineItems(probes));
  } catch (error) {
    list.replaceChildren(h('li', {}, `Could not read the probe records: ${errorMessage(error)}`));
  }
  section.scrollIntoView({ block: 'nearest' });
}

export function timelineItems(probes: Probe[]): HTMLLIElement[] {
  if (probes.length === 0) return [h('li', {}, 'No probe records for this job (yet).')];
  const sorted = [...probes].sort((a, b) => a.startMs - b.startMs);
  const start = sorted[0]!.startMs;
  const span = Math.max(1, Math.max(...sorted.map((p) => p.endMs)) - start);
  return sorted.map((probe) => {
    const name = `${probe.step}${probe.chunk === undefined ? '' : ` ${probe.chunk}`}`;
    const left = ((probe.startMs - start) / span) * 100;
    const width = ((probe.endMs - probe.startMs) / span) * 100;
    const notes = [
      probe.coldStart ? 'cold' : '',
      probe.rows === undefined ? '' : `${probe.rows} rows`,
      probe.error ? `error: ${probe.error}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    // Through the CSSOM: the page's Content-Security-Policy allows no inline style attributes.
    const bar = h('span', { class: 'span' });
    bar.style.left = `${left.toFixed(2)}%`;
    bar.style.width = `${width.toFixed(2)}%`;
    return h(
      'li',
      { 'data-step': probe.step },
      h('span', {}, name),
      h('span', { class: 'track', 'aria-hidden': 'true' }, bar),
      h(
        'span',
        {},
        `+${formatDuration(probe.startMs - start)}, ${formatDuration(probe.endMs - probe.startMs)}${notes ? ` (${notes})` : ''}`,
      ),
    );
  });
}
