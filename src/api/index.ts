// buildServer(deps): the Fastify adapter over the domain core. Plugins in
// order (security headers, rate limits, OpenAPI), then the routes, one error
// handler for them all. Returns the instance without listening: main.ts (or a
// test) calls listen(), and app.ts adds the bot's webhook through `routes`.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type preValidationHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../config.js';
import { PasswordChecksBusy, type CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { ApiContext } from './context.js';
import { ApiError, badInput, toErrorResponse } from './errors.js';
import { jsonBodyParser } from './json-body.js';
import { registerNotFound, type SecretRoute } from './not-found.js';
import { createEarlyAnswers, registerEarlyRefusals } from './client-errors.js';
import { addressLimitKey } from './address-key.js';
import { createPasswordGuard } from './password-guard.js';
import { createAccessLog, registerAccessLog } from './plugins/access-log.js';
import { registerDocs } from './plugins/docs.js';
import { registerDurableReplies } from './plugins/durable.js';
import { hmacGuard, needsHmac } from './plugins/hmac.js';
import { registerSecurity } from './plugins/security.js';
import { registerUnreadBodyClose } from './plugins/unread-body.js';
import { createLazySchemas } from './lazy-schemas.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerBindPage } from './routes/bind-page.js';
import { registerFamilyRoutes } from './routes/families.js';
import { registerFamilySetupRoutes } from './routes/family-setup.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerHomePage } from './routes/home-page.js';
import { registerMiniAppRoutes } from './routes/miniapp.js';
import { registerMiniAppPage } from './routes/miniapp-page.js';
import { registerTelegramRoutes } from './routes/telegram.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerTransactionRoutes } from './routes/transactions.js';
import { createTokenService } from './tokens.js';
import { openReadSnapshots } from './read-snapshots.js';

export type { ApiContext } from './context.js';
export type { RateLimits } from './rate-limits.js';
export { DEFAULT_RATE_LIMITS } from './rate-limits.js';
export { signRequest, hmacSignature, bodyHash } from './hmac-sign.js';

export type BuildServerDeps = {
  core: CoreDeps;
  config: Config;
  log: Logger;
  /** Extra routes mounted at the root (tests), with the same error handler and access log. */
  routes?: Array<(app: FastifyInstance) => void>;
  /**
   * The bot's webhook: answered only for a POST to its path with Telegram's secret header; anything
   * else there is answered as an unknown path (not-found.ts). Telegram delivers in bursts: no rate limit.
   */
  webhook?: SecretRoute;
  /** Clock for tokens and HMAC timestamps; defaults to the core's clock. */
  now?: () => number;
  /** Overrides of the built-in request limits (tests). */
  rateLimits?: Partial<RateLimits>;
  /** Folder of the built Mini App (index.html…); default: dist/webapp or the executable's copy. */
  webappDir?: string;
  /** How long a request may take to arrive, and how often that is checked (tests shorten both). */
  requestTimeout?: RequestTimeout;
};

export type RequestTimeout = { ms: number; checkEveryMs: number };

/**
 * A request, headers and body, must arrive whole within 30 s of its first
 * byte: Node's own requestTimeout, which Fastify leaves at 0 (none). Node
 * keeps every connection whose request has begun and not yet ended (its body
 * still being read included) in a list, and every connectionsCheckingInterval
 * answers those past the deadline through the server's clientError, which is
 * ours (client-errors.ts: a 408 in the API's error shape, the connection
 * closed). The handler never runs (its body never ended), a request that has
 * arrived is never timed out however long its handler takes, and an idle
 * kept-alive connection is not in the list. Checked every 5 s, so a stalled
 * request is cut 30-35 s after it began. headersTimeout is the same 30 s (it
 * defaults to 60 s, and to none once the request timeout is 0): a client
 * trickling its headers (slowloris) holds a socket no longer than one
 * trickling its body. (Replaced a timer per POST in a preParsing hook, which
 * also never started when an onRequest hook answered before the body.) An
 * answer given before the body arrived closes the connection
 * (plugins/unread-body.ts), so no deadline is left to answer it twice.
 */
export const REQUEST_TIMEOUT: RequestTimeout = { ms: 30_000, checkEveryMs: 5_000 };

/** Largest request body accepted: far above any real request, far below anything harmful. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * TRUST_PROXY as Fastify's option. A hop count becomes "the nearest N
 * addresses are proxies" (Fastify's own number mode ignores X-Forwarded-For
 * altogether); never `true`, which would let any client name its own address.
 */
export function trustProxyOption(tp: Config['http']['trustProxy']): false | string[] | ((addr: string, hop: number) => boolean) {
  if (tp === false) return false;
  if (typeof tp === 'number') return (_addr, hop) => hop < tp;
  return tp;
}

const emptyBodyIsObject: preValidationHookHandler = (req, _reply, done) => {
  if (req.body === undefined) req.body = {};
  done();
};

/**
 * A route that takes no input (logout, confirm) refuses a body other than none or {}: it was read
 * and dropped without a word, so a client sending {"reason":"…"} to confirm believed it was kept.
 * Runs after emptyBodyIsObject; the refusal is the schema's own (validation, the field named).
 */
const noBody: preValidationHookHandler = (req, _reply, done) => {
  const body = req.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const [field] = Object.keys(body);
    if (field === undefined) return done();
    return done(badInput(field.slice(0, 64), `Unknown field: ${field.slice(0, 64)} (this request takes no body; send none or {})`, 'unexpected_body'));
  }
  done(badInput('body', 'This request takes no body; send none or {}', 'unexpected_body'));
};

export function buildServer(deps: BuildServerDeps): FastifyInstance {
  const now = deps.now ?? deps.core.clock;
  const limits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const snapshots = openReadSnapshots(deps.core);
  const ctx: ApiContext = {
    core: deps.core,
    reads: snapshots.deps,
    memo: snapshots.memo,
    config: deps.config,
    log: deps.log,
    now,
    tokens: createTokenService(deps.config.secrets.jwt, now),
    limits,
    passwords: createPasswordGuard(limits.passwords, limits.register, now),
  };

  const schemas = createLazySchemas();
  const timeout = deps.requestTimeout ?? REQUEST_TIMEOUT;
  // Created before the server: the answers given before any hook runs are logged too (client-errors.ts).
  const accessLog = createAccessLog(ctx);
  const early = createEarlyAnswers(accessLog, timeout.ms);
  const app = Fastify({
    // Validators and serializers are compiled by the first request that needs them, not at start.
    schemaController: { compilersFactory: schemas.compilersFactory },
    loggerInstance: deps.log.child({ component: 'api' }) as FastifyBaseLogger,
    // Every request is already a row in access_log; the log keeps errors only.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request (pino's child() cost more than the rest of a GET's logging):
    // the few lines a request logs name its id themselves.
    childLoggerFactory: (logger) => logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify sets the server's requestTimeout after creating it; the rest is Node's own options (REQUEST_TIMEOUT).
    requestTimeout: timeout.ms,
    // requireHostHeader: Node's own refusal is a bare 400; registerEarlyRefusals (client-errors.ts) answers it in shape.
    http: { requestTimeout: timeout.ms, headersTimeout: timeout.ms, connectionsCheckingInterval: timeout.checkEveryMs, requireHostHeader: false },
    // Fastify's own refusals (a broken URL, oversized headers) in the API's error shape.
    frameworkErrors: early.frameworkErrors,
    clientErrorHandler: early.clientErrorHandler,
    // Requests arriving while the server closes are refused in shape (registerEarlyRefusals), not with Fastify's bare 503.
    return503OnClosing: false,
    trustProxy: trustProxyOption(deps.config.http.trustProxy),
    ajv: {
      // Bodies are checked as sent: no "1" → 1 or true → 1 coercion, and unknown fields are errors, not silently dropped.
      // verbose: errors carry their schema, whose description makes a better message.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false, verbose: true, keywords: ['example'] },
    },
  }) as unknown as FastifyInstance;
  app.server.on('checkExpectation', early.refuseExpectation);
  app.decorate('compileRouteSchemas', () => schemas.compileAll());
  app.addHook('onClose', (_app, done) => {
    snapshots.close();
    done();
  });
  app.addHook('onRequest', schemas.onRequest);

  // Only JSON is accepted, strictly UTF-8 (json-body.ts); the binding page's forms are parsed in their own context.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser(parseJson));

  app.setErrorHandler((err, req, reply) => {
    const { status, body, headers } = toErrorResponse(err);
    // A full password queue is load, not a fault: its 503 is not logged per request.
    if (status >= 500 && !(err instanceof PasswordChecksBusy)) req.log.error({ err, reqId: req.id, url: req.routeOptions.url, method: req.method }, 'request failed');
    return reply.code(status).headers(headers).send(body);
  });
  registerNotFound(app, deps.webhook);

  registerAccessLog(app, accessLog);
  registerDurableReplies(app, ctx);
  registerSecurity(app, ctx);
  registerEarlyRefusals(app);
  registerUnreadBodyClose(app);
  app.register(rateLimit, {
    global: false,
    // Per client, as every per-address limit counts: an IPv6 /64 is one client (address-key.ts).
    keyGenerator: (req) => addressLimitKey(req.ip),
    errorResponseBuilder: (_req, c) =>
      new ApiError(429, 'rate_limited', `Too many requests; try again in ${c.after}`, { reason: 'too_many_requests', headers: {} }),
  });
  registerDocs(app, ctx);

  app.register(async (root) => {
    registerHealthRoutes(root, ctx);
    registerHomePage(root, ctx);
    registerBindPage(root, ctx);
    registerMiniAppPage(root, ctx, deps.webappDir);
    root.register(
      async (api) => {
        // Hooks only on the routes that need them, decided once per route (a GET has none of these).
        api.addHook('onRoute', (route) => {
          const methods = ([] as string[]).concat(route.method);
          const hooks: preValidationHookHandler[] = [];
          if (needsHmac(ctx, route.config?.hmac, methods)) hooks.push(hmacGuard(ctx, route.config?.hmac));
          // No body is an empty object: "reason is required" says more than "body must be object".
          if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) {
            hooks.push(emptyBodyIsObject);
            if (route.schema?.body === undefined) hooks.push(noBody);
          }
          if (hooks.length > 0) route.preValidation = [...hooks, ...([] as preValidationHookHandler[]).concat(route.preValidation ?? [])];
        });
        registerAuthRoutes(api, ctx);
        registerTelegramRoutes(api, ctx);
        registerFamilyRoutes(api, ctx);
        registerFamilySetupRoutes(api, ctx);
        registerTransactionRoutes(api, ctx);
        registerReportRoutes(api, ctx);
        registerMiniAppRoutes(api, ctx);
      },
      { prefix: '/api/v1' },
    );
    for (const add of deps.routes ?? []) add(root);
  });
  return app;
}
