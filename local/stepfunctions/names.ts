import { SfnApiError } from './errors.ts';

/** AWS: whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /` and control characters are refused. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Step Functions refuses control characters in names
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export const MAX_NAME_LENGTH = 80;

/** Refuses an execution name as StartExecution does (`InvalidName`). */
export function validateExecutionName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (length must be 1 to ${MAX_NAME_LENGTH})`);
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) throw new SfnApiError('InvalidName', `Invalid Name: '${name}' (character ${JSON.stringify(bad[0])} is not allowed)`);
}

/** `arn:aws:states:r:a:stateMachine:n` → `arn:aws:states:r:a:execution:n:<name>`. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}

/** Checks the shape of an ARN argument (AWS answers `InvalidArn` before looking anything up). */
export function requireArn(value: unknown, kind: 'stateMachine' | 'execution' | 'mapRun', field: string): string {
  if (typeof value !== 'string' || value === '') throw new SfnApiError('ValidationException', `${field} is required`);
  const parts = value.split(':');
  const ok = parts[0] === 'arn' && parts[2] === 'states' && parts[5] === kind && parts.length >= (kind === 'stateMachine' ? 7 : 8);
  if (!ok) throw new SfnApiError('InvalidArn', `Invalid Arn: '${value}'`);
  return value;
}
