import { readFile, readdir, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { StaticSite } from '../apigateway/index.ts';
import type { ConsoleConfig } from '../../console/lib/console-config.ts';

export interface ConsoleSiteOptions {
  /** The repository: the console's sources are `console/`, the bench reports `bench/results/`. */
  repoRoot: string;
  config: ConsoleConfig;
}

export const CONSOLE_PREFIX = '/_console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
};

/** A bench run folder or a file in it: no separators, no `..`. */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The console's page, bundled script and styles, built once from `console/` with esbuild (offline). esbuild's
 * service is a child process that otherwise lives as long as the stack (28 MB RSS, counted in the stack's peak), so
 * it is stopped once the bundle is built, as the functions' bundling stops it (infra/bundle-functions.ts).
 */
async function buildAssets(repoRoot: string): Promise<Map<string, Buffer>> {
  const { build, stop } = await import('esbuild');
  const result = await build({
    entryPoints: [join(repoRoot, 'console', 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  await stop();
  const script = result.outputFiles[0];
  if (!script) throw new Error('esbuild produced no console bundle');
  return new Map([
    ['/index.html', await readFile(join(repoRoot, 'console', 'index.html'))],
    ['/console.css', await readFile(join(repoRoot, 'console', 'console.css'))],
    ['/app.js', Buffer.from(script.contents)],
  ]);
}

/** The newest `bench/results/<run>/` holding a report.md, and its charts. */
export async function latestBenchRun(resultsDir: string): Promise<{ run: string; charts: string[] } | null> {
  const entries = await readdir(resultsDir, { withFileTypes: true }).catch(() => []);
  const runs: { run: string; mtimeMs: number; files: string[] }[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !SAFE_NAME.test(entry.name)) continue;
    const files = await readdir(join(resultsDir, entry.name));
    if (!files.includes('report.md')) continue;
    runs.push({ run: entry.name, mtimeMs: (await stat(join(resultsDir, entry.name, 'report.md'))).mtimeMs, files });
  }
  const latest = runs.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (!latest) return null;
  return { run: latest.run, charts: latest.files.filter((file) => file.endsWith('.svg') && SAFE_NAME.test(file)).sort() };
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, cache = 'no-store'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

function contentSecurityPolicy(edgeUrl: string): string {
  return `default-src 'self'; connect-src 'self' ${edgeUrl}; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'`;
}

/**
 * The local console (`/_console`): static files only, served beside the API on its loopback port. Everything the
 * page shows it fetches from the API routes and the edge, as any user's client would; this serves no data of its own
 * except the bench reports, which are files in the repository.
 */
export async function consoleSite(options: ConsoleSiteOptions): Promise<StaticSite> {
  const assets = await buildAssets(options.repoRoot);
  const config = JSON.stringify(options.config);
  const resultsDir = join(options.repoRoot, 'bench', 'results');
  const csp = contentSecurityPolicy(options.config.edgeUrl);
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    const path = (req.url ?? '/').split('?', 1)[0]!.slice(CONSOLE_PREFIX.length);
    if (path === '') {
      res.writeHead(308, { location: `${CONSOLE_PREFIX}/`, 'content-length': 0 });
      return void res.end();
    }
    const asset = assets.get(path === '/' ? '/index.html' : path);
    if (asset) {
      if (path === '/' || path === '/index.html') res.setHeader('content-security-policy', csp);
      return send(res, 200, TYPES[path.slice(path.lastIndexOf('.'))] ?? TYPES['.html']!, asset);
    }
    if (path === '/config.json') return send(res, 200, TYPES['.json']!, config);
    if (path === '/bench/latest.json') return send(res, 200, TYPES['.json']!, JSON.stringify(await latestBenchRun(resultsDir)));
    const file = /^\/bench\/([^/]+)\/([^/]+)$/.exec(path);
    if (file && SAFE_NAME.test(file[1]!) && SAFE_NAME.test(file[2]!) && /\.(svg|md)$/.test(file[2]!)) {
      const body = await readFile(join(resultsDir, file[1]!, file[2]!)).catch(() => undefined);
      if (body) return send(res, 200, TYPES[file[2]!.slice(file[2]!.lastIndexOf('.'))]!, body);
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found');
  };
  return {
    prefix: CONSOLE_PREFIX,
    listener: (req, res) => {
      serve(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, 'text/plain', 'console error');
        else res.destroy();
      });
    },
  };
}
