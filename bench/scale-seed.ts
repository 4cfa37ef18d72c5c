// The start of the at-scale parts (bench/history.ts, bench/reports.ts): a database of their own with a user,
// and the bulk insert of their many transactions.
import { openDatabase, type Connection } from '../src/db/connection.js';
import { runMigrations } from '../src/db/migrate.js';
import { ensureTelegramUser, type CoreDeps } from '../src/domain/index.js';

/**
 * A migrated database at `path` (synchronous=NORMAL: these parts measure reads and CPU, not fsync) whose clock
 * stands at `now`, with the Telegram user of chat 1, `firstName`: the owner of what is seeded. The caller closes it.
 */
export function openScaleDatabase(path: string, now: number, firstName: string): { conn: Connection; deps: CoreDeps; owner: number } {
  const conn = openDatabase(path, { synchronous: 'NORMAL' });
  try {
    runMigrations(conn.db);
    const deps: CoreDeps = { db: conn.db, clock: () => now };
    const owner = ensureTelegramUser(deps, { chatId: 1, firstName }).user.id;
    return { conn, deps, owner };
  } catch (e) {
    conn.close();
    throw e;
  }
}

/** Runs `insert`, the bulk seeding of `rows` transactions (said on stderr as `<part>: seeding …`), then ANALYZE; the seconds it took. */
export function seedInBulk(conn: Connection, part: string, rows: number, insert: () => void): number {
  process.stderr.write(`${part}: seeding ${rows.toLocaleString('en-US')} transactions…\n`);
  const start = Date.now();
  insert();
  conn.sqlite.exec('ANALYZE');
  return (Date.now() - start) / 1000;
}
