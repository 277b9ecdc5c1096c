import { apiFetch } from './lib/api.ts';
import type { ConsoleConfig } from './lib/config.ts';
import { byId, errorMessage, formatDuration, h } from './lib/dom.ts';
import { scanAll } from './lib/dynamo.ts';
import { objectUrl, presignedUrl, signer } from './lib/sign.ts';
import { showTimeline } from './timeline.ts';

/** `GET /jobs/{id}`'s body, the parts the console shows. */
export interface JobView {
  jobId: string;
  status: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SUPERSEDED';
  reason?: string;
  input: { bucket: string; key: string };
  rowsIn: number | null;
  rowsScored: number | null;
  rowsRejected: number | null;
  outputs: { bucket: string; scored: string; errors: string; summary: string };
  model?: { name: string; version: string };
  progress: {
    percent: number | null;
    etaSeconds: number | null;
    chunksDone: number;
    chunksTotal: number | null;
    rowsScored: number;
    rowsRejected: number;
  };
  createdAt: string;
  updatedAt: string;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'SUPERSEDED']);
const SHOWN = 25;
const POLL_MS = 1000;

interface JobRow {
  row: HTMLTableRowElement;
  status: HTMLElement;
  model: HTMLElement;
  rows: HTMLElement;
  progress: HTMLProgressElement;
  percent: HTMLElement;
  duration: HTMLElement;
  outputs: HTMLElement;
  /** The view the outputs cell was drawn for (links are presigned once the job has ended). */
  drawnStatus?: string;
}

type Listener = (jobs: readonly JobView[]) => void;

/** The Jobs tab: the newest jobs from the Jobs table, each job's live view from `GET /jobs/{id}`. */
export class JobsTab {
  readonly #config: ConsoleConfig;
  readonly #views = new Map<string, JobView>();
  readonly #rows = new Map<string, JobRow>();
  readonly #listeners: Listener[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: ConsoleConfig) {
    this.#config = config;
  }

  start(): void {
    void this.#poll();
  }

  /** Called after every refresh with the jobs shown (the Upload tab follows its own job through this). */
  onUpdate(listener: Listener): void {
    this.#listeners.push(listener);
  }

  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), 100);
  }

  async #poll(): Promise<void> {
    const status = byId('jobs-status');
    // Each refresh Scans the Jobs table (the API has no list route): not while nobody looks at the page.
    if (document.hidden) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
      return;
    }
    try {
      const jobs = await this.#refresh();
      status.textContent =
        jobs.length === 0
          ? 'No jobs yet: upload a CSV (Upload tab) to start one.'
          : `${jobs.length} most recent jobs, refreshed every second.`;
      for (const listener of this.#listeners) listener(jobs);
    } catch (error) {
      status.textContent = `Could not load the jobs: ${errorMessage(error)}. Retrying…`;
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
  }

  async #refresh(): Promise<JobView[]> {
    const records = await scanAll(this.#config, {
      TableName: this.#config.tables.jobs,
      // Key-owner records share the table and have no status (cli/lib/list-jobs.ts reads the table the same way).
      FilterExpression: 'attribute_exists(#s)',
      ExpressionAttributeNames: { '#s': 'status' },
      ProjectionExpression: 'jobId, #s, updatedAt, createdAt',
    });
    const newest = records
      .filter((r): r is { jobId: string; status: string; updatedAt: string; createdAt: string } => typeof r.jobId === 'string')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, SHOWN);
    const settled = await Promise.allSettled(
      newest.map(async (record) => {
        const cached = this.#views.get(record.jobId);
        if (cached && TERMINAL.has(cached.status) && cached.updatedAt === record.updatedAt) return cached;
        const view = await fetchJob(this.#config, record.jobId);
        this.#views.set(view.jobId, view);
        return view;
      }),
    );
    // One job's view failing (throttled, gone) keeps its last view, and the others still refresh.
    const views = settled.flatMap((result, i) =>
      result.status === 'fulfilled' ? [result.value] : (this.#views.get(newest[i]!.jobId) ?? []),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed && views.length === 0) throw failed.reason;
    await this.#draw(views);
    return views;
  }

  async #draw(views: JobView[]): Promise<void> {
    const body = byId('jobs-table').querySelector('tbody')!;
    for (const view of views) {
      const row = this.#rows.get(view.jobId) ?? this.#newRow(view);
      await this.#update(row, view);
    }
    // Newest first, moving existing rows (a focused link keeps its focus).
    views.forEach((view, index) => {
      const row = this.#rows.get(view.jobId)!.row;
      if (body.children[index] !== row) body.insertBefore(row, body.children[index] ?? null);
    });
    while (body.children.length > views.length) body.lastElementChild!.remove();
  }

  #newRow(view: JobView): JobRow {
    const timeline = h('button', { type: 'button', 'aria-label': `Timeline of ${view.input.key}` }, 'Timeline');
    timeline.addEventListener('click', () => void showTimeline(this.#config, view.jobId, view.input.key));
    const progress = h('progress', { max: '100', 'aria-label': `Progress of ${view.input.key}` });
    // data-label: the column's name, shown before each cell when a narrow window lays rows out as cards.
    const cells = {
      status: h('td', { 'data-label': 'Status' }),
      model: h('td', { 'data-label': 'Model' }),
      rows: h('td', { class: 'num', 'data-label': 'Rows in / scored / rejected' }),
      percent: h('span'),
      duration: h('td', { class: 'num', 'data-label': 'Duration' }),
      outputs: h('td', { 'data-label': 'Outputs' }),
    };
    const row = h(
      'tr',
      { 'data-job-id': view.jobId, 'data-key': view.input.key },
      h('td', {}, h('span', { class: 'key' }, view.input.key), h('br'), h('small', {}, view.jobId), ' ', timeline),
      cells.status,
      cells.model,
      cells.rows,
      h('td', { 'data-label': 'Progress' }, progress, ' ', cells.percent),
      cells.duration,
      cells.outputs,
    );
    const jobRow: JobRow = { row, progress, ...cells };
    this.#rows.set(view.jobId, jobRow);
    return jobRow;
  }

  async #update(row: JobRow, view: JobView): Promise<void> {
    row.row.dataset.status = view.status;
    row.status.replaceChildren(h('strong', { class: `status-${view.status}` }, view.status));
    if (view.reason) row.status.append(h('span', { class: 'reason' }, `Reason: ${view.reason}`));
    row.model.textContent = view.model ? `${view.model.name} ${view.model.version}` : 'baked-in';
    const count = (n: number | null, fallback: number): string => (n ?? fallback).toLocaleString('en');
    row.rows.textContent = `${count(view.rowsIn, view.progress.rowsScored + view.progress.rowsRejected)} / ${count(view.rowsScored, view.progress.rowsScored)} / ${count(view.rowsRejected, view.progress.rowsRejected)}`;
    const percent = view.progress.percent;
    if (percent === null) row.progress.removeAttribute('value');
    else row.progress.value = percent;
    const eta = view.progress.etaSeconds ? `, about ${view.progress.etaSeconds} s left` : '';
    const chunks = view.progress.chunksTotal === null ? '' : ` (${view.progress.chunksDone}/${view.progress.chunksTotal} chunks)`;
    row.percent.textContent = `${percent === null ? '–' : `${percent}%`}${chunks}${eta}`;
    const end = TERMINAL.has(view.status) ? Date.parse(view.updatedAt) : Date.now();
    row.duration.textContent = formatDuration(end - Date.parse(view.createdAt));
    if (row.drawnStatus !== view.status) {
      row.drawnStatus = view.status;
      row.outputs.replaceChildren(...(await this.#outputLinks(view)));
    }
  }

  async #outputLinks(view: JobView): Promise<(Node | string)[]> {
    if (!TERMINAL.has(view.status)) return [document.createTextNode('when done')];
    if (view.status === 'SUPERSEDED') return [document.createTextNode('replaced by a newer upload')];
    const sig = signer(this.#config, 's3');
    const names = view.status === 'SUCCEEDED' ? (['scored', 'errors', 'summary'] as const) : (['summary'] as const);
    const links: (Node | string)[] = [];
    for (const name of names) {
      const url = await presignedUrl(sig, 'GET', objectUrl(this.#config, view.outputs.bucket, view.outputs[name]));
      links.push(h('a', { href: url, 'data-output': name, 'aria-label': `${name} of ${view.input.key}`, download: '' }, name), ' ');
    }
    return links;
  }
}

export async function fetchJob(config: ConsoleConfig, jobId: string): Promise<JobView> {
  const response = await apiFetch(config, `/jobs/${encodeURIComponent(jobId)}`);
  const body = (await response.json()) as JobView & { error?: { message: string } };
  if (!response.ok) throw new Error(`GET /jobs/${jobId}: ${response.status} ${body.error?.message ?? ''}`);
  return body;
}
