export { EventBus, type BusEvent, type EventBusOptions, type InvokeAsync, type PutEventInput, type QueuedEvent } from './EventBus.ts';
export { matchesPattern, UnsupportedPatternError } from './match-pattern.ts';
export { invocationFailureEvent } from './lambda-destination.ts';
export { rateMs, scheduledEvent, UnsupportedScheduleError } from './schedule.ts';
