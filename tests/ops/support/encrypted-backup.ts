// An encrypted backup beside a live database, for the restore tests that read a passphrase.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { backupDatabase } from '../../../src/db/backup.js';
import { encryptBackup } from '../../../src/db/backup-crypto.js';
import { openDatabase } from '../../../src/db/connection.js';
import { runMigrations } from '../../../src/db/migrate.js';

export const PASSPHRASE = 'correct horse battery';

/**
 * Returns a maker of folders, each with an encrypted backup (`enc`, of a migrated database,
 * under PASSPHRASE) and a live database (`db`, in `data/`) beside it; removed after each test.
 */
export function encryptedBackups(prefix: string): () => { dir: string; enc: string; db: string } {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    const db = join(dir, 'data', 'finance.db');
    const live = openDatabase(db);
    runMigrations(live.db);
    const plain = join(dir, 'plain.db');
    backupDatabase(live.sqlite, plain);
    live.close();
    const enc = join(dir, 'finance.db.enc');
    writeFileSync(enc, encryptBackup(readFileSync(plain), PASSPHRASE));
    rmSync(plain);
    return { dir, enc, db };
  };
}
