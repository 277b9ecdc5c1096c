/** Which records a status update may touch. */
export type UpdateGuard = 'not-finished' | 'exists';

export interface ConditionalUpdate {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * A single-item conditional update (dynalite has no transactions). `not-finished` protects terminal states from
 * late writers (a slow ingest marking RUNNING after the workflow already finished); `exists` only refuses to
 * create a record by accident. Undefined fields are left out.
 */
export function buildStatusUpdate(set: Record<string, unknown>, guard: UpdateGuard): ConditionalUpdate {
  const names: Record<string, string> = { '#jobId': 'jobId' };
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(set)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
  let condition = 'attribute_exists(#jobId)';
  if (guard === 'not-finished') {
    names['#status'] = 'status';
    values[':succeeded'] = 'SUCCEEDED';
    values[':failed'] = 'FAILED';
    values[':superseded'] = 'SUPERSEDED';
    condition += ' AND #status <> :succeeded AND #status <> :failed AND #status <> :superseded';
  }
  return {
    UpdateExpression: `SET ${assignments.join(', ')}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
