// Configuration for self-hosters: Docker secrets as NAME_FILE, LOG_LEVEL in
// any case, the instance policy and backup settings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const base = () => {
  dir = mkdtempSync(join(tmpdir(), 'fb-config-'));
  // A DATABASE_PATH that is set names a folder that exists (config.test.ts).
  mkdirSync(join(dir, 'data'));
  return { DATABASE_PATH: join(dir, 'data', 'finance.db') };
};

describe('configuration for self-hosting', () => {
  it('reads NAME_FILE (Docker secrets) without the trailing newline, and refuses NAME and NAME_FILE together', () => {
    const env = base();
    const secret = 'Vb7nQ2xL9pK4mR8tW3yZ6cF1hJ5dS0gA';
    writeFileSync(join(dir!, 'jwt'), `${secret}\n`);
    const config = loadConfig({ env: { ...env, JWT_SECRET_KEY_FILE: join(dir!, 'jwt'), HMAC_SECRET_KEY: 'Hq4wE7rT1yU5iO9pA3sD6fG8hJ2kL0zX' }, dotenvPath: false });
    expect(config.secrets.jwt).toBe(secret);
    expect(() => loadConfig({ env: { ...env, JWT_SECRET_KEY: secret, JWT_SECRET_KEY_FILE: join(dir!, 'jwt') }, dotenvPath: false })).toThrow(/set only one/);
    try {
      loadConfig({ env: { ...env, BOT_TOKEN_FILE: join(dir!, 'missing') }, dotenvPath: false });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toMatch(/BOT_TOKEN_FILE: cannot read .*missing \(ENOENT\)/);
    }
  });

  it('accepts LOG_LEVEL in any case and still refuses an unknown level', () => {
    const env = base();
    expect(loadConfig({ env: { ...env, LOG_LEVEL: 'DEBUG' }, dotenvPath: false }).logLevel).toBe('debug');
    expect(() => loadConfig({ env: { ...env, LOG_LEVEL: 'LOUD' }, dotenvPath: false })).toThrow(/LOG_LEVEL/);
  });

  it('backups go beside the database by default; the instance policy is invite with an optional allowlist', () => {
    const env = base();
    const c = loadConfig({ env, dotenvPath: false });
    expect(c.backup).toEqual({ dir: join(dir!, 'data', 'backups'), keepDaily: 7, keepWeekly: 4 });
    expect(c.instance).toEqual({ mode: 'invite', allowedTelegramIds: [] });
    const d = loadConfig({ env: { ...env, INSTANCE_POLICY: 'open', INSTANCE_ALLOWED_TELEGRAM_IDS: '12345, 67890' }, dotenvPath: false });
    expect(d.instance).toEqual({ mode: 'open', allowedTelegramIds: [12345, 67890] });
    expect(() => loadConfig({ env: { ...env, INSTANCE_ALLOWED_TELEGRAM_IDS: '@ann' }, dotenvPath: false })).toThrow(/INSTANCE_ALLOWED_TELEGRAM_IDS/);
  });
});
