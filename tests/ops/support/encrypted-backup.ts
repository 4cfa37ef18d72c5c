// An encrypted backup beside a live database, for the restore tests that read a passphrase.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase } from '../../../src/db/backup.js';
import { encryptBackup } from '../../../src/db/backup-crypto.js';
import { openDatabase } from '../../../src/db/connection.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { cleanupsAfterEach } from '../../support/cleanup.js';

export const PASSPHRASE = 'correct horse battery';

/**
 * Returns a maker of folders, each with an encrypted backup (`enc`, of a migrated database,
 * under PASSPHRASE) and a live database (`db`, in `data/`) beside it; removed after each test.
 */
export function encryptedBackups(prefix: string): () => { dir: string; enc: string; db: string } {
  const cleanups = cleanupsAfterEach();
  return () => {
    const dir = cleanups.tempDir(prefix);
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
