export { ApiServer, type LambdaInvoker } from './ApiServer.ts';
export { startApiGateway, type ApiGatewayOptions, type ApiGatewayService } from './start-apigateway.ts';
export { matchRoute, matchResource } from './routes.ts';
export { buildProxyEvent, isTextContentType, formatRequestTime } from './event.ts';
export { parseProxyResult, mergeHeaders, GATEWAY_ERRORS } from './response.ts';
export { TokenBucket } from './TokenBucket.ts';
export { ThrottleReport } from './ThrottleReport.ts';
export type * from './types.ts';
