// Liveness (/health: the process answers) and readiness (/health/ready: the
// database can be written too), for Docker health checks and load balancers.
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { probeWrite } from '../../db/heartbeat.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: ApiContext): void {
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
    async (req) => {
      // A write, not a `select 1`: a read-only file or folder, a full disk or a
      // corrupted page still answer reads. (The route is rate limited like the rest.)
      try {
        probeWrite(ctx.core.db, Date.now());
      } catch (err) {
        const path = resolve(ctx.config.database.path);
        req.log.error({ err, reqId: req.id, path, code: (err as { code?: string }).code }, `readiness: the database ${path} cannot be written`);
        throw new ApiError(503, 'unavailable', 'The database cannot be written (see the server log for the reason)');
      }
      return { status: 'ready', database: 'ok' };
    },
  );
}
