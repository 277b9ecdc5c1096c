/**
 * Prints `synthesizeLocalDefinitions()` as JSON on stdout: `node infra/bin/local-definitions.ts ['<context json>']`.
 * The local stack runs this in a child process so the CDK synthesis (a few hundred MB of heap for a moment) never
 * inflates the long-running stack's memory.
 */
import { synthesizeLocalDefinitions } from '../definitions.ts';

const context = process.argv[2] ? (JSON.parse(process.argv[2]) as Record<string, string | number | boolean>) : undefined;
process.stdout.write(JSON.stringify(synthesizeLocalDefinitions({ context })));
