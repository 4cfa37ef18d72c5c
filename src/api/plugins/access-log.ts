// Records an access_log row for every answer the server gives. Rows are
// batched by the store's writer and flushed when the server closes (see
// store/access-log.ts).
//
// Most answers pass through Fastify's onResponse hook (it runs once the client
// has its answer). A few are given before Fastify has a route for the request,
// so no hook of ours runs for them (client-errors.ts): a URL that cannot be
// decoded, Node's own refusals (garbage, oversized headers, a request that
// stops arriving) and an Expect the server cannot meet. Those call
// record() themselves, with what they know of the request.
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { createAccessLogWriter, type AccessLogEntry } from '../store/access-log.js';

export type AccessLog = {
  /** One answered request; never throws (a lost row must not break an answer). */
  record(row: AccessLogEntry): void;
  /** Flushes what is buffered; rows recorded after it are written one by one (store/access-log.ts). */
  close(): void;
};

/** What an access_log row keeps of a URL: the path, never the query string (it may hold a binding code). */
export function endpointOf(url: string): string {
  return (url.split('?')[0] ?? '').slice(0, 200);
}

export function createAccessLog(ctx: Pick<ApiContext, 'core' | 'log' | 'now'>): AccessLog {
  const writer = createAccessLogWriter(ctx.core.db, { onError: (err) => ctx.log.warn({ err }, 'access log write failed') });
  return {
    record(row) {
      try {
        // The row's fields go straight into the writer's buffer: no copy of it per request.
        writer.add(row, ctx.now());
      } catch (err) {
        // Losing a log row must never break a request (e.g. the database is closing on shutdown).
        ctx.log.warn({ err }, 'access log write failed');
      }
    },
    close: () => writer.close(),
  };
}

export function registerAccessLog(app: FastifyInstance, log: AccessLog): void {
  app.addHook('onResponse', (req, reply, done) => {
    log.record({
      method: req.method,
      // The route pattern (/api/v1/transactions/:id), never the query string.
      endpoint: (req.routeOptions.url ?? endpointOf(req.url)).slice(0, 200),
      statusCode: reply.statusCode,
      userId: req.auth?.userId ?? null,
      ipAddress: req.ip || null,
      durationMs: Math.round(reply.elapsedTime),
    });
    done();
  });
  // onClose hooks run after the server has closed and its last connection has been answered (a request
  // refused with 503 while it closed included): nothing buffered is lost on a graceful stop.
  app.addHook('onClose', (_app, done) => {
    log.close();
    done();
  });
}
