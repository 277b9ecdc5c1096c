import { ModelIntegrityError } from './errors.ts';
import { checkName, checkVersion } from './model-ref.ts';

/** `models/<name>/<version>/card.json`: what a stored version is, written once with it. */
export interface ModelCard {
  name: string;
  version: string;
  /** What the model computes, e.g. `classifier` (the ONNX graph's kind as functions/lib/model reads it). */
  kind: string;
  /** Feature names in input order: the columns a CSV header is matched against, the keys of `instances`. */
  features: string[];
  /** The graph's output names. */
  outputs: string[];
  /** Class names by class index (empty for a model without classes). */
  classes: string[];
  /** Hex sha256 of model.onnx: every download is checked against it. */
  sha256: string;
  /** ISO-8601 time of publishing. */
  created: string;
  /** Optional evaluation figures, as the publisher gives them. */
  metrics?: Record<string, unknown>;
}

/** `models/<name>/aliases/<alias>.json`. */
export interface AliasPointer {
  version: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Checks a card's shape field by field; the error lists every problem at once. */
export function parseModelCard(value: unknown, where: string): ModelCard {
  const problems = cardProblems(value);
  if (problems.length > 0) throw new ModelIntegrityError(`${where} is not a valid model card: ${problems.join('; ')}`);
  return value as ModelCard;
}

export function cardProblems(value: unknown): string[] {
  if (!isObject(value)) return ['not a JSON object'];
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(validText(value.name, checkName), 'name must be a valid model name');
  check(validText(value.version, checkVersion), 'version must be a valid version');
  check(typeof value.kind === 'string' && value.kind !== '', 'kind must be a non-empty string');
  check(isNameList(value.features) && value.features.length > 0, 'features must be a non-empty list of names');
  check(isNameList(value.outputs) && value.outputs.length > 0, 'outputs must be a non-empty list of names');
  check(isNameList(value.classes), 'classes must be a list of names');
  check(typeof value.sha256 === 'string' && SHA256.test(value.sha256), 'sha256 must be 64 lower-case hex digits');
  check(typeof value.created === 'string' && !Number.isNaN(Date.parse(value.created)), 'created must be an ISO-8601 time');
  check(value.metrics === undefined || isObject(value.metrics), 'metrics, when given, must be an object');
  return problems;
}

export function parseAliasPointer(value: unknown, where: string): AliasPointer {
  if (!isObject(value) || !validText(value.version, checkVersion)) {
    throw new ModelIntegrityError(`${where} is not an alias pointer {"version": "<version>"}`);
  }
  return { version: value.version as string };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

function validText(value: unknown, check: (text: string) => string): boolean {
  if (typeof value !== 'string') return false;
  try {
    check(value);
    return true;
  } catch {
    return false;
  }
}
