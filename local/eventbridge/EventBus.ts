import { randomUUID } from 'node:crypto';
import type { LocalEventRule, LocalEventTarget } from '../cloudformation/definitions.ts';
import { matchesPattern } from './match-pattern.ts';
import { rateMs, scheduledEvent } from './schedule.ts';

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type PutEventInput = Pick<BusEvent, 'source' | 'detail-type' | 'detail'> & { resources?: string[] };

/** A Lambda target is invoked asynchronously (its async invoke config applies); resolves once the invoke is done. */
export type InvokeAsync = (functionArn: string, event: unknown) => Promise<void>;

export interface EventBusOptions {
  rules: LocalEventRule[];
  invokeAsync: InvokeAsync;
  account: string;
  region: string;
  log?: (line: string) => void;
}

/** What reached a queue (there is no local SQS): a queue target's events and dead letters, kept for tests and logs. */
export interface QueuedEvent {
  queueArn: string;
  rule: string;
  event: BusEvent;
  reason: string;
}

/**
 * The default event bus: every rule whose pattern matches an event gets it, each target on its own. Lambda targets
 * are invoked asynchronously; a target that cannot be reached (an unknown function) gets the rule's retries in
 * spirit only — locally nothing is transient — and the event goes to the target's dead-letter queue. Schedule rules
 * (`rate(...)`) send their targets a "Scheduled Event" once `startSchedules` is called, then at their rate.
 */
export class EventBus {
  readonly #options: EventBusOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly queued: QueuedEvent[] = [];

  constructor(options: EventBusOptions) {
    this.#options = options;
  }

  /** PutEvents of one event: returns at once, delivery is asynchronous as on AWS. */
  put(input: PutEventInput): BusEvent {
    const event = this.#event(input);
    for (const rule of this.#options.rules) {
      if (!rule.eventPattern || !matchesPattern(rule.eventPattern, event)) continue;
      for (const target of rule.targets) this.#track(this.#deliver(rule, target, event));
    }
    return event;
  }

  /**
   * Starts every schedule rule: with `fireNow`, each fires once at once (resolved when those deliveries are done, so
   * the caller knows their targets ran), then every rule fires at its rate until `stop`. A rule whose expression is
   * not emulated (cron) is skipped with a log line.
   */
  async startSchedules(fireNow: boolean): Promise<void> {
    const firstRuns: Promise<void>[] = [];
    for (const rule of this.#options.rules) {
      if (!rule.scheduleExpression) continue;
      let periodMs: number;
      try {
        periodMs = rateMs(rule.scheduleExpression);
      } catch (error) {
        this.#options.log?.(`[eventbridge] ${rule.name}: ${error instanceof Error ? error.message : String(error)}; rule not scheduled`);
        continue;
      }
      this.#options.log?.(`[eventbridge] ${rule.name}: ${rule.scheduleExpression}${fireNow ? ', firing now' : ''}`);
      if (fireNow) firstRuns.push(this.#fire(rule));
      const timer = setInterval(() => void this.#fire(rule), periodMs);
      timer.unref();
      this.#timers.push(timer);
    }
    await Promise.all(firstRuns);
  }

  /** Stops the schedules (deliveries already started finish: see `drain`). */
  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
  }

  /** Resolves once every delivery accepted so far is done (including deliveries those caused). */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  #fire(rule: LocalEventRule): Promise<void> {
    const ruleArn = `arn:aws:events:${this.#options.region}:${this.#options.account}:rule/${rule.name}`;
    const event = this.#event(scheduledEvent(ruleArn));
    const deliveries = rule.targets.map((target) => this.#deliver(rule, target, event));
    for (const delivery of deliveries) this.#track(delivery);
    return Promise.all(deliveries).then(() => undefined);
  }

  #event(input: PutEventInput): BusEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': input['detail-type'],
      source: input.source,
      account: this.#options.account,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#options.region,
      resources: input.resources ?? [],
      detail: input.detail,
    };
  }

  #track(delivery: Promise<void>): void {
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  async #deliver(rule: LocalEventRule, target: LocalEventTarget, event: BusEvent): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const service = target.arn.split(':')[2];
    if (service === 'sqs') return this.#queue(target.arn, rule, event, 'queue target');
    try {
      if (service !== 'lambda') throw new Error(`target service "${service}" is not emulated locally`);
      await this.#options.invokeAsync(target.arn, event);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (target.deadLetterArn) return this.#queue(target.deadLetterArn, rule, event, `delivery failed: ${reason}`);
      this.#options.log?.(`[eventbridge] ${rule.name}: ${event['detail-type']} to ${target.arn} dropped: ${reason}`);
    }
  }

  #queue(queueArn: string, rule: string | LocalEventRule, event: BusEvent, reason: string): void {
    const name = typeof rule === 'string' ? rule : rule.name;
    this.queued.push({ queueArn, rule: name, event, reason });
    this.#options.log?.(`[eventbridge] ${name}: ${event['detail-type']} → ${queueArn.split(':').pop()} (${reason})`);
  }
}
