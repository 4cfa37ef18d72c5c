// A BACKUP_DIR you set is never created by finance-bot. It made the folder and
// every missing parent: with BACKUP_DIR on a USB disk or a network share that
// was not mounted (after a reboot), the daily backups went into the empty
// mount point on the system disk, logged as written, and nobody was told;
// a typo grew a new tree of folders the same way. Now that is a failed backup
// (the owner hears "check that the folder exists"), and the default folder,
// backups/ beside the database, is still made on first use.
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { outbox } from '../../src/db/schema.js';
import { createBackupSchedule, rotateBackups } from '../../src/jobs/backups.js';
import { createLogger } from '../../src/logger.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

const SECRETS = { JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) };

function schedule(t: TestDb, env: Record<string, string>) {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const config = loadConfig({ env: { DATABASE_PATH: t.path, ...SECRETS, ...env }, dotenvPath: false });
  return { schedule: createBackupSchedule({ deps: t.deps, sqlite: t.conn.sqlite, config, log })!, lines };
}

describe('the scheduled backup folder', () => {
  it('a BACKUP_DIR on a disk that is not mounted fails the backup and creates nothing; once it is there, backups go in', () => {
    t = createTestDb();
    makeFamily(t.deps);
    const mountPoint = join(t.dir, 'mnt', 'usb');
    mkdirSync(mountPoint, { recursive: true }); // the empty folder a disk is mounted on
    const folder = join(mountPoint, 'finance-backups');
    const { schedule: s, lines } = schedule(t, { BACKUP_DIR: folder });
    expect(s.tick(t.clock.now)).toBe('failed');
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(mountPoint)).toEqual([]);
    expect(lines.join('\n')).toMatch(/does not exist.*BACKUP_DIR/);
    const notices = t.deps.db.select().from(outbox).all().filter((r) => r.topic === 'backup.failed');
    expect(notices.map((n) => JSON.parse(n.payload) as { reason: string })).toEqual([expect.objectContaining({ reason: 'folder_not_writable', folder })]);

    mkdirSync(folder); // the disk is mounted again
    expect(s.tick(t.clock.now + 3600_000)).toBe('done');
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('the default folder, backups/ beside the database, is made on first use', () => {
    t = createTestDb();
    const { schedule: s } = schedule(t, {});
    expect(s.tick(t.clock.now)).toBe('done');
    expect(readdirSync(join(t.dir, 'backups'))).toHaveLength(1);
  });

  it('a copy a killed backup left half-written is removed once it is a day old; one in progress and other files stay', () => {
    t = createTestDb();
    const dir = join(t.dir, 'backups');
    mkdirSync(dir);
    // kill -9, an OOM kill or a power cut during VACUUM INTO: the whole database under a hidden name.
    const stale = '.finance-2026-11-20.db.partial-4242-0badf00d';
    const inProgress = '.finance-2026-11-25.db.partial-4343-feedbeef';
    for (const name of [stale, inProgress, '.my-notes', 'finance-2026-11-25.db']) writeFileSync(join(dir, name), 'x');
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(join(dir, stale), twoDaysAgo, twoDaysAgo);
    utimesSync(join(dir, '.my-notes'), twoDaysAgo, twoDaysAgo);
    expect(rotateBackups({ dir, keepDaily: 7, keepWeekly: 4 })).toEqual([stale]);
    expect(readdirSync(dir).sort()).toEqual([inProgress, '.my-notes', 'finance-2026-11-25.db'].sort());
  });
});
