// Health that tells the truth: readiness fails with 503 when the database
// cannot be written; a database that cannot work stops the start with one
// sentence naming the path; every role answers `finance-bot healthcheck`;
// Telegram unreachable at start is logged at once and retried, a refused token
// is one clear message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/index.js';
import { READY_PROBE_EVERY_MS } from '../../src/api/routes/health.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';
import { runMigrations } from '../../src/db/migrate.js';
import { DatabaseStartError, openCheckedDatabase } from '../../src/db/preflight.js';
import { createLogger } from '../../src/logger.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { freePort } from '../support/net.js';
import { runApp, TEST_SECRETS, type AppProcess } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const cleanups = cleanupsAfterEach();

const tempDir = (): string => cleanups.tempDir('fb-health-');

function track(app: AppProcess): AppProcess {
  cleanups.push(() => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });
  return app;
}

/** A tiny tmpfs, where the test may mount one (root in a container that allows it). */
function mountTmpfs(sizeKb: number): string | undefined {
  const dir = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  cleanups.push(() => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }));
  return dir;
}

async function readinessServer(path: string) {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const conn = openDatabase(path);
  runMigrations(conn.db);
  const config = loadConfig({ env: { DATABASE_PATH: path, ...TEST_SECRETS }, dotenvPath: false });
  // The API's clock moves one readiness window per call, so every call runs its own probe.
  let apiNow = Date.now();
  const server = buildServer({ core: { db: conn.db, clock: Date.now }, config, log, now: () => apiNow });
  cleanups.push(async () => {
    await server.close();
    conn.close();
  });
  const ready = async () => {
    apiNow += READY_PROBE_EVERY_MS;
    const res = await server.inject({ method: 'GET', url: '/health/ready' });
    return { status: res.statusCode, body: res.json() as unknown };
  };
  return { conn, ready, lines, server };
}

describe('readiness', () => {
  it('answers 503 in the error shape when a write fails, and logs the path', async () => {
    const dir = tempDir();
    const path = join(dir, 'finance.db');
    const s = await readinessServer(path);
    expect(await s.ready()).toEqual({ status: 200, body: { status: 'ready', database: 'ok' } });
    // A simulated write failure: the connection refuses writes, reads still work.
    s.conn.sqlite.pragma('query_only = ON');
    expect(await s.ready()).toEqual({ status: 503, body: { error: { code: 'unavailable', message: expect.stringMatching(/cannot be written/) } } });
    s.conn.sqlite.pragma('query_only = OFF');
    expect((await s.ready()).status).toBe(200);
  });

  it('answers 503 on a full disk (a small tmpfs, where one can be mounted) and 200 again once there is room', async (ctx) => {
    const mnt = mountTmpfs(2048);
    if (!mnt) return ctx.skip(); // the simulated failure above still runs everywhere
    const path = join(mnt, 'finance.db');
    const s = await readinessServer(path);
    expect((await s.ready()).status).toBe(200);
    // Fill the disk.
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=64k', 'count=100'], { stdio: 'ignore' });
    } catch {
      // dd stops with ENOSPC: the disk is full, as wanted
    }
    let full = await s.ready();
    // The WAL may still have room in pages it already holds: write until it is used up.
    for (let i = 0; i < 200 && full.status === 200; i++) full = await s.ready();
    expect(full.status).toBe(503);
    expect(s.lines.join('')).toContain(path);
    rmSync(join(mnt, 'filler'));
    expect((await s.ready()).status).toBe(200);
  });
});

describe('start-time database checks', () => {
  const start = async (dbPath: string) => {
    const app = track(runApp(['migrate'], { DATABASE_PATH: dbPath }));
    const code = await app.exit();
    return { code, out: app.output() };
  };

  it('a parent path that is a file, a file that is not a database, a corrupted database: one sentence naming DATABASE_PATH, no stack, exit 78', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'x');
    const a = await start(join(dir, 'blocker', 'finance.db'));
    // A DATABASE_PATH that is set whose folder is not there: a configuration error (config.test.ts).
    expect(a.code).toBe(78);
    expect(a.out).toMatch(/DATABASE_PATH: .*blocker is a file, not a folder/);

    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'these are my notes, not a database '.repeat(200));
    const b = await start(notDb);
    // A file to fix, which no restart can: exit 78, so systemd's RestartPreventExitStatus=78 stops the loop.
    expect(b.code).toBe(78);
    expect(b.out).toContain(`DATABASE_PATH=${notDb} is not a SQLite database`);

    const corrupt = join(dir, 'corrupt.db');
    const c0 = openDatabase(corrupt);
    runMigrations(c0.db);
    c0.sqlite.exec("create table filler (x); insert into filler select randomblob(1000) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 200) select i from n);");
    c0.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    c0.close();
    // Overwrite a page in the middle of the file with garbage.
    const fd = (await import('node:fs')).openSync(corrupt, 'r+');
    (await import('node:fs')).writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 20);
    (await import('node:fs')).closeSync(fd);
    const c = await start(corrupt);
    expect(c.code).toBe(78);
    expect(c.out).toContain(`DATABASE_PATH=${corrupt}: the database is corrupted`);

    // `echo > finance.db`: SQLite took a file of one byte for an empty database and wrote a new one over it.
    const newline = join(dir, 'newline.db');
    writeFileSync(newline, '\n');
    const d = await start(newline);
    expect(d.code).toBe(78);
    expect(d.out).toContain(`DATABASE_PATH=${newline} is not a SQLite database`);
    expect(readFileSync(newline, 'utf8')).toBe('\n');

    for (const r of [a, b, c, d]) expect(r.out).not.toMatch(/\n\s+at /);
    for (const r of [b, c, d]) expect(r.out.trim().split('\n')).toHaveLength(1);
    // The configuration error's one problem line, as every configuration error is shown.
    expect(a.out.trim().split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(1);
  });

  it('a database path that is a symlink to a missing place (a disk not mounted) names DATABASE_PATH in one sentence', { timeout: 60_000 }, async () => {
    // It was "finance-bot failed to start: Error: ENOENT … at ownerOnlyFile" and a stack trace.
    const dir = tempDir();
    const link = join(dir, 'finance.db');
    symlinkSync(join(dir, 'unmounted-disk', 'finance.db'), link);
    const r = await start(link);
    // As a set DATABASE_PATH whose folder is missing (config.test.ts): exit 78.
    expect(r.code).toBe(78);
    expect(r.out).toContain(`DATABASE_PATH=${link}: cannot open the database (ENOENT`);
    expect(r.out).toMatch(/not mounted/);
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(r.out.trim().split('\n')).toHaveLength(1);
  });

  it('a read-only database stops the start with the path', { timeout: 120_000 }, async (ctx) => {
    const mnt = mountTmpfs(4096);
    let path: string;
    if (mnt) {
      path = join(mnt, 'finance.db');
      expect((await start(path)).code).toBe(0);
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      cleanups.push(() => execFileSync('mount', ['-o', 'remount,rw', mnt], { stdio: 'ignore' }));
    } else if (process.getuid?.() !== 0) {
      const dir = tempDir();
      path = join(dir, 'finance.db');
      expect((await start(path)).code).toBe(0);
      execFileSync('chmod', ['0555', dir]);
      execFileSync('chmod', ['0444', path]);
      cleanups.push(() => execFileSync('chmod', ['-R', 'u+w', dir]));
    } else {
      return ctx.skip(); // root without mount: permissions cannot make a file read-only
    }
    const r = await start(path);
    expect(r.code).toBe(78);
    expect(r.out).toContain(`DATABASE_PATH=${path}: the database cannot be written`);
    expect(r.out).toMatch(/read-only/);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  it('a writable database in a read-only folder (WAL makes its -wal and -shm files there) stops the start naming DATABASE_PATH, exit 78', { timeout: 120_000 }, async () => {
    // It was "finance-bot failed to start: SqliteError: attempt to write a readonly database" and a stack trace.
    const dir = tempDir();
    const folder = join(dir, 'data');
    mkdirSync(folder);
    const path = join(folder, 'finance.db');
    expect((await start(path)).code).toBe(0);
    // Root may write anywhere: the app then runs as another user, who owns the folder and the file.
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    if (as) {
      execFileSync('chmod', ['0755', dir]);
      execFileSync('chown', ['-R', `${as.uid}:${as.gid}`, folder]);
    }
    execFileSync('chmod', ['0555', folder]);
    cleanups.push(() => execFileSync('chmod', ['0755', folder]));
    const app = track(runApp(['migrate'], { DATABASE_PATH: path }, undefined, undefined, as));
    const code = await app.exit();
    expect(code).toBe(78);
    expect(app.output()).toContain(`DATABASE_PATH=${path}: the database cannot be written (SQLITE_READONLY_DIRECTORY`);
    expect(app.output()).not.toMatch(/\n\s+at /);
    expect(app.output().trim().split('\n')).toHaveLength(1);
  });

  it('a database another process holds locked: the wait is said when it begins, and at its end one sentence naming DATABASE_PATH; exit 1, as a restart may get in', { timeout: 60_000 }, () => {
    // A tool with a write transaction left open (sqlite3, DB Browser): the start waited, then threw SQLITE_BUSY's stack.
    const path = join(tempDir(), 'finance.db');
    openCheckedDatabase(path).close();
    const holder = new Database(path);
    cleanups.push(() => holder.close());
    holder.exec('BEGIN IMMEDIATE');
    let error: unknown;
    // The wait is said when it begins (the start logs it): before, minutes of silence looked like a hang.
    const waits: string[] = [];
    try {
      openCheckedDatabase(path, { lockWait: { ms: 100, onWait: () => waits.push('waiting') } }).close();
    } catch (e) {
      error = e;
    }
    expect(waits).toEqual(['waiting']);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as DatabaseStartError).message).toMatch(new RegExp(`^DATABASE_PATH=${path}: the database is locked by another process .*end its transaction`));
    expect((error as DatabaseStartError).exitCode).toBe(1);
    holder.exec('ROLLBACK');
    openCheckedDatabase(path, { lockWait: { ms: 100 } }).close();
  });
});

describe('healthcheck command', () => {
  it('reports each role healthy while it runs and unhealthy once it stopped', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const db = join(dir, 'finance.db');
    const port = await freePort();
    const env = { DATABASE_PATH: db, PORT: String(port), HOST: '127.0.0.1' };
    const health = async (role: string) => {
      const h = runApp(['healthcheck', role], env);
      return { code: await h.exit(), out: h.output() };
    };
    const worker = track(runApp(['worker'], env));
    await worker.waitFor(/finance-bot started/);
    const api = track(runApp(['api'], env));
    await api.waitFor(/finance-bot started/);
    expect(await health('worker')).toMatchObject({ code: 0 });
    expect(await health('api')).toMatchObject({ code: 0 });
    const bot = await health('bot');
    expect(bot.code).toBe(1);
    expect(bot.out).toMatch(/no heartbeat from the bot role/);
    worker.child.kill('SIGTERM');
    expect(await worker.exit()).toBe(0);
    expect((await health('worker')).code).toBe(1);
    api.child.kill('SIGTERM');
    expect(await api.exit()).toBe(0);
  });

  it('a polling bot beats too; Telegram unreachable is logged at once and retried', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const db = join(dir, 'finance.db');
    const closed = await freePort(); // nothing listens there
    const app = track(runApp(['bot'], { DATABASE_PATH: db, BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}` }));
    await app.waitFor(/connecting to Telegram/);
    await app.waitFor(/Telegram is not reachable; retrying/);
    app.child.kill('SIGTERM');
    await app.exit();

    let tg: FakeTelegram | undefined = await startFakeTelegram();
    cleanups.push(() => tg?.close());
    const bot = track(runApp(['bot'], { DATABASE_PATH: db, BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot }));
    await bot.waitFor(/finance-bot started/);
    const h = runApp(['healthcheck', 'bot'], { DATABASE_PATH: db });
    expect(await h.exit(), h.output()).toBe(0);
    bot.child.kill('SIGTERM');
    expect(await bot.exit()).toBe(0);
    await tg.close();
    tg = undefined;
  });

  it('a token Telegram refuses: one clear message, no stack trace', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const tg = await startFakeTelegram();
    cleanups.push(() => tg.close());
    const app = track(runApp(['bot'], { DATABASE_PATH: join(dir, 'data', 'finance.db'), BOT_TOKEN: '999999:WRONGWRONGWRONGWRONGWRONG', TELEGRAM_API_ROOT: tg.apiRoot }));
    expect(await app.exit()).toBe(78);
    expect(app.output()).toMatch(/Telegram refused BOT_TOKEN \(401/);
    expect(app.output()).not.toMatch(/\n\s+at /);
  });
});
