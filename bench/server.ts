// A server for the HTTP benchmarks, in its own process so the load generator
// (autocannon, in bench/run.ts) does not share its event loop:
//   tsx bench/server.ts bare|app|app-single|built  <dir>
// bare: Fastify 5 with one route answering a constant wallets list (the baseline).
// app: buildServer over a migrated database (synchronous=FULL) with a family, two
// wallets and a token, group commit on; app-single: the same without group commit
// (each request its own durable COMMIT); built: the shipped app itself,
// `node dist/main.js api` (BENCH_DIST: another built tree), over the same
// seeded database. Prints one JSON line: port, token, ids (built: the app's pid).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildServer } from '../src/api/index.js';
import { loadConfig } from '../src/config.js';
import { createGroupCommit } from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { limitHeapGrowth } from '../src/runtime/heap-growth.js';
import { seedApiDatabase } from './api-seed.js';
import { startShippedApp } from './startup.js';

const kind = process.argv[2] ?? 'app';
const dir = process.argv[3] ?? '.';

const WALLETS_BODY = {
  wallets: [
    { id: 1, family_id: 1, name: 'Cash', type: 'cash', currency: 'USD', balance: '10000000000.00', balance_minor: 1_000_000_000_000, allow_negative: false, archived: false },
    { id: 2, family_id: 1, name: 'Card', type: 'card', currency: 'USD', balance: '0.00', balance_minor: 0, allow_negative: false, archived: false },
  ],
};

async function bare(): Promise<void> {
  const app = Fastify();
  app.get('/api/v1/wallets', async () => WALLETS_BODY);
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port })}\n`);
}

/** bench/api-seed.ts's database, named for this part: the bot's servers keep their databases in the same folder (bot-server.ts). */
async function seeded(jwt: string) {
  const dbPath = join(dir, `http-${kind}.db`);
  return { dbPath, ...(await seedApiDatabase(dbPath, jwt)) };
}

async function appServer(groupCommit: boolean): Promise<void> {
  const jwt = randomBytes(48).toString('base64');
  const { conn, deps, dbPath, ids } = await seeded(jwt);
  const config = loadConfig({
    env: {
      NODE_ENV: 'production',
      DATABASE_PATH: dbPath,
      JWT_SECRET_KEY: jwt,
      HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
      PUBLIC_URL: 'http://bench.example',
      LOG_LEVEL: 'warn',
    },
    dotenvPath: false,
  });
  if (groupCommit) deps.commits = createGroupCommit(conn.sqlite, { offThreadSync: true, checkpoints: {} }); // as the app's `all` role does
  const app = buildServer({ core: deps, config, log: createLogger({ level: 'warn' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As the app does once started (src/cli.ts).
  limitHeapGrowth();
  process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port, ...ids })}\n`);
}

async function builtServer(): Promise<void> {
  const jwt = randomBytes(48).toString('base64');
  const { conn, dbPath, ids } = await seeded(jwt);
  conn.close();
  const shipped = await startShippedApp('api', dbPath, { JWT_SECRET_KEY: jwt, BACKUP_DIR: join(dir, 'http-backups') });
  process.stdout.write(`${JSON.stringify({ port: shipped.port, pid: shipped.pid, ...ids })}\n`);
}

if (kind === 'bare') await bare();
else if (kind === 'built') await builtServer();
else await appServer(kind === 'app');
process.on('SIGTERM', () => process.exit(0));
