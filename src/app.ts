// Wires the adapters for a role. Each part starts with explicit dependencies
// and returns a stop function; main.ts stops them in reverse order, so the bot
// stops taking updates first, then the HTTP server, then the job worker.
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RunningBot } from './bot/index.js';
import { defaultPublicUrl, type AppRole, type Config } from './config.js';
import type { Connection } from './db/connection.js';
import { startHeartbeat } from './db/heartbeat.js';
import type { CoreDeps } from './domain/deps.js';
import { createGroupCommit } from './domain/group-commit.js';
import { startJobs } from './jobs/index.js';
import type { Logger } from './logger.js';
import { reachTelegram } from './runtime/telegram-start.js';

export type RunningPart = { name: string; stop: () => Promise<void> };
export type AppContext = {
  config: Config;
  log: Logger;
  conn: Connection;
  role: AppRole;
  clock?: () => number;
  /** Filled as each part starts (the caller's list, so a stop during the start stops what already runs). */
  parts?: RunningPart[];
  /** Aborted by a stop signal during the start: no further part is started (StartAborted from the Telegram wait). */
  signal?: AbortSignal;
  /** A running part ended for good (Telegram refused the polling bot): the caller stops the process. */
  onFatal?: (err: Error) => void;
};
export type RunningApp = { parts: RunningPart[]; server?: FastifyInstance; bot?: RunningBot };

type ServiceRole = Exclude<AppRole, 'migrate' | 'backup'>;

/** How long requests in progress may finish after a stop signal before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Stops accepting connections and waits for requests in progress, but not for
 * ever: a client that stopped reading a response would otherwise hold the
 * shutdown (and a container's stop) indefinitely.
 */
export async function closeServer(server: FastifyInstance, graceMs: number): Promise<void> {
  const closing = server.close();
  const timer = setTimeout(() => server.server.closeAllConnections(), graceMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP server cannot listen where HOST and PORT say (the port taken, an address not of this machine…); main prints the message alone. */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** Why listening failed, in one sentence naming HOST and PORT; undefined for an error nobody configured. */
export function listenProblem(err: unknown, host: string, port: number): string | undefined {
  const code = (err as { code?: unknown }).code;
  const where = `HOST=${host} PORT=${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `Cannot listen on ${where}: another program (another finance-bot?) already uses that port. Stop it, or set PORT to a free port.`;
    case 'EACCES':
    case 'EPERM':
      return `Cannot listen on ${where}: this user may not use that port (ports below 1024 need root). Set PORT to 1024 or above (8000 is the default).`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: ${host} is not an address of this machine. Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `Cannot listen on ${where}: ${host} is not a known host name or address. Set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
    default:
      return undefined;
  }
}

export async function startParts(app: AppContext): Promise<RunningPart[]> {
  return (await startApp(app)).parts;
}

export async function startApp(app: AppContext): Promise<RunningApp> {
  const { config, log } = app;
  const role = app.role as ServiceRole;
  const deps: CoreDeps = { db: app.conn.db, clock: app.clock ?? Date.now, instancePolicy: config.instance };
  const parts: RunningPart[] = app.parts ?? [];
  const out: RunningApp = { parts };
  const stopping = () => app.signal?.aborted === true;

  // First in, last out: the heartbeat (healthcheck, restore's "is it running?") lasts while any part runs.
  const path = resolve(config.database.path);
  const heartbeat = startHeartbeat({
    db: app.conn.db,
    role,
    onFailure: (err) => log.error({ err, path, code: (err as { code?: string }).code }, `the database ${path} cannot be written; the healthcheck reports unhealthy`),
    onRecovery: () => log.info({ path }, 'the database can be written again'),
  });
  parts.push({ name: 'heartbeat', stop: async () => heartbeat.stop() });

  // One group commit on the process's one connection: the API's, the bot's and the jobs' writes
  // share its batches (one fsync for many). Stopped after the jobs: their last writes are committed.
  // The fsync leaves the event loop only where no other process reads the file (see group-commit.ts).
  const offThreadSync = role === 'all' && config.redisUrl === undefined;
  // There the checkpoints' fsyncs leave the event loop too (db/checkpoints.ts).
  deps.commits = createGroupCommit(app.conn.sqlite, {
    offThreadSync,
    checkpoints: { onError: (err) => log.error({ err, path }, 'a checkpoint failed; the WAL keeps every page and the next one tries again') },
  });
  log.info({ walSync: offThreadSync ? 'thread-pool' : 'in-commit', checkpoints: deps.commits.checkpointStats() ? 'thread-pool' : 'in-commit' }, 'group commit on');
  parts.push({ name: 'writes', stop: async () => deps.commits?.close() });

  // Jobs first, so they stop last and deliver what the others wrote while stopping.
  const jobs = await startJobs({ deps, config, log, role, sqlite: app.conn.sqlite, ...(app.onFatal ? { onFatal: app.onFatal } : {}) });
  // Every core write that queues outbox work wakes the jobs (writeTx calls this after the commit).
  deps.onOutbox = () => jobs.wake();
  parts.push({ name: 'jobs', stop: () => jobs.stop() });
  if (stopping()) return out;

  let bot: RunningBot | undefined;
  if (role === 'all' || role === 'bot') {
    if (!config.bot.token) {
      log.warn('Telegram bot is off: set BOT_TOKEN (from @BotFather) in the environment or .env to enable it');
    } else {
      // Imported only by the roles that run it: an API-only process never loads the bot's modules, nor a bot-only one (polling) Fastify's.
      const { createBot } = await import('./bot/index.js');
      bot = createBot({ core: deps, config, log, ...(app.onFatal ? { onFatal: app.onFatal } : {}) });
    }
  }
  const webhook = bot && config.bot.mode === 'webhook' ? bot : undefined;

  // The bot's webhook needs the HTTP server even in the `bot` role.
  if (role === 'all' || role === 'api' || webhook) {
    // grammY's fastify adapter sends the answer itself; returning the reply tells Fastify so (without it,
    // Fastify sends a second, empty answer when the handler's promise settles before the first is out).
    // The server answers only Telegram's POSTs with the secret here (api/not-found.ts: anything else is
    // an unknown path's 404); grammY's adapter checks the secret again.
    const secret = config.bot.webhookSecret;
    const webhookRoute =
      webhook?.webhookPath && secret
        ? {
            path: webhook.webhookPath,
            header: 'x-telegram-bot-api-secret-token',
            secret,
            handle: async (req: FastifyRequest, reply: FastifyReply) => {
              await webhook.webhookCallback(req, reply);
              return reply;
            },
          }
        : undefined;
    const { buildServer } = await import('./api/index.js');
    const server = buildServer({ core: deps, config, log, ...(webhookRoute ? { webhook: webhookRoute } : {}) });
    try {
      await server.listen({ port: config.http.port, host: config.http.host });
    } catch (err) {
      const problem = listenProblem(err, config.http.host, config.http.port);
      throw problem ? new ListenError(problem, { cause: err }) : err;
    }
    const port = (server.server.address() as { port: number }).port;
    // PORT=0 (the system picks the port) and no PUBLIC_URL: the default said http://HOST:0, so /link's
    // bind URL and the Mini App's pointed nowhere. The bot, the routes and /docs read this same object.
    if (!config.http.publicUrlSet && config.http.port === 0) config.http.publicUrl = defaultPublicUrl(config.http.host, port);
    log.info({ url: `http://${config.http.host}:${String(port)}`, docs: '/docs' }, 'HTTP API listening');
    parts.push({ name: 'api', stop: () => closeServer(server, SHUTDOWN_GRACE_MS) });
    out.server = server;
  }

  if (bot && !stopping()) {
    await reachTelegram(bot.bot, log, { apiRoot: config.bot.apiRoot, ...(app.signal ? { signal: app.signal } : {}) });
    await bot.start();
    parts.push({ name: 'bot', stop: () => bot.stop() });
    out.bot = bot;
  }
  return out;
}
