import { ApiServer, type LambdaInvoker } from './ApiServer.ts';
import type { ApiServerOptions } from './types.ts';
import type { LocalService } from '../types.ts';

export interface ApiGatewayOptions extends ApiServerOptions {
  /** The function behind every route (Lambda proxy integration). */
  invoker: LambdaInvoker;
}

export interface ApiGatewayService extends LocalService {
  url: string;
  port: number;
}

/** Starts the local REST API on its own loopback port, every route integrated with `invoker`. */
export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGatewayService> {
  const { invoker, ...serverOptions } = options;
  const server = new ApiServer(invoker, serverOptions);
  const { url, port } = await server.start();
  return { name: 'api', url, port, stop: () => server.stop() };
}
