/**
 * EventBridge event pattern matching, the subset the CDK stack's rules use and a little more: a field's pattern is
 * an array of alternatives (exact values, `{prefix}`, `{suffix}`, `{exists}`, `{anything-but}`), an object pattern
 * descends into the event's object (into every element of an array of objects, as EventBridge flattens arrays),
 * and an event array matches when any of its elements does. Every field of the pattern must match.
 */
type Json = Record<string, unknown>;

export class UnsupportedPatternError extends Error {
  override name = 'UnsupportedPatternError';
}

export function matchesPattern(pattern: Json, event: unknown): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const values = leaves(event, field);
    if (Array.isArray(expected)) return matchesAlternatives(expected, values);
    if (isObject(expected)) return values.some((value) => isObject(value) && matchesPattern(expected, value));
    throw new UnsupportedPatternError(`pattern field "${field}" must be an array or an object`);
  });
}

/** The field's values: an array of objects contributes each element's field. */
function leaves(event: unknown, field: string): unknown[] {
  if (Array.isArray(event)) return event.flatMap((item) => leaves(item, field));
  if (!isObject(event) || !(field in event)) return [];
  const value = event[field];
  return Array.isArray(value) ? value : [value];
}

function matchesAlternatives(alternatives: unknown[], values: unknown[]): boolean {
  return alternatives.some((alternative) => {
    if (isObject(alternative)) return matchesOperator(alternative, values);
    return values.some((value) => value === alternative);
  });
}

function matchesOperator(operator: Json, values: unknown[]): boolean {
  const [name, argument] = Object.entries(operator)[0] ?? [];
  switch (name) {
    case 'prefix':
      return values.some((value) => typeof value === 'string' && value.startsWith(String(argument)));
    case 'suffix':
      return values.some((value) => typeof value === 'string' && value.endsWith(String(argument)));
    case 'exists':
      return argument === true ? values.length > 0 : values.length === 0;
    case 'anything-but': {
      const refused = Array.isArray(argument) ? argument : [argument];
      return values.length > 0 && values.every((value) => !refused.includes(value));
    }
    default:
      throw new UnsupportedPatternError(`pattern operator "${name}" is not emulated locally`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
