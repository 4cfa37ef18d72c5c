// Files that hold the books or the keys are the owner's alone, whatever the
// umask: the database, its WAL and SHM, backups, and generated secrets.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { backupDatabase } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';

const mode = (path: string) => statSync(path).mode & 0o777;

let dir: string;
let previousUmask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-modes-'));
  // The most careless umask there is: without our own chmod, files would be world-writable.
  previousUmask = process.umask(0o000);
});
afterEach(() => {
  process.umask(previousUmask);
  rmSync(dir, { recursive: true, force: true });
});

describe('file modes under umask 000', () => {
  it('the database, its WAL and SHM and a new data folder are owner-only', () => {
    const path = join(dir, 'new-folder', 'finance.db');
    const conn = openDatabase(path);
    runMigrations(conn.db);
    conn.sqlite.exec("insert into users (name, created_at, updated_at) values ('a', 1, 1)");
    try {
      expect(existsSync(`${path}-wal`)).toBe(true);
      expect(existsSync(`${path}-shm`)).toBe(true);
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
      expect(mode(`${path}-shm`)).toBe(0o600);
      expect(mode(join(dir, 'new-folder'))).toBe(0o700);
    } finally {
      conn.close();
    }
  });

  it('an existing database left world-readable is tightened when opened', () => {
    const path = join(dir, 'old.db');
    writeFileSync(path, '', { mode: 0o666 });
    expect(mode(path)).toBe(0o666);
    openDatabase(path).close();
    expect(mode(path)).toBe(0o600);
  });

  it('a backup is owner-only', async () => {
    const conn = openDatabase(join(dir, 'finance.db'));
    runMigrations(conn.db);
    try {
      const target = join(dir, 'backups', 'copy.db');
      await backupDatabase(conn.sqlite, target);
      expect(mode(target)).toBe(0o600);
      expect(mode(join(dir, 'backups'))).toBe(0o700);
    } finally {
      conn.close();
    }
  });

  it('generated development secrets are owner-only, and a loosened one is tightened on the next start', () => {
    // The default DATABASE_PATH (./data/finance.db): its folder is made (one that is set must exist).
    const cwd = process.cwd();
    process.chdir(dir);
    const db = './data/finance.db';
    try {
      loadConfig({ env: {}, dotenvPath: false });
    } finally {
      process.chdir(cwd);
    }
    for (const f of ['.jwt-secret-key', '.hmac-secret-key']) expect(mode(join(dir, 'data', f))).toBe(0o600);
    expect(mode(join(dir, 'data'))).toBe(0o700);
    writeFileSync(join(dir, 'data', '.jwt-secret-key'), 'y'.repeat(48) + '\n', { mode: 0o644 });
    loadConfig({ env: { DATABASE_PATH: join(dir, db) }, dotenvPath: false });
    expect(mode(join(dir, 'data', '.jwt-secret-key'))).toBe(0o600);
  });
});
