/**
 * Prints `synthesizeLocalDefinitions()` as JSON on stdout: `node local/cloudformation/print-definitions.ts ['<context json>']`.
 * The local stack runs this in a child process so the CDK synthesis (a few hundred MB of heap for a moment) never
 * inflates the long-running stack's memory.
 */
import { StackConfigError } from '../../infra/config.ts';
import { synthesizeLocalDefinitions } from './definitions.ts';

const context = process.argv[2] ? (JSON.parse(process.argv[2]) as Record<string, string | number | boolean>) : undefined;
try {
  process.stdout.write(JSON.stringify(synthesizeLocalDefinitions({ context })));
} catch (error) {
  // A bad context value is the user's to fix: its message alone, not a stack trace.
  if (!(error instanceof StackConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
