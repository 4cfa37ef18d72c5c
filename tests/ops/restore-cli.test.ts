// The README's restore procedure, native: `finance-bot restore FILE` refuses
// while the app runs on the database, then restores once it stopped, keeping
// the old database aside and saying what to do about the secrets.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { runApp, type AppProcess } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const cleanups = cleanupsAfterEach();

describe('finance-bot restore FILE', () => {
  it('refuses while a worker runs on the database, restores after it stopped', { timeout: 120_000 }, async () => {
    const dir = cleanups.tempDir('fb-restore-');
    const db = join(dir, 'finance.db');
    const env = { DATABASE_PATH: db };
    const worker: AppProcess = runApp(['worker'], env);
    cleanups.push(() => {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    });
    await worker.waitFor(/finance-bot started/);
    const backup = join(dir, 'finance-backup.db');
    const c = openDatabase(db);
    backupDatabase(c.sqlite, backup);
    c.close();

    const refused = runApp(['restore', backup], env);
    expect(await refused.exit()).toBe(2);
    expect(refused.output()).toMatch(/finance-bot is running on .*worker on/);

    worker.child.kill('SIGTERM');
    expect(await worker.exit()).toBe(0);
    const restored = runApp(['restore', backup], env);
    expect(await restored.exit(), restored.output()).toBe(0);
    const out = restored.output();
    expect(out).toContain(`Restored ${backup} into ${db}`);
    const aside = /kept as (\S+) /.exec(out)?.[1];
    expect(aside && existsSync(aside)).toBe(true);
    expect(out).toMatch(/Secrets are not part of a backup/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});
