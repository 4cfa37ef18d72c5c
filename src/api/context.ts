// What every route and plugin of the API receives, and what a request carries
// once the JSON body parser and the auth guard have run.
import type { Config } from '../config.js';
import type { CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { PasswordGuard } from './password-guard.js';
import type { RateLimits } from './rate-limits.js';
import type { AccessClaims, TokenService } from './tokens.js';

export type ApiContext = {
  core: CoreDeps;
  /**
   * The core's dependencies for a request that only reads (the token check, the
   * GET routes): a query-only connection whose reads in one turn share one
   * snapshot (read-snapshots.ts). A use case that writes takes `core`.
   */
  reads: () => CoreDeps;
  /**
   * A read's result kept while the database is unchanged (read-snapshots.ts):
   * `memo(key, (deps) => …)` runs its reads only when something was written
   * since it last ran. The key must name everything the result depends on.
   */
  memo: <T>(key: string, compute: (deps: CoreDeps) => T) => T;
  config: Config;
  log: Logger;
  /** Epoch ms; the API's clock for tokens and HMAC timestamps (the core keeps its own). */
  now: () => number;
  tokens: TokenService;
  limits: RateLimits;
  /** Failed-password and registration counting shared by every surface that checks a password or creates an account. */
  passwords: PasswordGuard;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles every route schema not compiled yet (they compile on first use); returns how many. Tests call it after ready(). */
    compileRouteSchemas(): Promise<number>;
  }
  interface FastifyRequest {
    /** The body exactly as received (JSON requests only), for HMAC signatures. */
    rawBody?: string;
    /** Set by the bearer-token guard. */
    auth?: AccessClaims;
  }
  interface FastifyContextConfig {
    /** 'always': this route needs an HMAC signature whatever REQUIRE_HMAC_VERIFICATION says. */
    hmac?: 'always';
    /**
     * The route may answer 429 rate_limited (with Retry-After) from a limit of its own rather than
     * config.rateLimit: the core's (a running export), the password guard's, the chart gate's.
     * Read by the OpenAPI document only (openapi-responses.ts).
     */
    throttled?: true;
  }
}
