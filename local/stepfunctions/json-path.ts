/**
 * The JSONPath subset the Distributed Map fields take (`$.a.b`, `$.a[0]`, `$['a']`, `$$.Map.Item.Value`): the
 * engine does not export its own evaluator. Paths that need more (filters, wildcards, intrinsic functions) are
 * refused when the definition is compiled (`isSimplePath`), never guessed at run time.
 */
const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;

/** `$.a[0]` → ['a', 0]; undefined when the path is outside the subset. */
function segmentsOf(path: string): (string | number)[] | undefined {
  const root = path.startsWith('$$') ? 2 : path.startsWith('$') ? 1 : -1;
  if (root < 0) return undefined;
  const segments: (string | number)[] = [];
  let rest = path.slice(root);
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3] ?? match[4]));
    rest = rest.slice(match[0].length);
  }
  return segments;
}

export function isSimplePath(path: string): boolean {
  return segmentsOf(path) !== undefined;
}

/** An error named as Step Functions names a path that selects nothing. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** The value at `path` in `input` (`$...`) or `context` (`$$...`). */
export function readPath(path: string, input: unknown, context: unknown): unknown {
  const segments = segmentsOf(path);
  if (!segments) throw new PathError(`Unsupported JSONPath '${path}'`);
  let value: unknown = path.startsWith('$$') ? context : input;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      throw new PathError(`The JSONPath '${path}' could not be found in the input '${JSON.stringify(input)}'`);
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** A Parameters-style template: keys ending in `.$` take the value at their path, other values are copied. */
export function applyTemplate(template: unknown, input: unknown, context: unknown): unknown {
  if (Array.isArray(template)) return template.map((value) => applyTemplate(value, input, context));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = readPath(String(value), input, context);
    else out[key] = applyTemplate(value, input, context);
  }
  return out;
}

/** Every `.$` path of a template that is outside the subset (for the compile-time refusal). */
export function unsupportedTemplatePaths(template: unknown): string[] {
  if (Array.isArray(template)) return template.flatMap(unsupportedTemplatePaths);
  if (template === null || typeof template !== 'object') return [];
  return Object.entries(template).flatMap(([key, value]) =>
    key.endsWith('.$') ? (isSimplePath(String(value)) ? [] : [String(value)]) : unsupportedTemplatePaths(value),
  );
}
