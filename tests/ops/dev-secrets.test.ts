// Development secrets are generated beside the database when JWT_SECRET_KEY /
// HMAC_SECRET_KEY are not set. A folder that cannot hold them is a
// configuration problem named in one line (it was a stack trace from
// fs.mkdirSync), and the commands that sign nothing (backup, healthcheck) never
// write them: a wrong DATABASE_PATH grew a folder with two new secrets while
// backup said "Nothing was created".
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApp } from './support/app-process.js';
import { cleanupsAfterEach } from '../support/cleanup.js';

const NO_SECRETS = { JWT_SECRET_KEY: '', HMAC_SECRET_KEY: '' };

const cleanups = cleanupsAfterEach();
const tempDir = (): string => cleanups.tempDir('fb-dev-secrets-');

describe('development secrets beside the database', () => {
  it('a folder that cannot hold them stops the start naming DATABASE_PATH, in one line, exit 78', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const db = join(dir, 'file', 'data', 'finance.db');
    const app = runApp([], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await app.exit()).toBe(78);
    const out = app.output();
    // The folder of a DATABASE_PATH that is set is never made: said before any secret is tried.
    expect(out).toMatch(/DATABASE_PATH: .*file is a file, not a folder, .*\(ENOTDIR\)/);
    expect(out).toContain(join(dir, 'file', 'data'));
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).not.toMatch(/failed to start/);
  }, 60_000);

  it('backup and healthcheck with a wrong DATABASE_PATH create no folder and no secret', async () => {
    const dir = tempDir();
    const db = join(dir, 'nowhere', 'finance.db');
    const backup = runApp(['backup'], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await backup.exit()).toBe(78);
    expect(backup.output()).toContain('Nothing was created');
    const health = runApp(['healthcheck'], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await health.exit()).toBe(1);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('the app itself still generates them on its first start', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const db = join(dir, 'data', 'finance.db');
    const app = runApp(['migrate'], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await app.exit()).toBe(0);
    expect(readdirSync(join(dir, 'data'))).toEqual(expect.arrayContaining(['.jwt-secret-key', '.hmac-secret-key', 'finance.db']));
  }, 60_000);
});
