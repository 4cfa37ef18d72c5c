// `restore` of an encrypted backup read the passphrase from stdin with no end: a pipe that stays open
// and never gets a line (a script that forgot to send it) kept it waiting forever, and at a terminal the
// typed passphrase was echoed. A non-terminal stdin is now waited for RESTORE_PASSPHRASE_TIMEOUT_SECONDS
// (30 by default) and then refused as "no passphrase was given", exit 64, nothing changed; a terminal
// gets the prompt on stderr and raw mode with no echo.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encryptedBackups, PASSPHRASE } from './support/encrypted-backup.js';
import { readSecretLine, type SecretInput } from '../../src/runtime/passphrase-prompt.js';
import { TEST_SECRETS } from './support/app-process.js';


const setUp = encryptedBackups('fb-restore-wait-');

/** `restore FILE` as a process whose stdin is a pipe the test keeps open; exit code (null if killed at `limitMs`) and output. */
function restoreWithOpenPipe(enc: string, env: Record<string, string>, limitMs: number, send?: { afterMs: number; text: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'restore', enc], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NODE_ENV: 'test', ...TEST_SECRETS, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  if (send) setTimeout(() => child.stdin.write(send.text), send.afterMs);
  const started = Date.now();
  return new Promise<{ code: number | null; ms: number; out: string }>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(killer);
      // Only now: the pipe stayed open for the whole run.
      child.stdin.destroy();
      resolve({ code, ms: Date.now() - started, out });
    });
  });
}

describe('restore waits a bounded time for a piped passphrase', () => {
  it('a pipe kept open with no line: "no passphrase was given" within the bound, exit 64, nothing changed', async () => {
    const { dir, enc, db } = setUp();
    const before = readFileSync(db);
    const files = readdirSync(join(dir, 'data')).sort();

    const r = await restoreWithOpenPipe(enc, { DATABASE_PATH: db, RESTORE_PASSPHRASE_TIMEOUT_SECONDS: '2' }, 40_000);
    expect(r.code, r.out).toBe(64);
    expect(r.ms).toBeGreaterThanOrEqual(2000);
    expect(r.out).toMatch(/finance\.db\.enc is encrypted and no passphrase was given \(stdin sent no line within 2 s; RESTORE_PASSPHRASE_TIMEOUT_SECONDS\)/);
    expect(r.out).toMatch(/--passphrase-file FILE/);
    expect(r.out).toMatch(/Nothing was changed/);
    expect(r.out).not.toMatch(/Wrong passphrase|\n\s+at /);
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(files);
    expect(readFileSync(db).equals(before)).toBe(true);
  }, 60_000);

  it('a line that arrives on the open pipe within the bound is the passphrase: restored', async () => {
    const { enc, db } = setUp();
    const r = await restoreWithOpenPipe(enc, { DATABASE_PATH: db, RESTORE_PASSPHRASE_TIMEOUT_SECONDS: '20' }, 40_000, { afterMs: 1500, text: `${PASSPHRASE}\n` });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Restored ${enc} into ${db}`);
  }, 60_000);

  it('the bound is checked like every setting: 0 is refused at start (exit 78)', async () => {
    const { enc, db } = setUp();
    const r = await restoreWithOpenPipe(enc, { DATABASE_PATH: db, RESTORE_PASSPHRASE_TIMEOUT_SECONDS: '0' }, 40_000);
    expect(r.code, r.out).toBe(78);
    expect(r.out).toMatch(/RESTORE_PASSPHRASE_TIMEOUT_SECONDS/);
  }, 60_000);
});

describe('at a terminal the passphrase is prompted on stderr and not echoed', () => {
  it('raw mode while typing, the prompt and a newline only on the prompt stream; no time limit', async () => {
    const input = new PassThrough() as PassThrough & SecretInput;
    const raw: boolean[] = [];
    input.isTTY = true;
    input.setRawMode = (on: boolean) => raw.push(on);
    const shown = new PassThrough();
    let text = '';
    shown.on('data', (d: Buffer) => (text += d.toString()));

    const got = readSecretLine({ input, prompt: 'Passphrase: ', promptTo: shown, timeoutMs: 1 });
    await new Promise((r) => setTimeout(r, 50));
    input.write(`${PASSPHRASE}\r`);
    expect(await got).toEqual({ kind: 'line', line: PASSPHRASE });
    expect(raw).toEqual([true, false]);
    expect(text).toBe('Passphrase: \n');
  });

  it('Ctrl-C at the prompt ends it as interrupted (the CLI then changes nothing)', async () => {
    const input = new PassThrough() as PassThrough & SecretInput;
    input.isTTY = true;
    input.setRawMode = () => undefined;
    const got = readSecretLine({ input, prompt: '', promptTo: new PassThrough(), timeoutMs: 1 });
    input.write('abc\x03');
    expect(await got).toEqual({ kind: 'interrupted' });
  });
});
