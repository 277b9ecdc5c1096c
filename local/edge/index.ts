export { startEdge, DEFAULT_EDGE_PORT, DEFAULT_HEADERS_TIMEOUT_MS } from './start-edge.ts';
export { routeRequest } from './route-request.ts';
export { proxyRequest, endToEndHeaders, type ProxyOptions } from './proxy-request.ts';
export type { Edge, EdgeDecision, EdgeOptions, EdgeRoutes, EdgeServiceName, EdgeTarget, EdgeTimeouts, RequestListener } from './types.ts';
