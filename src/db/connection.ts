// Opens the SQLite file with the pragmas this app relies on. One writer
// connection per process; other processes (worker, api) open their own and
// WAL plus busy_timeout lets them share the file.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';
import { seaNativeBinding } from '../runtime/sea.js';

export type DB = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;
export type Synchronous = 'FULL' | 'NORMAL';

export type Connection = { sqlite: Sqlite; db: DB; close: () => void };

export function openDatabase(path: string, options: { synchronous?: Synchronous; busyTimeoutMs?: number } = {}): Connection {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const nativeBinding = seaNativeBinding();
  // The typings only know the string form; the addon-object form is documented and supported.
  const sqlite = new Database(path, nativeBinding ? ({ nativeBinding } as unknown as Database.Options) : {});
  sqlite.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit: a committed payment survives power
  // loss. NORMAL is faster but may lose the last commits (never corrupts).
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const db = drizzle(sqlite, { schema });
  let closed = false;
  return {
    sqlite,
    db,
    close: () => {
      if (closed) return;
      closed = true;
      sqlite.close();
    },
  };
}
