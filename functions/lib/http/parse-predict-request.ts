import { featureArray, type FeatureType } from '../model/feature-values.ts';
import { RequestError } from './errors.ts';
import type { FeatureMatrix, RequestLimits } from './types.ts';

/** Largest finite float32; bigger numbers would silently become Infinity in the tensor. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The body text → JSON, refusing oversize bodies before parsing them. */
export function parseJsonBody(body: string | null, limits: RequestLimits): unknown {
  if (body === null || body.trim() === '') {
    throw new RequestError(400, 'MISSING_BODY', 'the request has no body; send {"values": [[...], ...]}');
  }
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > limits.maxBodyBytes) {
    throw new RequestError(
      413,
      'PAYLOAD_TOO_LARGE',
      `the body is ${bytes} bytes; the limit is ${limits.maxBodyBytes} bytes (use the batch bucket for large inputs)`,
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new RequestError(400, 'INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Validates `{"values": [[...]]}` or `{"instances": [{name: number}]}` against the model's features and packs the
 * rows into one array in the precision of the model's input (`inputType`: a float64 input gets the JSON numbers as
 * they are). Every message names the row and the field so a client can fix its request.
 */
export function toFeatureMatrix(
  payload: unknown,
  featureNames: readonly string[],
  limits: RequestLimits,
  inputType: FeatureType = 'float32',
): FeatureMatrix {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new RequestError(400, 'INVALID_REQUEST', 'the body must be a JSON object like {"values": [[...], ...]}');
  }
  const body = payload as Record<string, unknown>;
  if (body.values !== undefined) return fromValues(body.values, featureNames, limits, inputType);
  if (body.instances !== undefined) return fromInstances(body.instances, featureNames, limits, inputType);
  throw new RequestError(
    400,
    'MISSING_VALUES',
    `the body needs "values" (a list of rows of ${featureNames.length} numbers) or "instances"`,
  );
}

function checkRows(list: unknown, field: string, limits: RequestLimits): unknown[] {
  if (!Array.isArray(list)) throw new RequestError(400, 'INVALID_VALUES', `"${field}" must be a list of rows`);
  if (list.length === 0) throw new RequestError(400, 'EMPTY_VALUES', `"${field}" is empty; send at least one row`);
  if (list.length > limits.maxRows) {
    throw new RequestError(
      413,
      'TOO_MANY_ROWS',
      `"${field}" has ${list.length} rows; the limit is ${limits.maxRows} per request (use the batch bucket for more)`,
    );
  }
  return list;
}

function fromValues(values: unknown, featureNames: readonly string[], limits: RequestLimits, inputType: FeatureType): FeatureMatrix {
  const rows = checkRows(values, 'values', limits);
  const width = featureNames.length;
  const features = featureArray(inputType, rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row)) throw new RequestError(400, 'INVALID_VALUES', `values[${r}] must be a list of ${width} numbers`);
    if (row.some(Array.isArray)) {
      throw new RequestError(
        400,
        'NESTED_VALUES',
        `values[${r}] is nested: it holds a list where a number belongs; each row is a flat list of ${width} numbers, e.g. {"values": [[${Array(width).fill('1.0').join(', ')}]]}`,
      );
    }
    if (row.length !== width) {
      throw new RequestError(
        400,
        'WRONG_ROW_WIDTH',
        `values[${r}] has ${row.length} ${row.length === 1 ? 'number' : 'numbers'}; the model expects ${width} (${featureNames.join(', ')})`,
      );
    }
    row.forEach((cell, c) => {
      features[r * width + c] = checkNumber(cell, `values[${r}][${c}] (${featureNames[c]})`, inputType);
    });
  });
  return { rows: rows.length, features };
}

function fromInstances(instances: unknown, featureNames: readonly string[], limits: RequestLimits, inputType: FeatureType): FeatureMatrix {
  const rows = checkRows(instances, 'instances', limits);
  const width = featureNames.length;
  const features = featureArray(inputType, rows.length * width);
  rows.forEach((instance, r) => {
    if (typeof instance !== 'object' || instance === null || Array.isArray(instance)) {
      throw new RequestError(400, 'INVALID_VALUES', `instances[${r}] must be an object keyed by ${featureNames.join(', ')}`);
    }
    const record = instance as Record<string, unknown>;
    const unknown = Object.keys(record).find((key) => !featureNames.includes(key));
    if (unknown !== undefined) {
      throw new RequestError(
        400,
        'UNKNOWN_FEATURE',
        `instances[${r}] has unknown field "${unknown}"; the model's features are ${featureNames.join(', ')}`,
      );
    }
    featureNames.forEach((name, c) => {
      if (!(name in record)) throw new RequestError(400, 'MISSING_FEATURE', `instances[${r}] is missing "${name}"`);
      features[r * width + c] = checkNumber(record[name], `instances[${r}].${name}`, inputType);
    });
  });
  return { rows: rows.length, features };
}

/** JSON has no NaN/Infinity literals, but `1e999` parses to Infinity, and strings are a common client mistake. */
function checkNumber(cell: unknown, where: string, inputType: FeatureType): number {
  if (typeof cell !== 'number') {
    throw new RequestError(400, 'NOT_A_NUMBER', `${where} is ${describe(cell)}; every feature must be a JSON number`);
  }
  if (!Number.isFinite(cell)) throw new RequestError(400, 'NON_FINITE_NUMBER', `${where} is not a finite number`);
  if (inputType === 'float32' && Math.abs(cell) > FLOAT32_MAX) {
    throw new RequestError(400, 'OUT_OF_RANGE', `${where} is ${cell}, outside the float32 range (±3.4e38)`);
  }
  return cell;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return `a ${typeof value}`;
}
