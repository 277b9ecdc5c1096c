/**
 * CDK context for the local stack, as `cdk synth`/`cdk deploy` assemble it: cdk.json's "context", overridden by each
 * `-c key=value` (`--context key=value`) on the command line. Values from the command line are strings, as with cdk;
 * the stack's config reader (infra/config.ts) accepts both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ContextValues = Record<string, string | number | boolean>;

export class ContextArgumentError extends Error {
  override name = 'ContextArgumentError';
}

/** cdk.json's "context" object (empty when the file or the key is absent). */
export function readCdkJsonContext(repoRoot: string): ContextValues {
  const file = join(repoRoot, 'cdk.json');
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { context?: ContextValues };
  return { ...parsed.context };
}

/** `-c key=value` pairs → context values; the value may contain `=`, the key may not be empty. */
export function parseContextPairs(pairs: readonly string[]): ContextValues {
  const context: ContextValues = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ContextArgumentError(`-c/--context takes key=value (as cdk deploy -c), got "${pair}"`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}

/**
 * The context the local stack synthesizes with, in cdk's precedence — the command line's (`-c`) over cdk.json's —
 * over local defaults that only apply where neither sets the key (e.g. a Map concurrency fitting this machine).
 */
export function mergeContext(commandLine: ContextValues, cdkJson: ContextValues, localDefaults: ContextValues): ContextValues {
  return { ...localDefaults, ...cdkJson, ...commandLine };
}
