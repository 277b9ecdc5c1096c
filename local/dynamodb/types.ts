import type { Meter } from '../meter/Meter.ts';
import type { RequestListener } from '../http/types.ts';
import type { LocalService } from '../types.ts';

/** A table as the CDK stack defines it (`cloudformation/definitions.ts` `LocalTable` has this shape). */
export interface TableDefinition {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

export interface DynamoDBServiceOptions {
  /** LevelDB folder; default `<cwd>/.data/dynamodb`. Kept across restarts. */
  dataDir?: string;
  /** Wipe `dataDir` before start. */
  fresh?: boolean;
  /** Created at start when missing (existing tables are kept as they are). */
  tables?: TableDefinition[];
  /** 0 = ephemeral (default). Always bound to 127.0.0.1. */
  port?: number;
  region?: string;
  log?: (line: string) => void;
  /** The stack's billing meter (read and write request units per request). */
  meter?: Meter;
}

export interface DynamoDBService extends LocalService {
  url: string;
  /** dynalite's request handler behind its guard (see guardDynalite), for the edge to call in-process. */
  listener: RequestListener;
  /** Names of the tables created by this start (the others already existed). */
  created: string[];
  stop(): Promise<void>;
}
