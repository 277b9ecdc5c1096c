import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter, TraceUsage } from './Meter.ts';
import type { Usage } from './usage.ts';

/** The edge path of the meter's page (`_` is not allowed in a bucket name, so S3 never needs it). */
export const METER_PATH = '/_local/meter';

/** What `GET /_local/meter` answers. */
export interface MeterPage {
  startedAt: string;
  /** Every unit of the run, traced or not (a client's own requests have no trace). */
  run: Usage;
  /** The traces asked for: the one of `?execution=` or `?trace=`, else the newest `?limit=` (default 20). */
  traces: TraceUsage[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The meter as a request listener: read-only, JSON. */
export function meterEndpoint(meter: Meter) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    if (req.method !== 'GET') return send(res, 405, { message: `${METER_PATH} answers GET only` });
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const execution = query.get('execution');
    const traceId = query.get('trace');
    const page = (traces: (TraceUsage | undefined)[]): MeterPage => ({
      startedAt: new Date(meter.startedAt).toISOString(),
      run: meter.run,
      traces: traces.filter((t) => t !== undefined),
    });
    if (execution !== null || traceId !== null) {
      const found = execution !== null ? meter.byExecution(execution) : meter.trace(traceId ?? '');
      if (found === undefined) return send(res, 404, { message: `no metered trace for ${execution ?? traceId}` });
      return send(res, 200, page([found]));
    }
    const limit = Number(query.get('limit') ?? 20);
    return send(res, 200, page(meter.traces().slice(0, Number.isInteger(limit) && limit >= 0 ? limit : 20)));
  };
}
