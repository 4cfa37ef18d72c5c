// Liveness (/health: the process answers) and readiness (/health/ready: the
// database answers too), for Docker health checks and load balancers.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
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
        summary: 'Readiness: the database answers',
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
      try {
        ctx.core.db.get(sql`select 1`);
      } catch (err) {
        req.log.error({ err }, 'readiness: database check failed');
        throw new ApiError(503, 'unavailable', 'The database does not answer');
      }
      return { status: 'ready', database: 'ok' };
    },
  );
}
