// Security headers for every response (helmet) and CORS, off unless
// CORS_ORIGINS names the origins allowed to call the API from a browser.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';

export function registerSecurity(app: FastifyInstance, ctx: ApiContext): void {
  app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // The only HTML is the binding page: same-origin stylesheet and form, no scripts at all.
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
      },
    },
    // The page carries a one-time code in its URL: never send it on as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
  });
  if (ctx.config.http.corsOrigins.length > 0) {
    app.register(cors, {
      origin: ctx.config.http.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Client-Id', 'X-Timestamp', 'X-Signature'],
      exposedHeaders: ['Idempotent-Replayed', 'Retry-After'],
      maxAge: 600,
    });
  }
}
