// The default PUBLIC_URL (http://HOST:PORT) with PORT=0, the system picking the
// port: it said http://127.0.0.1:0, so the bind link /link sends and the Mini
// App's address pointed nowhere. It now follows the port the server got once it
// listens; a bot-only process (no server) with PORT=0 needs PUBLIC_URL set. An
// IPv6 HOST is put in brackets (http://::1:8000 is no URL).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { listeningPort } from '../support/net.js';
import { runApp, TEST_SECRETS, type AppProcess } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const cleanups = cleanupsAfterEach();
const tempDir = (): string => cleanups.tempDir('fb-public-url-');
function config(env: Record<string, string>, role?: string) {
  return loadConfig({ env: { NODE_ENV: 'test', DATABASE_PATH: join(tempDir(), 'f.db'), ...TEST_SECRETS, ...env }, dotenvPath: false, ...(role ? { role } : {}) });
}

describe('the default PUBLIC_URL', () => {
  it('with PORT=0, /link and /app name the port the server listens on, and the bind link opens', { timeout: 90_000 }, async () => {
    const tg: FakeTelegram = await startFakeTelegram();
    cleanups.push(() => tg.close());
    const dir = tempDir();
    const app: AppProcess = runApp(['all'], { DATABASE_PATH: join(dir, 'finance.db'), PORT: '0', HOST: '127.0.0.1', BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot });
    cleanups.push(async () => {
      if (app.child.exitCode === null) {
        app.child.kill('SIGKILL');
        await app.exit();
      }
    });
    const port = await listeningPort(app.child, app.output);
    expect(port).toBeGreaterThan(0);
    await tg.waitForCall('deleteWebhook', undefined, { timeoutMs: 30_000, includeExisting: true });

    const alice = tg.user({ id: 7301, first_name: 'Alice', language_code: 'en' });
    alice.send('/link');
    const link = await alice.waitForMessage(/bind\?code=/);
    const url = /(http\S+\/bind\?code=\S+)/.exec(link.text ?? '')?.[1];
    expect(url, link.text).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/bind\\?code=`));
    expect((await fetch(url!)).status).toBe(200);

    alice.send('/app');
    const app_ = await alice.waitForMessage(/PUBLIC_URL is/);
    expect(app_.text).toContain(`PUBLIC_URL is http://127.0.0.1:${port}.`);
    expect(app_.text).not.toMatch(/:0\b/);
  });

  it('a bot-only process in polling mode with PORT=0 and no PUBLIC_URL is refused, naming PUBLIC_URL', () => {
    const env = { PORT: '0', BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' };
    expect(() => config(env, 'bot')).toThrow(ConfigError);
    expect(() => config(env, 'bot')).toThrow(/^ {2}- PUBLIC_URL: required by the bot role with PORT=0/m);
    expect(config({ ...env, PUBLIC_URL: 'https://money.example.org' }, 'bot').http.publicUrl).toBe('https://money.example.org');
    // Roles that listen follow the server's port; a set PUBLIC_URL is kept as it is.
    expect(config(env, 'all').http).toMatchObject({ port: 0, publicUrlSet: false });
    expect(config({ ...env, PUBLIC_URL: 'http://money.lan:9000/' }, 'api').http).toMatchObject({ publicUrl: 'http://money.lan:9000', publicUrlSet: true });
  });

  it('an IPv6 HOST is put in brackets; a wildcard HOST is reached as localhost', () => {
    expect(config({ HOST: '::1' }).http.publicUrl).toBe('http://[::1]:8000');
    expect(new URL(`${config({ HOST: '::1' }).http.publicUrl}/app/`).port).toBe('8000');
    expect(config({ HOST: '::' }).http.publicUrl).toBe('http://localhost:8000');
    expect(config({ HOST: '0.0.0.0', PORT: '8080' }).http.publicUrl).toBe('http://localhost:8080');
    expect(config({}).http.publicUrl).toBe('http://127.0.0.1:8000');
  });
});
