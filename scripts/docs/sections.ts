/**
 * The parts of docs/architecture.md that are facts of the code, rendered from the code itself. Each lives between
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`; `npm run docs` rewrites them, and a unit test fails
 * when the file and the code disagree.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SETTINGS } from '../../functions/lib/config.ts';
import { FOLDERS } from './folders.ts';

const REPO = join(import.meta.dirname, '..', '..');

export type Sections = Record<string, string>;

export function renderSections(): Sections {
  return { settings: settingsTable(), layout: layoutTable() };
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function settingsTable(): string {
  const rows = Object.values(SETTINGS).map((s) => [`\`${s.env}\``, s.defaultText, s.meaning]);
  rows.push(['`POWERTOOLS_LOG_LEVEL`', '`INFO`', 'log level (read by Powertools\' logger itself)']);
  return table(['env', 'default', 'meaning'], rows);
}

function layoutTable(): string {
  return table(['folder', 'what'], Object.entries(FOLDERS).map(([folder, what]) => [`\`${folder}/\``, what]));
}

/** Folders the layout table must describe: the top level and the second level of the source folders. */
export function foldersOnDisk(): string[] {
  const top = subfolders('.').filter((f) => !f.startsWith('.') && !['node_modules', 'cdk.out'].includes(f));
  const nested = ['functions', 'functions/lib', 'infra', 'local', 'bench', 'test', 'model', 'docs'].flatMap((parent) =>
    subfolders(parent).map((child) => `${parent}/${child}`));
  return [...top, ...nested].filter((f) => !f.startsWith('bench/results')).sort();
}

function subfolders(relative: string): string[] {
  const path = join(REPO, relative);
  return readdirSync(path).filter((name) => statSync(join(path, name)).isDirectory());
}

/** Replaces each generated section's body; a marker pair missing from the file is an error, not a silent skip. */
export function applySections(markdown: string, sections: Sections): string {
  let result = markdown;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(\\n<!-- /generated:${name} -->)`);
    if (!pattern.test(result)) throw new Error(`docs/architecture.md has no <!-- generated:${name} --> section`);
    result = result.replace(pattern, (_match, open: string, close: string) => `${open}${body}${close}`);
  }
  return result;
}
