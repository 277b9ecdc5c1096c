/** Resolves CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split) against fixed values. */

export interface TokenValues {
  /** Ref value per logical id or pseudo parameter (AWS::Region, ...). */
  refs: Record<string, string>;
  /** Fn::GetAtt value per `logicalId.Attribute`. */
  attributes: Record<string, string>;
}

export class UnresolvedTokenError extends Error {
  override name = 'UnresolvedTokenError';
}

export function resolveTokens(value: unknown, values: TokenValues): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveTokens(item, values));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    if (key === 'Ref' || key.startsWith('Fn::')) return resolveIntrinsic(key, arg, values);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveTokens(v, values)]));
}

export function resolveString(value: unknown, values: TokenValues): string {
  const resolved = resolveTokens(value, values);
  if (typeof resolved !== 'string') throw new UnresolvedTokenError(`expected a string, got ${JSON.stringify(resolved)}`);
  return resolved;
}

function resolveIntrinsic(key: string, arg: unknown, values: TokenValues): unknown {
  switch (key) {
    case 'Ref':
      return lookup(values.refs, String(arg), 'Ref');
    case 'Fn::GetAtt':
      return lookup(values.attributes, (arg as string[]).join('.'), 'Fn::GetAtt');
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => resolveString(part, values)).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [number | string, unknown];
      return (resolveTokens(list, values) as unknown[])[Number(index)];
    }
    case 'Fn::Split': {
      const [separator, source] = arg as [string, unknown];
      return resolveString(source, values).split(separator);
    }
    default:
      throw new UnresolvedTokenError(`unsupported intrinsic ${key}`);
  }
}

function lookup(table: Record<string, string>, key: string, kind: string): string {
  const value = table[key];
  if (value === undefined) throw new UnresolvedTokenError(`no local value for ${kind} ${key}`);
  return value;
}
