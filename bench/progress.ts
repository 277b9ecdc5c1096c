/** The progress line on stderr: one line rewritten with \r on a terminal, plain lines (only on change) otherwise. */
import type { ProgressSink } from './types.ts';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function progressLine(stream: ProgressStream = process.stderr, clock: () => number = Date.now): ProgressSink {
  const started = clock();
  let last = '';
  let lastLength = 0;
  let shown = false;
  return {
    update(text) {
      const line = `[bench ${((clock() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`;
      if (stream.isTTY) {
        const width = Math.max(20, (stream.columns ?? 100) - 1);
        const shownLine = line.slice(0, width);
        stream.write(`\r${shownLine.padEnd(Math.min(width, lastLength))}`);
        lastLength = shownLine.length;
        shown = true;
      } else if (text !== last) {
        stream.write(`${line}\n`);
      }
      last = text;
    },
    done() {
      if (stream.isTTY && shown) stream.write('\n');
      shown = false;
    },
  };
}
