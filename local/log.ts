import type { LogSink } from './types.ts';

/** Prints to the terminal: stack lines plain, Lambda lines as CloudWatch would show them. */
export function consoleSink(): LogSink {
  return {
    info: (line) => process.stdout.write(`${line}\n`),
    lambda: (line) => process.stdout.write(`${line}\n`),
    access: (line) => process.stdout.write(`[api] ${line}\n`),
  };
}

export function silentSink(): LogSink {
  const ignore = (): void => undefined;
  return { info: ignore, lambda: ignore, access: ignore };
}
