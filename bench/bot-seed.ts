// The bot benchmarks' database: migrated, synchronous=FULL, each of <users>
// chats owning a funded family, so "5 coffee" from any of them is a quick
// entry (a durable transaction and its confirmation).
//   tsx bench/bot-seed.ts <path> <users>   (seeds and closes the file)
import { openDatabase } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { createFamily, createTransaction, ensureTelegramUser, listCategories, listWallets, type CoreDeps } from '../src/domain/index.js';

export function seedBotDatabase(dbPath: string, users: number): { conn: ReturnType<typeof openDatabase>; deps: CoreDeps } {
  const conn = openDatabase(dbPath, { synchronous: 'FULL' });
  runMigrations(conn.db);
  const deps: CoreDeps = { db: conn.db, clock: Date.now };
  conn.sqlite.exec('BEGIN');
  for (let i = 1; i <= users; i++) {
    const owner = ensureTelegramUser(deps, { chatId: i, telegramUserId: i, firstName: `User ${i}`, languageCode: 'en' }).user.id;
    const family = createFamily(deps, owner, { name: `Family ${i}`, baseCurrency: 'USD', locale: 'en' });
    const income = listCategories(deps, owner, family.id, { kind: 'income' })[0]!;
    createTransaction(deps, owner, { familyId: family.id, toWalletId: listWallets(deps, owner, family.id)[0]!.id, amountMinor: 1_000_000_000, categoryId: income.id });
  }
  conn.sqlite.exec('COMMIT');
  return { conn, deps };
}

if (process.argv[1]?.endsWith('bot-seed.ts')) seedBotDatabase(process.argv[2]!, Number(process.argv[3] ?? 1000)).conn.close();
