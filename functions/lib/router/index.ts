export { classifyEvent, apiRoute } from './classify-event.ts';
export type { RouteName, ApiRoute } from './types.ts';
