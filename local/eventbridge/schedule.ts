/**
 * EventBridge schedule expressions, the `rate(...)` form: `rate(1 minute)`, `rate(15 minutes)`, `rate(2 hours)`,
 * `rate(1 day)` (the singular unit for a value of 1, the plural otherwise, as EventBridge requires). `cron(...)` is
 * not emulated: the caller logs and skips such a rule.
 */
const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export class UnsupportedScheduleError extends Error {
  override name = 'UnsupportedScheduleError';
}

/** The period of a `rate(...)` expression in milliseconds; throws UnsupportedScheduleError for anything else. */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (!match)
    throw new UnsupportedScheduleError(
      `schedule "${expression}" is not a rate(N unit) expression; cron schedules are not emulated locally`,
    );
  const value = Number(match[1]);
  const unit = match[2].replace(/s$/, '');
  if (value < 1 || (value === 1) !== (match[2] === unit)) {
    throw new UnsupportedScheduleError(
      `schedule "${expression}": EventBridge wants a positive value, "${unit}" for 1 and "${unit}s" otherwise`,
    );
  }
  return value * UNIT_MS[unit];
}

/** The event a schedule rule sends its targets (its `detail` is empty). */
export function scheduledEvent(ruleArn: string): {
  source: 'aws.events';
  'detail-type': 'Scheduled Event';
  resources: string[];
  detail: Record<string, never>;
} {
  return { source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [ruleArn], detail: {} };
}
