import { createRequire } from 'node:module';
import { type DynamoAttributeValue, dynamoItemBytes, dynamoReadUnits, dynamoWriteUnits } from '../meter/units.ts';

type Item = Record<string, DynamoAttributeValue>;

interface CapacityRequest {
  TableName?: string;
  ReturnConsumedCapacity?: string;
  ConsistentRead?: boolean;
}

/** The parts of dynalite's `db` module its item actions call through the module (so a replacement takes effect). */
interface DynaliteDb {
  addConsumedCapacity(data: CapacityRequest, isRead: boolean, newItem?: Item, oldItem?: Item): unknown;
  checkConditional(data: CapacityRequest, existingItem?: Item): { body?: Record<string, unknown> } | null | undefined;
}

const require = createRequire(import.meta.url);
const INSTALLED = Symbol.for('local.dynamodb.awsCapacity');

function asked(data: CapacityRequest): boolean {
  return data.ReturnConsumedCapacity === 'TOTAL' || data.ReturnConsumedCapacity === 'INDEXES';
}

function consumed(data: CapacityRequest, units: number) {
  return {
    CapacityUnits: units,
    TableName: data.TableName,
    ...(data.ReturnConsumedCapacity === 'INDEXES' ? { Table: { CapacityUnits: units } } : {}),
  };
}

/**
 * Makes dynalite's single-item capacity follow AWS's rules where it does not
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html):
 *
 * - Item sizes count strings and attribute names in UTF-8 bytes (units.ts dynamoItemBytes); dynalite counts them
 *   in UTF-16 code units (`'é'` is 2 bytes to DynamoDB, 1 to dynalite), under-billing any non-ASCII text.
 * - A conditional write whose condition fails still consumes write units for the existing item's size, 1 at least
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate);
 *   dynalite reports nothing. The units ride on the error's body for the meter (capacity-meter.ts), which removes
 *   them before the answer leaves, as DynamoDB's error carries none.
 *
 * GetItem, PutItem, UpdateItem and DeleteItem (and BatchGetItem and BatchWriteItem, which run them per item) call
 * both through dynalite's `db` module, under the item's lock, with the item before and after: replacing the two
 * functions keeps dynalite's mechanics (which item, which size counts: the larger of before and after for a write)
 * and changes only the size and the failure rule. Query and Scan sum sizes inside dynalite (its own `itemSize`),
 * so their strings still count in UTF-16 units: exact for ASCII text. Installed once per process.
 */
export function installAwsCapacityRules(): void {
  const db = require('dynalite/db') as DynaliteDb & { [INSTALLED]?: true };
  if (db[INSTALLED]) return;
  db[INSTALLED] = true;
  const checkConditional = db.checkConditional.bind(db);
  db.addConsumedCapacity = (data, isRead, newItem, oldItem) => {
    if (!asked(data)) return undefined;
    const bytes = (item?: Item) => (item ? dynamoItemBytes(item) : 0);
    if (isRead) return consumed(data, dynamoReadUnits(bytes(newItem), data.ConsistentRead === true));
    return consumed(data, Math.max(dynamoWriteUnits(bytes(newItem)), oldItem ? dynamoWriteUnits(bytes(oldItem)) : 0));
  };
  db.checkConditional = (data, existingItem) => {
    const failed = checkConditional(data, existingItem);
    if (failed && asked(data)) {
      failed.body = {
        ...failed.body,
        ConsumedCapacity: consumed(data, dynamoWriteUnits(existingItem ? dynamoItemBytes(existingItem) : 0)),
      };
    }
    return failed;
  };
}
