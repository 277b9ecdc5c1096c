import { byId, errorMessage, h } from './lib/dom.ts';

interface LatestRun {
  run: string;
  charts: string[];
}

/** A chart's file name as its caption: `batch-latency-vs-rows.svg` → "batch latency vs rows". */
export function chartTitle(file: string): string {
  return file.replace(/\.svg$/, '').replaceAll('-', ' ');
}

/** The Bench tab: the newest `bench/results/<run>/` report (`npm run bench` writes them) with its charts. */
export async function showBench(): Promise<void> {
  const status = byId('bench-status');
  try {
    const response = await fetch('bench/latest.json');
    const latest = (await response.json()) as LatestRun | null;
    if (!latest) {
      status.textContent = 'No bench report yet: run npm run bench (it writes bench/results/<run>/report.md and its charts).';
      return;
    }
    status.textContent = `Run "${latest.run}" (bench/results/${latest.run}/): ${latest.charts.length} charts.`;
    byId('bench-charts').replaceChildren(
      ...latest.charts.map((chart) =>
        h(
          'figure',
          {},
          h('img', {
            src: `bench/${encodeURIComponent(latest.run)}/${encodeURIComponent(chart)}`,
            alt: `Chart: ${chartTitle(chart)} (details in the report below)`,
          }),
          h('figcaption', {}, chartTitle(chart)),
        ),
      ),
    );
    const report = await fetch(`bench/${encodeURIComponent(latest.run)}/report.md`);
    byId('bench-report').textContent = report.ok ? await report.text() : `report.md: HTTP ${report.status}`;
  } catch (error) {
    status.textContent = `Could not load the bench report: ${errorMessage(error)}`;
  }
}
