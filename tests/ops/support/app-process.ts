// Runs the app's entry point (src/main.ts through tsx, or a built tree's
// dist/main.js) as a child process with a clean environment, capturing its
// output, for the ops tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type AppProcess = { child: ChildProcess; output: () => string; waitFor(re: RegExp, timeoutMs?: number): Promise<void>; exit(timeoutMs?: number): Promise<number | null> };

/**
 * The app as the Docker image lays it out, in a new temp folder: the build
 * (scripts/build.mjs, into that folder rather than the checkout's dist/, which
 * other tests may be running) with drizzle/, locales/, package.json and
 * node_modules beside it. The caller removes the folder.
 */
export function buildImageLayout(prefix: string): string {
  const app = mkdtempSync(join(tmpdir(), prefix));
  execFileSync(process.execPath, ['scripts/build.mjs', join(app, 'dist')], { stdio: 'pipe' });
  for (const dir of ['drizzle', 'locales']) cpSync(dir, join(app, dir), { recursive: true });
  cpSync('package.json', join(app, 'package.json'));
  symlinkSync(resolve('node_modules'), join(app, 'node_modules'));
  return app;
}

export const TEST_SECRETS = { JWT_SECRET_KEY: 'Qx7vL2pR9sT4wY6zA1bC3dE5fG8hJ0kM', HMAC_SECRET_KEY: 'Zm4nB7vC1xL3kJ6hG9fD2sA5pO8iU0yT' };

/** `built`: run `<built>/dist/main.js` from that folder (the image's layout) instead of the sources; `as`: as that user (the test runs as root). */
export function runApp(args: string[], env: Record<string, string>, input?: string, built?: string, as?: { uid: number; gid: number }): AppProcess {
  const entry = built === undefined ? ['--import', 'tsx', 'src/main.ts'] : ['dist/main.js'];
  const child = spawn(process.execPath, [...entry, ...args], {
    ...(built === undefined ? {} : { cwd: built }),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NODE_ENV: 'test', LOG_LEVEL: 'info', ...TEST_SECRETS, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...as,
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => out,
    waitFor(re, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${String(re)} within ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
        const onExit = (code: number | null) => done(new Error(`exited (${String(code)}) before ${String(re)}:\n${out.slice(-3000)}`));
        const check = () => {
          if (re.test(out)) done();
        };
        function done(err?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
          if (err) reject(err);
          else resolve();
        }
        listeners.add(check);
        child.on('exit', onExit);
        check();
      });
    },
    exit(timeoutMs = 120_000) {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`did not exit within ${timeoutMs} ms:\n${out.slice(-3000)}`));
        }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
  };
}
