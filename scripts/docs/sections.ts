/**
 * The parts of docs/architecture.md that are facts of the code, rendered from the code itself. Each lives between
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`; `npm run docs` rewrites them, and a unit test fails
 * when the file and the code disagree.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SETTINGS } from '../../functions/lib/config.ts';
import { table } from '../../bench/lib/markdown.ts';
import { API_ROUTES } from '../../functions/lib/router/api-routes.ts';
import { STATE_MACHINE_SUFFIX } from '../../infra/names.ts';
import * as local from '../../local/local-names.ts';
import { FOLDERS } from './folders.ts';

const REPO = join(import.meta.dirname, '..', '..');

export type Sections = Record<string, string>;

export function renderSections(): Sections {
  return { settings: settingsTable(), layout: layoutTable(), routes: routesTable(), 'local-names': localNames() };
}

function settingsTable(): string {
  const rows = Object.values(SETTINGS).map((s) => [`\`${s.env}\``, s.defaultText, s.meaning]);
  rows.push(['`POWERTOOLS_LOG_LEVEL`', '`INFO`', "log level (read by Powertools' logger itself)"]);
  return table(['env', 'default', 'meaning'], rows);
}

function routesTable(): string {
  const rows = API_ROUTES.map((r) => [
    `\`${r.method} ${r.resource}\``,
    `\`${r.handler}\``,
    r.startsExecution ? 'own, lower throttle: starts a workflow execution' : '',
  ]);
  return table(['route', 'handler', 'note'], rows);
}

function localNames(): string {
  const machines = Object.values(STATE_MACHINE_SUFFIX);
  return [
    `- region \`${local.LOCAL_REGION}\`, account \`${local.LOCAL_ACCOUNT}\``,
    `- functions: \`${local.LOCAL_FUNCTION_ARN}\` (S3 events, workflow tasks, event rules), \`${local.LOCAL_API_FUNCTION_ARN}\` (the API)`,
    `- state machines (the stack's names minus the \`<stack>-\` prefix): ${machines.map((m) => `\`${local.stateMachineArn(m)}\``).join(', ')}`,
    `- buckets ${Object.values(local.LOCAL_BUCKETS)
      .map((b) => `\`${b}\``)
      .join(', ')}; tables ${Object.values(local.LOCAL_TABLES)
      .map((t) => `\`${t}\``)
      .join(', ')}`,
  ].join('\n');
}

function layoutTable(): string {
  return table(
    ['folder', 'what'],
    Object.entries(FOLDERS).map(([folder, what]) => [`\`${folder}/\``, what]),
  );
}

/** Folders the layout table must describe: those git tracks, at the top level and one level into the source folders. */
export function trackedFolders(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter(Boolean);
  const parents = new Set(['functions', 'functions/lib', 'infra', 'local', 'bench', 'cli', 'test', 'model', 'docs', 'console']);
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    if (parts.length > 0 && !parts[0].startsWith('.')) folders.add(parts[0]);
    for (let depth = 2; depth <= parts.length; depth++) {
      if (parents.has(parts.slice(0, depth - 1).join('/'))) folders.add(parts.slice(0, depth).join('/'));
    }
  }
  return [...folders].sort();
}

/** Replaces each generated section's body; a marker pair missing from the file is an error, not a silent skip. */
export function applySections(markdown: string, sections: Sections): string {
  let result = markdown;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(result)) throw new Error(`docs/architecture.md has no <!-- generated:${name} --> section`);
    result = result.replace(pattern, (_match, open: string, close: string) => `${open}${body}\n${close}`);
  }
  return result;
}
