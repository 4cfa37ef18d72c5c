// Runs the real bot (runner, plugins, SQLite file) in this process against the
// fake Bot API, and lets a test act as people in private chats.
import { Writable } from 'node:stream';
import type { Message } from 'grammy/types';
import { loadConfig, type Config } from '../../../src/config.js';
import { createBot, type RunningBot } from '../../../src/bot/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDb, type TestDb } from '../../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.js';

export type LogLine = { level: number; msg: string; update_id?: number; [k: string]: unknown };

export type Harness = {
  tg: FakeTelegram;
  db: TestDb;
  config: Config;
  app: RunningBot;
  logs: LogLine[];
  /** How often the bot nudged the outbox dispatcher. */
  outboxWakes: () => number;
  person(id: number, name: string, languageCode?: string): FakeUser;
  close(): Promise<void>;
};

export const TEST_SECRETS = { JWT_SECRET_KEY: 'j'.repeat(40), HMAC_SECRET_KEY: 'h'.repeat(40) };

export function testConfig(tg: FakeTelegram, dbPath: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    env: { NODE_ENV: 'test', LOG_LEVEL: 'debug', BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, DATABASE_PATH: dbPath, ...TEST_SECRETS, ...env },
    dotenvPath: false,
  });
}

/** Starts the fake and the bot; `start: false` leaves starting (polling or webhook) to the test. */
export async function startHarness(opts: { env?: Record<string, string>; start?: boolean; db?: TestDb } = {}): Promise<Harness> {
  const tg = await startFakeTelegram();
  const db = opts.db ?? createTestDb();
  const config = testConfig(tg, db.path, opts.env);
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination: sink });
  let wakes = 0;
  const app = createBot({ core: { ...db.deps, onOutbox: () => wakes++ }, config, log });
  if (opts.start !== false) await app.startPolling();
  let closed = false;
  return {
    tg,
    db,
    config,
    app,
    logs,
    outboxWakes: () => wakes,
    person: (id, name, languageCode = 'en') => tg.user({ id, first_name: name, language_code: languageCode }),
    async close() {
      if (closed) return;
      closed = true;
      await app.stop();
      await tg.close();
      db.cleanup();
    },
  };
}

/** The person's own last message with this text (to edit it). */
export const lastSent = (who: FakeUser, text: string): Message => who.history().filter((m) => m.text === text).at(-1)!;

/** Every update the bot got from this person before now is handled (updates of one chat run in order). */
export async function settled(who: FakeUser): Promise<void> {
  const done = who.waitForMessage(/Welcome back/);
  who.send('/start');
  await done;
}

/** Waits for a bot message sent after now that matches (an older prompt losing its keyboard is an edit, not a reply). */
export function nextReply(who: FakeUser, expected: string | RegExp): Promise<Message> {
  const after = who.history().at(-1)?.message_id ?? 0;
  const text = (m: Message) => m.text ?? m.caption ?? '';
  return who.waitForMessage((m) => m.message_id > after && (typeof expected === 'string' ? text(m).includes(expected) : expected.test(text(m))));
}

/** Sends a text and waits for the bot's next message that matches. */
export async function say(who: FakeUser, text: string, expected: string | RegExp): Promise<Message> {
  const reply = nextReply(who, expected);
  who.send(text);
  return reply;
}

/** Presses a button and waits for the bot's next message that matches. */
export async function press(who: FakeUser, label: string | RegExp, expected: string | RegExp): Promise<Message> {
  const reply = nextReply(who, expected);
  who.press(label);
  return reply;
}
