// A failed scheduled backup reaches the instance owner (the first family's
// creator) in Telegram through the outbox, and nobody else: in the owner's
// language, with a stable reason, the backup folder and what to check. The raw
// error (errno text, the temporary file's name, a stack) goes to the log only.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { enqueueOutbox, setUserLocale, writeTx } from '../../src/domain/index.js';
import { backupFailureReason, createBackupSchedule } from '../../src/jobs/backups.js';
import { BackupError } from '../../src/db/backup.js';
import { createLogger } from '../../src/logger.js';
import { makeFamily } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { chatOf, fakePeople } from '../jobs/support/env.js';
import { lastOutboxId, startHarness, type Harness } from '../jobs/support/jobs-harness.js';

let t: TestDb | undefined;
let tg: FakeTelegram | undefined;
let jobs: Harness | undefined;
afterEach(async () => {
  await jobs?.stop();
  await tg?.close();
  t?.cleanup();
});

/** A backup schedule whose folder lies under a regular file (it cannot be created); the log lines are kept. */
function failingSchedule(t: TestDb) {
  const broken = join(t.dir, 'not-a-folder');
  writeFileSync(broken, 'x');
  const folder = join(broken, 'backups');
  const config = loadConfig({ env: { DATABASE_PATH: t.path, BACKUP_DIR: folder, JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) }, dotenvPath: false });
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const schedule = createBackupSchedule({ deps: t.deps, sqlite: t.conn.sqlite, config, log })!;
  return { schedule, folder, lines };
}

describe('backup failure notice', () => {
  it('tells the owner only, in words: the folder cannot be written, which folder, what to check; the raw error is in the log', async () => {
    t = createTestDb();
    tg = await startFakeTelegram();
    const f = makeFamily(t.deps);
    const people = fakePeople(t.deps, tg);
    const { schedule, folder, lines } = failingSchedule(t);
    expect(schedule.tick(t.clock.now)).toBe('failed');
    // The log has the raw error, for whoever runs the server.
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; reason?: string; err?: { message?: string } }).find((l) => l.msg.startsWith('scheduled backup failed'));
    expect(logged).toMatchObject({ reason: 'folder_not_writable', err: { message: expect.stringMatching(/ENOTDIR/) } });

    jobs = await startHarness(t, { tg });
    await jobs.waitForJob(lastOutboxId(t, 'backup.failed'));
    const texts = (id: number) => chatOf(people, id).messages().map((m) => m.text ?? '');
    const notices = texts(f.owner).filter((x) => /scheduled backup/.test(x));
    expect(notices).toEqual([
      "⚠️ Today's scheduled backup of the finance-bot database failed: the backup folder cannot be written.\n" +
        `Backup folder: ${folder}\n` +
        "Check that the folder exists, is a folder and that finance-bot's user may write to it (BACKUP_DIR).\n" +
        'The next attempt is in an hour.',
    ]);
    // Nothing of the raw error: no errno, no system call, no temporary file, no stack.
    expect(notices[0]).not.toMatch(/ENOTDIR|not a directory|mkdir|errno|\.partial|finance-\d{4}-\d{2}-\d{2}\.db|Error|\n\s+at /i);
    for (const id of [f.members.admin, f.members.member, f.members.viewer, f.outsider]) expect(texts(id).filter((x) => /backup/i.test(x))).toEqual([]);
  });

  it('is in the owner’s language', async () => {
    t = createTestDb();
    tg = await startFakeTelegram();
    const f = makeFamily(t.deps);
    setUserLocale(t.deps, f.owner, 'ru');
    const people = fakePeople(t.deps, tg);
    const { schedule, folder } = failingSchedule(t);
    expect(schedule.tick(t.clock.now)).toBe('failed');
    jobs = await startHarness(t, { tg });
    await jobs.waitForJob(lastOutboxId(t, 'backup.failed'));
    const notice = chatOf(people, f.owner).messages().map((m) => m.text ?? '').find((x) => x.includes('finance-bot'));
    expect(notice).toContain('Сегодняшняя плановая резервная копия базы finance-bot не удалась: в папку копий нельзя записать.');
    expect(notice).toContain(`Папка копий: ${folder}`);
    expect(notice).not.toMatch(/ENOTDIR|mkdir/);
  });

  it('a notice queued before the reason existed (raw error and path) shows neither the error nor the file', async () => {
    t = createTestDb();
    tg = await startFakeTelegram();
    const f = makeFamily(t.deps);
    const people = fakePeople(t.deps, tg);
    const old = { error: 'ENOSPC: no space left on device, write', path: '/data/backups/finance-2026-11-25.db', at: t.clock.now };
    writeTx(t.deps, (tx) => enqueueOutbox(tx, { topic: 'backup.failed', payload: old as never }, t!.clock.now));
    jobs = await startHarness(t, { tg });
    await jobs.waitForJob(lastOutboxId(t, 'backup.failed'));
    const notice = chatOf(people, f.owner).messages().map((m) => m.text ?? '').find((x) => /scheduled backup/.test(x));
    expect(notice).toContain('failed: something unexpected went wrong.\nBackup folder: /data/backups\n');
    expect(notice).not.toMatch(/ENOSPC|finance-2026/);
  });
});

describe('the reason of a failed backup', () => {
  const coded = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
  it.each([
    ['ENOSPC', 'disk_full'],
    ['SQLITE_FULL', 'disk_full'],
    ['EACCES', 'folder_not_writable'],
    ['EROFS', 'folder_not_writable'],
    ['SQLITE_CANTOPEN', 'folder_not_writable'],
    ['SQLITE_BUSY', 'database_busy'],
    ['SQLITE_IOERR_WRITE', 'other'],
  ])('%s is %s, also as the cause of a BackupError', (code, reason) => {
    expect(backupFailureReason(coded(code))).toBe(reason);
    expect(backupFailureReason(new BackupError('backup to /x failed: boom', 'failed', { cause: coded(code) }))).toBe(reason);
  });
  it('a backup inside a write transaction is the database being busy; a failed check or a non-error is other', () => {
    expect(backupFailureReason(new BackupError('inside a transaction', 'in_transaction'))).toBe('database_busy');
    expect(backupFailureReason(new BackupError('the copy failed its integrity check', 'integrity'))).toBe('other');
    expect(backupFailureReason('nope')).toBe('other');
  });
});
