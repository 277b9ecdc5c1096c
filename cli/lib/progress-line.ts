import type { JobView } from '../../functions/lib/jobs/job-view.ts';

const BAR_WIDTH = 24;

/** `[#########...............]`: `fraction` (0–1) of the bar filled. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** `upload [######..........] 37.5%  3.0 of 8.0 MB`. */
export function uploadLine(loaded: number, total: number | undefined): string {
  if (!total) return `upload ${size(loaded)}`;
  return `upload ${bar(loaded / total)} ${((loaded / total) * 100).toFixed(1)}%  ${size(loaded)} of ${size(total)}`;
}

/** `3.0 MB`, or `12.4 kB` under a megabyte. */
function size(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `RUNNING [######..........] 25%  1/4 chunks  90 scored  3 rejected  eta 30 s`. */
export function jobLine(view: JobView): string {
  const p = view.progress;
  const parts: string[] = [view.status];
  if (p.percent !== null) parts.push(`${bar(p.percent / 100)} ${p.percent}%`);
  parts.push(`${p.chunksDone}/${p.chunksTotal ?? '?'} chunks`, `${p.rowsScored} scored`, `${p.rowsRejected} rejected`);
  if (p.etaSeconds !== null && view.status === 'RUNNING') parts.push(`eta ${p.etaSeconds} s`);
  // An ended job's estimated cost (a deployment older than `billing` answers none).
  if (view.billing !== undefined && view.status !== 'RUNNING' && view.status !== 'PENDING')
    parts.push(`~$${usd(view.billing.estimatedUsd)} est.`);
  return parts.join('  ');
}

/**
 * One line redrawn in place on a terminal; elsewhere (a log, a pipe) a line is written only when `key` changes, so
 * a followed job writes one line per chunk, not one per poll.
 */
export class LiveLine {
  readonly #out: NodeJS.WritableStream & { isTTY?: boolean };
  #lastKey: string | undefined;
  #drawn = false;

  constructor(out: NodeJS.WritableStream & { isTTY?: boolean }) {
    this.#out = out;
  }

  update(text: string, key: string = text): void {
    if (this.#out.isTTY) {
      this.#out.write(`\r\u001b[2K${text}`);
      this.#drawn = true;
    } else if (key !== this.#lastKey) {
      this.#out.write(`${text}\n`);
    }
    this.#lastKey = key;
  }

  /** Ends the line drawn in place, so what follows starts on its own line. */
  done(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
    this.#lastKey = undefined;
  }
}

/** Dollars to the cent, or below a cent to 3 significant digits without an exponent ($0.000207). */
export function usd(amount: number): string {
  if (amount === 0 || amount >= 0.01) return amount.toFixed(2);
  return amount.toFixed(Math.min(20, 2 - Math.floor(Math.log10(amount))));
}
