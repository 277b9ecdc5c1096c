import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler of the shape `http.createServer` takes: how the edge calls a service in-process. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
