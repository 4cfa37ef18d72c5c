// The single executable (`npm run build:binary`) runs the same program:
// migrations, the HTTP API with its docs, and the bot against a Bot API server,
// with no node_modules, drizzle/ or locales/ beside it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { exitCode, listeningPort } from '../support/net.js';
import { expectBotInRussian, expectDocsAndMiniApp } from './support/served.js';


describe('single executable', () => {
  let dir: string;
  let binary: string;
  let tg: FakeTelegram;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-binary.mjs'], { stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'fb-binary-'));
    // Moved away from the project, so nothing can be found through the source tree.
    binary = join(dir, 'finance-bot');
    copyFileSync('dist/finance-bot', binary);
    execFileSync('chmod', ['755', binary]);
    tg = await startFakeTelegram();
  }, 420_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await tg?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Node's pending deprecations on, as for the built tree (tests/ops/built-tree.test.ts): a later Node prints them.
  const env = (extra: Record<string, string>) => ({ PATH: process.env['PATH'] ?? '', HOME: dir, NODE_PENDING_DEPRECATION: '1', LOG_LEVEL: 'warn', DATABASE_PATH: join(dir, 'data', 'finance.db'), ...extra });

  it('applies the embedded migrations', () => {
    const out = execFileSync(binary, ['migrate'], { cwd: dir, env: env({ LOG_LEVEL: 'info' }), encoding: 'utf8' });
    expect(out).toContain('migrations applied');
  });

  it('unpacks into a private per-user cache and replaces a planted addon instead of loading it', () => {
    const cache = join(dir, '.cache', 'finance-bot');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const [version] = readdirSync(cache);
    const addon = join(cache, version!, 'better_sqlite3.node');
    const genuine = readFileSync(addon);
    writeFileSync(addon, 'planted by another user');
    const out = execFileSync(binary, ['migrate'], { cwd: dir, env: env({ LOG_LEVEL: 'info' }), encoding: 'utf8' });
    expect(out).toContain('migrations applied');
    expect(readFileSync(addon).equals(genuine)).toBe(true);
    // A cache folder others can enter is refused; the temp folder is used instead.
    execFileSync('chmod', ['777', cache]);
    const tmp = join(dir, 'tmp');
    execFileSync('mkdir', ['-p', tmp]);
    execFileSync(binary, ['migrate'], { cwd: dir, env: env({ TMPDIR: tmp }), encoding: 'utf8' });
    expect(readdirSync(tmp)).toEqual([`finance-bot-${process.getuid?.() ?? 'user'}`]);
  });

  it('serves the API and its docs and runs the bot, then stops on SIGTERM', { timeout: 60_000 }, async () => {
    let output = '';
    child = spawn(binary, ['all'], { cwd: dir, env: env({ LOG_LEVEL: 'info', PORT: '0', BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot }), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const port = await listeningPort(child, () => output);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(10_000) })).json()) as { status: string; version: string };
    expect(health).toMatchObject({ status: 'ok', version: '0.1.0' });
    // Swagger UI's files, the Mini App's page and the locales come from the executable's embedded copies.
    await expectDocsAndMiniApp(`http://127.0.0.1:${port}`);
    await expectBotInRussian(tg, 9100, () => output);

    child.kill('SIGTERM');
    expect(await exitCode(child, () => output), output.slice(-2000)).toBe(0);
    expect(output).not.toContain('Warning:');
  });
});
