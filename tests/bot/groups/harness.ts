// The real bot and the in-process jobs (approval cards come from the outbox) against the fake Bot API,
// with a family group of four: Olga (owner), Adam (admin), Mia (member) and Oscar (not in the family).
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Chat, Message } from 'grammy/types';
import { createBot, type RunningBot } from '../../../src/bot/index.js';
import { listTransactions, type CoreDeps, type Transaction } from '../../../src/domain/index.js';
import { startJobs, type RunningJobs } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';
import { createTestDb, type TestDb } from '../../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.js';
import { testConfig } from '../support/harness.js';
import { fund, seedFamily, type SeededFamily } from '../support/seed.js';

export type GroupHarness = {
  tg: FakeTelegram;
  db: TestDb;
  deps: CoreDeps;
  app: RunningBot;
  f: SeededFamily;
  group: Chat.GroupChat;
  /** The four people in their private chats. */
  olga: FakeUser;
  adam: FakeUser;
  mia: FakeUser;
  oscar: FakeUser;
  /** The same people writing in the group. */
  g: { olga: FakeUser; adam: FakeUser; mia: FakeUser; oscar: FakeUser };
  /** Transactions of the family, oldest first. */
  entries(): Transaction[];
  /** Resolves when the jobs are done with outbox row `id` (now or before). */
  jobDone(id: number): Promise<void>;
  close(): Promise<void>;
};

export async function startGroupHarness(opts: { privacy?: boolean; botInGroup?: boolean } = {}): Promise<GroupHarness> {
  const tg = await startFakeTelegram();
  tg.groups.setPrivacy(opts.privacy ?? true);
  const db = createTestDb();
  const config = testConfig(tg, db.path);
  const sink = new Writable({ write: (c: Buffer, _e, done) => { if (process.env['GROUPS_DEBUG']) process.stdout.write(c); done(); } });
  const log = createLogger({ level: process.env['GROUPS_DEBUG'] ? 'debug' : 'silent', destination: sink });
  const running: { jobs?: RunningJobs } = {};
  const wake = () => running.jobs?.wake();
  // The outbox wake-up may move into CoreDeps: pass it both ways.
  const deps: CoreDeps = Object.assign({}, db.deps, { onOutbox: wake });
  const app = createBot({ core: deps, config, log });
  const done = new Set<number>();
  const finished = new EventEmitter();
  const hooks = { afterJob: (id: number, outcome: string) => { if (outcome === 'done') { done.add(id); finished.emit('done', id); } } };
  const jobs = await startJobs({ deps, config, log, role: 'worker', tuning: { pollMs: 50 }, hooks });
  running.jobs = jobs;
  await app.startPolling();

  const olga = tg.user({ id: 101, first_name: 'Olga', language_code: 'en' });
  const adam = tg.user({ id: 102, first_name: 'Adam', language_code: 'en' });
  const mia = tg.user({ id: 103, first_name: 'Mia', language_code: 'en' });
  const oscar = tg.user({ id: 104, first_name: 'Oscar', language_code: 'en' });
  const f = seedFamily(db.deps, olga, [[adam, 'admin'], [mia, 'member']]);
  fund(db.deps, f, f.userOf(olga), f.cashId, 200_000);
  const group = tg.group({ id: -4242, title: 'Home', bot: opts.botInGroup === false ? 'left' : 'member' }) as Chat.GroupChat;
  tg.groups.setMember(group, olga, 'creator');
  tg.groups.setMember(group, adam, 'administrator');
  tg.groups.setMember(group, mia, 'member');
  tg.groups.setMember(group, oscar, 'member');
  return {
    tg, db, deps: db.deps, app, f, group, olga, adam, mia, oscar,
    g: { olga: olga.in(group), adam: adam.in(group), mia: mia.in(group), oscar: oscar.in(group) },
    entries: () => listTransactions(db.deps, f.userOf(olga), { familyId: f.familyId, limit: 100 }).items.slice().reverse(),
    jobDone: (id) =>
      new Promise<void>((resolve) => {
        if (done.has(id)) return resolve();
        const listener = (finishedId: number) => {
          if (finishedId !== id) return;
          finished.off('done', listener);
          resolve();
        };
        finished.on('done', listener);
      }),
    async close() {
      await app.stop();
      await jobs.stop();
      await tg.close();
      db.cleanup();
    },
  };
}

/** The newest bot message in the group that answers this person (their question or card). */
export function lastFor(inGroup: FakeUser): Message | undefined {
  return inGroup.messages().filter((m) => m.reply_to_message?.from?.id === inGroup.id).at(-1);
}

/** Waits for a bot message (new or edited) in the group that answers this person and matches. */
export function waitFor(inGroup: FakeUser, match: RegExp): Promise<Message> {
  return inGroup.waitForMessage((m) => m.reply_to_message?.from?.id === inGroup.id && match.test(m.text ?? ''), { includeExisting: false });
}
