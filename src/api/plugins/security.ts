// Security headers for every response (helmet's set, and Cache-Control: no-store) and CORS, off unless
// CORS_ORIGINS names the origins allowed to call the API from a browser.
//
// The header set does not depend on the request (no nonces, no per-route
// policy), so helmet computes it once per server and each response copies the
// finished values, instead of running helmet's middleware chain per request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { ApiContext } from '../context.js';

const HELMET_OPTIONS: HelmetOptions = {
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
};

/** The headers helmet sets for `options`, computed by running it once against a recording response. */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  let failure: unknown;
  helmet(options)({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

let computed: Readonly<Record<string, string>> | undefined;

/**
 * The headers every answer carries: helmet's set and Cache-Control: no-store. Answers carry a
 * family's money and, from login and refresh, tokens: no browser or proxy keeps a copy (RFC 6749
 * §5.1 asks this of token answers). A route whose answer may be kept says so itself (static assets).
 * The one source for them: the onRequest hook below, and the refusals made before any hook runs
 * (a broken URL, Node's own 400/408/431, a missing Host, an Expect the server cannot meet:
 * client-errors.ts). Computed once; the values never depend on the request.
 */
export function responseHeaders(): Readonly<Record<string, string>> {
  computed ??= Object.freeze({ ...securityHeaders(), 'cache-control': 'no-store' });
  return computed;
}

/**
 * Answer headers a browser client may read beyond the CORS-safelisted ones: without them a web app
 * could not tell a replayed answer, how long to wait (Retry-After, the rate limit's X-RateLimit-*),
 * why a token was refused (WWW-Authenticate), the export's file name (Content-Disposition) or
 * the methods a path takes when its 405 says the one sent is not among them (Allow).
 */
export const EXPOSED_HEADERS = [
  'Idempotent-Replayed',
  'Allow',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'WWW-Authenticate',
  'Content-Disposition',
] as const;

export function registerSecurity(app: FastifyInstance, ctx: ApiContext): void {
  const headers = responseHeaders();
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  if (ctx.config.http.corsOrigins.length > 0) {
    app.register(cors, {
      origin: ctx.config.http.corsOrigins,
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Client-Id', 'X-Timestamp', 'X-Signature'],
      exposedHeaders: [...EXPOSED_HEADERS],
      maxAge: 600,
    });
  }
}
