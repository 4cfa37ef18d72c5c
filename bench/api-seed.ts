// The database the API benchmarks run against (bench/server.ts's servers, bench/post-cpu.ts's built trees).
import { createTokenService } from '../src/api/tokens.js';
import { openDatabase, type Connection } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { startSession } from '../src/domain/auth/sessions.js';
import { createFamily, createTransaction, createWallet, ensureTelegramUser, listCategories, listWallets, type CoreDeps } from '../src/domain/index.js';

export type ApiSeed = { conn: Connection; deps: CoreDeps; ids: { token: string; familyId: number; walletId: number; categoryId: number } };

/**
 * A migrated database at `dbPath` (synchronous=FULL) with a family, its funded Cash wallet and a Card, and a
 * session token for its owner signed with `jwt`; `categoryId` is an expense category. The connection stays open.
 */
export async function seedApiDatabase(dbPath: string, jwt: string): Promise<ApiSeed> {
  const conn = openDatabase(dbPath, { synchronous: 'FULL' });
  runMigrations(conn.db);
  const deps: CoreDeps = { db: conn.db, clock: Date.now };
  const owner = ensureTelegramUser(deps, { chatId: 1, firstName: 'Bench' }).user.id;
  const familyId = createFamily(deps, owner, { name: 'Bench', baseCurrency: 'USD' }).id;
  const walletId = listWallets(deps, owner, familyId)[0]!.id;
  createWallet(deps, owner, { familyId, name: 'Card', type: 'card', currency: 'USD' });
  const cats = listCategories(deps, owner, familyId);
  const categoryId = cats.find((c) => c.kind === 'expense')!.id;
  createTransaction(deps, owner, { familyId, toWalletId: walletId, amountMinor: 1_000_000_000_000, categoryId: cats.find((c) => c.kind === 'income')!.id });
  const token = (await createTokenService(jwt, Date.now).issue(owner, startSession(deps, owner).sessionId)).token;
  return { conn, deps, ids: { token, familyId, walletId, categoryId } };
}
