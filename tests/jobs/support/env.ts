// Shared pieces of the jobs tests: a Config pointing at the fake Bot API, a
// quiet logger, fake Telegram people for every chat of a family, and helpers
// to run worker child processes and wait for their output lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../../src/config.js';
import { telegramIdentities } from '../../../src/db/schema.js';
import type { CoreDeps } from '../../../src/domain/index.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import type { FakeTelegram, FakeUser } from '../../support/fake-telegram.js';

export function testConfig(o: { dbPath: string; tg?: FakeTelegram; redisUrl?: string; env?: Record<string, string> }): Config {
  return loadConfig({
    dotenvPath: false,
    env: {
      NODE_ENV: 'test',
      DATABASE_PATH: o.dbPath,
      DATABASE_SYNCHRONOUS: 'NORMAL',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      ...(o.tg ? { BOT_TOKEN: o.tg.token, TELEGRAM_API_ROOT: o.tg.apiRoot } : {}),
      ...(o.redisUrl ? { REDIS_URL: o.redisUrl } : {}),
      ...o.env,
    },
  });
}

export function quietLogger(): Logger {
  return createLogger({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
}

/** A fake Telegram person for every chat bound in the database (their private chat id = user id there). */
export function fakePeople(deps: CoreDeps, tg: FakeTelegram): Map<number, FakeUser> {
  const out = new Map<number, FakeUser>();
  for (const row of deps.db.select().from(telegramIdentities).all()) {
    out.set(row.userId, tg.user({ id: row.chatId, first_name: row.firstName ?? `User ${row.userId}` }));
  }
  return out;
}

export function chatOf(people: Map<number, FakeUser>, userId: number): FakeUser {
  const p = people.get(userId);
  if (!p) throw new Error(`No fake Telegram person for user ${userId}`);
  return p;
}

export const WORKER_SCRIPT = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A child process whose stdout lines can be awaited. */
export type Child = {
  proc: ChildProcess;
  lines: string[];
  waitForLine(match: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Calls `listener` for every stdout line from now on; returns a function that removes it. */
  onLine(listener: (line: string) => void): () => void;
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
  stderr(): string;
};

/** The environment every test worker needs: its database, the fake Bot API and the worker role. */
export function workerEnv(dbPath: string, tg: { token: string; apiRoot: string }, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_PATH: dbPath,
    DATABASE_SYNCHRONOUS: 'NORMAL',
    BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    JOBS_ROLE: 'worker',
    ...extra,
  };
}

export function spawnWorker(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const l of listeners) l(line);
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = once(proc, 'exit');
  const matches = (m: RegExp | string, line: string) => (typeof m === 'string' ? line === m : m.test(line));
  return {
    proc,
    lines,
    stderr: () => err,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForLine(match, timeoutMs = 15_000) {
      const found = lines.find((l) => matches(match, l));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`Timed out waiting for worker line ${String(match)}.\nstdout:\n${lines.join('\n')}\nstderr:\n${err.slice(-4000)}`));
        }, timeoutMs);
        const listener = (line: string) => {
          if (!matches(match, line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exited.then(() => {
          if (!listeners.has(listener)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`Worker exited (code ${proc.exitCode}) before printing ${String(match)}.\nstdout:\n${lines.join('\n')}\nstderr:\n${err.slice(-4000)}`));
        });
      });
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
