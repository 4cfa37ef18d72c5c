// A server for the HTTP benchmarks, in its own process so the load generator
// (autocannon, in bench/run.ts) does not share its event loop:
//   tsx bench/server.ts bare|app|app-single  <dir>
// bare: Fastify 5 with one route answering a constant wallets list (the baseline).
// app: buildServer over a migrated database (synchronous=FULL) with a family, two
// wallets and a token, group commit on; app-single: the same without group commit
// (each request its own durable COMMIT). Prints one JSON line: port, token, ids.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify from 'fastify';
import { buildServer } from '../src/api/index.js';
import { createTokenService } from '../src/api/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { startSession } from '../src/domain/auth/sessions.js';
import {
  createFamily,
  createGroupCommit,
  createTransaction,
  createWallet,
  ensureTelegramUser,
  listCategories,
  listWallets,
  type CoreDeps,
} from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { limitHeapGrowth } from '../src/runtime/heap-growth.js';

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

async function appServer(groupCommit: boolean): Promise<void> {
  const conn = openDatabase(join(dir, `${kind}.db`), { synchronous: 'FULL' });
  runMigrations(conn.db);
  const deps: CoreDeps = { db: conn.db, clock: Date.now };
  const owner = ensureTelegramUser(deps, { chatId: 1, firstName: 'Bench' }).user.id;
  const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'USD' }).id;
  const walletId = listWallets(deps, owner, familyId)[0]!.id;
  createWallet(deps, owner, { familyId, name: 'Card', type: 'card', currency: 'USD' });
  const cats = listCategories(deps, owner, familyId);
  const categoryId = cats.find((c) => c.kind === 'expense')!.id;
  createTransaction(deps, owner, { familyId, toWalletId: walletId, amountMinor: 1_000_000_000_000, categoryId: cats.find((c) => c.kind === 'income')!.id });
  const jwt = randomBytes(48).toString('base64');
  const config = loadConfig({
    env: {
      NODE_ENV: 'production',
      DATABASE_PATH: join(dir, `${kind}.db`),
      JWT_SECRET_KEY: jwt,
      HMAC_SECRET_KEY: randomBytes(48).toString('base64'),
      PUBLIC_URL: 'http://bench.example',
      LOG_LEVEL: 'warn',
    },
    dotenvPath: false,
  });
  if (groupCommit) deps.commits = createGroupCommit(conn.sqlite);
  const token = (await createTokenService(jwt, Date.now).issue(owner, startSession(deps, owner).sessionId)).token;
  const app = buildServer({ core: deps, config, log: createLogger({ level: 'warn' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // As the app does once started (src/cli.ts).
  limitHeapGrowth();
  process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port, token, familyId, walletId, categoryId })}\n`);
}

if (kind === 'bare') await bare();
else await appServer(kind === 'app');
process.on('SIGTERM', () => process.exit(0));
