// Writes an access_log row after each response is sent (onResponse runs once
// the client has its answer, so the insert adds nothing to its wait).
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { writeAccessLog } from '../store/access-log.js';

export function registerAccessLog(app: FastifyInstance, ctx: ApiContext): void {
  app.addHook('onResponse', async (req, reply) => {
    try {
      // The route pattern (/api/v1/transactions/:id), never the query string.
      const endpoint = (req.routeOptions.url ?? req.url.split('?')[0] ?? '').slice(0, 200);
      writeAccessLog(ctx.core.db, {
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
      req.log.warn({ err }, 'access log write failed');
    }
  });
}
