export { classifyEvent } from './classify-event.ts';
export type { RouteName } from './types.ts';
