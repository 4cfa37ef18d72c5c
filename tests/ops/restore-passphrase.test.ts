// `finance-bot restore` of an encrypted backup with no passphrase given at all (stdin
// empty or closed, as from a script or `< /dev/null`; an empty passphrase file) said
// "Wrong passphrase" and exited 2, as if one had been typed wrong. It now says no
// passphrase was given and how to give one, exits 64 (a usage error) and changes nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encryptedBackups, PASSPHRASE } from './support/encrypted-backup.js';
import { runApp } from './support/app-process.js';

const NO_SECRETS = { JWT_SECRET_KEY: '', HMAC_SECRET_KEY: '' };

const setUp = encryptedBackups('fb-restore-pass-');

describe('restore of an encrypted backup without a passphrase', () => {
  it('stdin closed or empty, an empty or missing passphrase file: "no passphrase", exit 64, nothing changed', async () => {
    const { dir, enc, db } = setUp();
    const before = readFileSync(db);
    const dataFiles = readdirSync(join(dir, 'data')).sort();
    const emptyFile = join(dir, 'empty.txt');
    writeFileSync(emptyFile, '\n');

    for (const [args, input, said] of [
      [['restore', enc], undefined, /finance\.db\.enc is encrypted and no passphrase was given \(stdin was empty\)/],
      [['restore', enc], '', /no passphrase was given/],
      [['restore', enc, '--passphrase-file', emptyFile], undefined, /the passphrase file .*empty\.txt is empty/],
      [['restore', '--passphrase-file', join(dir, 'nope.txt'), enc], undefined, /the passphrase file .*nope\.txt cannot be read/],
    ] as const) {
      const app = runApp([...args], { DATABASE_PATH: db }, input);
      const what = `${args.join(' ')} (stdin ${input === undefined ? '/dev/null' : 'closed'})`;
      expect(await app.exit(), `${what}\n${app.output()}`).toBe(64);
      const out = app.output();
      expect(out, what).toMatch(said);
      expect(out, what).toMatch(/--passphrase-file FILE/);
      expect(out, what).toMatch(/Nothing was changed/);
      expect(out, what).not.toMatch(/[Ww]rong passphrase/);
      expect(out, what).not.toMatch(/\n\s+at /);
      expect(readdirSync(join(dir, 'data')).sort(), what).toEqual(dataFiles);
      expect(readFileSync(db).equals(before), what).toBe(true);
    }
  }, 90_000);

  it('into a new folder: no folder and no secret are left behind', async () => {
    const { dir, enc } = setUp();
    const db = join(dir, 'new', 'data', 'finance.db');
    const app = runApp(['restore', enc], { ...NO_SECRETS, DATABASE_PATH: db });
    expect(await app.exit(), app.output()).toBe(64);
    expect(app.output()).toMatch(/no passphrase was given/);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  }, 60_000);

  it('--passphrase-file without a file name is a usage error, not a read of stdin', async () => {
    const { enc, db } = setUp();
    const app = runApp(['restore', enc, '--passphrase-file'], { DATABASE_PATH: db }, `${PASSPHRASE}\n`);
    expect(await app.exit(), app.output()).toBe(64);
    expect(app.output()).toMatch(/--passphrase-file needs a file name/);
    expect(app.output()).not.toMatch(/Restored/);
  }, 60_000);

  it('a wrong passphrase is still called wrong (exit 2); the right one on stdin or in a file restores', async () => {
    const { dir, enc, db } = setUp();
    const wrong = runApp(['restore', enc], { DATABASE_PATH: db }, 'wrong horse\n');
    expect(await wrong.exit(), wrong.output()).toBe(2);
    expect(wrong.output()).toMatch(/Wrong passphrase/);

    const right = runApp(['restore', enc], { DATABASE_PATH: db }, `${PASSPHRASE}\n`);
    expect(await right.exit(), right.output()).toBe(0);
    expect(right.output()).toContain(`Restored ${enc} into ${db}`);

    const file = join(dir, 'pass.txt');
    writeFileSync(file, `${PASSPHRASE}\n`);
    const fromFile = runApp(['restore', '--passphrase-file', file, enc], { DATABASE_PATH: db });
    expect(await fromFile.exit(), fromFile.output()).toBe(0);
  }, 90_000);
});
