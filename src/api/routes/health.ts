// Liveness (/health: the process answers) and readiness (/health/ready: the
// database can be written too), for Docker health checks and load balancers.
// The readiness probe is a committed write on the writers' connection, and the
// route is public: one probe serves every caller for READY_PROBE_EVERY_MS, so
// a flood of GET /health/ready cannot queue fsyncs in front of real writes,
// while a broken database still turns it 503 within that time.
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { probeWrite } from '../../db/heartbeat.js';
import { ApiError, toErrorResponse } from '../errors.js';
import { errorResponses } from '../schemas.js';

/** How long one readiness probe's result (ok or failed) answers every caller. */
export const READY_PROBE_EVERY_MS = 2_000;

export function registerHealthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // The last probe: when it ran (the API's clock) and what it found. probeWrite is
  // synchronous, so callers in the same window simply share this result.
  let lastProbe: { at: number; failure: Error | undefined } | undefined;
  const probe = (): { failure: Error | undefined; fresh: boolean } => {
    const at = ctx.now();
    if (lastProbe && at >= lastProbe.at && at - lastProbe.at < READY_PROBE_EVERY_MS) return { failure: lastProbe.failure, fresh: false };
    let failure: Error | undefined;
    try {
      probeWrite(ctx.core.db, Date.now());
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    lastProbe = { at, failure };
    return { failure, fresh: true };
  };

  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness',
        response: {
          200: {
            type: 'object',
            required: ['status', 'environment', 'version'],
            properties: { status: { type: 'string', enum: ['ok'] }, environment: { type: 'string' }, version: { type: 'string' } },
          },
        },
      },
    },
    async () => ({ status: 'ok', environment: ctx.config.nodeEnv, version: ctx.config.version }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database can be written',
        response: {
          200: {
            type: 'object',
            required: ['status', 'database'],
            properties: { status: { type: 'string', enum: ['ready'] }, database: { type: 'string', enum: ['ok'] } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      // A write, not a `select 1`: a read-only file or folder, a full disk or a
      // corrupted page still answer reads.
      const { failure, fresh } = probe();
      if (failure) {
        const path = resolve(ctx.config.database.path);
        // Logged once per probe, not once per caller.
        if (fresh) req.log.error({ err: failure, reqId: req.id, path, code: (failure as { code?: string }).code }, `readiness: the database ${path} cannot be written`);
        // Answered here rather than thrown: the error handler would log every caller's 503 again.
        const { status, body } = toErrorResponse(new ApiError(503, 'unavailable', 'The database cannot be written (see the server log for the reason)'));
        return reply.code(status).send(body);
      }
      return { status: 'ready', database: 'ok' };
    },
  );
}
