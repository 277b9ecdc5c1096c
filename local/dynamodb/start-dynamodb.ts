import { createRequire } from 'node:module';
import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { createTables } from './create-tables.ts';
import { guardDynalite } from './guard-dynalite.ts';
import { installAwsCapacityRules } from './aws-capacity.ts';
import type { DynamoDBService, DynamoDBServiceOptions } from './types.ts';
import { listenLocal } from '../http/listen.ts';
import { LOCAL_REGION } from '../local-names.ts';

export const DEFAULT_DYNAMODB_DATA_DIR = '.data/dynamodb';

interface DynaliteOptions {
  path: string;
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;

/** dynalite's close waits for open connections (keep-alive clients) and then closes LevelDB. */
function closeServer(server: Server): Promise<void> {
  return new Promise((done, fail) => {
    server.close((error?: Error) => (error ? fail(error) : done()));
    server.closeAllConnections();
  });
}

/**
 * Starts dynalite on disk (tables and items kept across restarts) and creates the missing tables. Its own port serves
 * the table setup; the edge calls `listener` in-process (no second hop, no socket pool to exhaust).
 */
export async function startDynamoDB(options: DynamoDBServiceOptions = {}): Promise<DynamoDBService> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? DEFAULT_DYNAMODB_DATA_DIR);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  installAwsCapacityRules();
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const listener = guardDynalite(server, log, options.meter);
  server.keepAliveTimeout = 65_000; // outlive the edge's idle keep-alive sockets (no reuse of a closed socket)
  const port = await listenLocal(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  try {
    const created = await createTables(url, options.tables ?? [], options.region ?? LOCAL_REGION, log);
    return { name: 'dynamodb', url, listener, created, stop: () => closeServer(server) };
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}
