// Records an access_log row after each response is sent (onResponse runs once
// the client has its answer). Rows are batched by the store's writer and
// flushed when the server closes (see store/access-log.ts).
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { createAccessLogWriter } from '../store/access-log.js';

export function registerAccessLog(app: FastifyInstance, ctx: ApiContext): void {
  const writer = createAccessLogWriter(ctx.core.db, { onError: (err) => ctx.log.warn({ err }, 'access log write failed') });
  app.addHook('onResponse', (req, reply, done) => {
    try {
      // The route pattern (/api/v1/transactions/:id), never the query string.
      const endpoint = (req.routeOptions.url ?? req.url.split('?')[0] ?? '').slice(0, 200);
      writer.add({
        method: req.method,
        endpoint,
        statusCode: reply.statusCode,
        userId: req.auth?.userId ?? null,
        ipAddress: req.ip ? req.ip.slice(0, 64) : null,
        durationMs: Math.round(reply.elapsedTime),
        createdAt: ctx.now(),
      });
    } catch (err) {
      // Losing a log row must never break a request (e.g. the database is closing on shutdown).
      req.log.warn({ err, reqId: req.id }, 'access log write failed');
    }
    done();
  });
  // After the requests in progress have been answered: nothing buffered is lost on a graceful stop.
  app.addHook('onClose', (_app, done) => {
    writer.close();
    done();
  });
}
