// A deploy that changes the conversations (CONVERSATION_STATE_VERSION bumped)
// while a question of the old version waits: its stored state cannot be replayed,
// and the answer typed next must not be misfiled as a quick entry. The bot says the
// question is out of date and to start again, records nothing, and forgets it: the
// next message is an ordinary one. A question that had lapsed anyway (30 idle
// minutes) is forgotten without a word, and a command simply runs.
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, CONVERSATION_STATE_VERSION, type RunningBot } from '../../src/bot/index.js';
import { CONVERSATION_IDLE_MS } from '../../src/bot/shared/ask.js';
import { listThresholds, listTransactions } from '../../src/domain/index.js';
import { createLogger } from '../../src/logger.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { startHarness, type Harness } from './support/harness.js';
import { familyWithFundedCash, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
const extra: RunningBot[] = [];
afterEach(async () => {
  for (const b of extra.splice(0)) await b.stop();
  await h?.close();
  h = undefined;
});

const OUTDATED = /out of date/;

/** The waiting question's stored state as an older release wrote it, then the new release starts. */
async function deployNewVersion(harness: Harness, who: FakeUser): Promise<void> {
  await harness.app.stop();
  const sqlite = harness.db.conn.sqlite;
  const row = sqlite.prepare<[string], { value: string }>('SELECT value FROM bot_sessions WHERE key = ?').get(`c:${who.chatId}`)!;
  const stored = JSON.parse(row.value) as { version: [number, number]; state: unknown };
  stored.version[1] = CONVERSATION_STATE_VERSION - 1;
  sqlite.prepare('UPDATE bot_sessions SET value = ? WHERE key = ?').run(JSON.stringify(stored), `c:${who.chatId}`);
  const next = createBot({ core: harness.db.deps, config: harness.config, log: createLogger({ level: 'silent' }) });
  await next.startPolling();
  extra.push(next);
}

async function askLimit(harness: Harness, lang: 'en' | 'ru' = 'en'): Promise<{ alice: FakeUser; f: SeededFamily }> {
  const alice = harness.person(1001, 'Alice', lang);
  const f = familyWithFundedCash(harness.db.deps, alice, 1000_00);
  alice.send('/settings');
  await alice.waitForMessage(lang === 'en' ? /Settings/ : /Настройки/);
  const asked = alice.waitForMessage(lang === 'en' ? /Send the new limit/ : /новый лимит/);
  alice.press(lang === 'en' ? '🔒 Approval limit' : '🔒 Лимит одобрения');
  await asked;
  return { alice, f };
}

const expenses = (harness: Harness, f: SeededFamily, who: FakeUser) =>
  listTransactions(harness.db.deps, f.userOf(who), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');

describe('an answer to a question the previous release asked', () => {
  it('is told the question is out of date, and nothing is recorded; the next message is an ordinary one', async () => {
    h = await startHarness();
    const { alice, f } = await askLimit(h);
    await deployNewVersion(h, alice);
    const told = alice.waitForMessage(OUTDATED);
    alice.send('300');
    await told;
    expect(expenses(h, f, alice)).toEqual([]);
    expect(listThresholds(h.db.deps, f.userOf(alice), f.familyId)).not.toContainEqual({ currency: 'USD', amountMinor: 30000 });
    // Forgotten: the same text now is a quick entry.
    alice.send('300');
    await alice.waitForMessage(/\$300\.00/);
    expect(expenses(h, f, alice)).toHaveLength(1);
    expect(alice.messages().filter((m) => OUTDATED.test(m.text ?? ''))).toHaveLength(1);
  });

  it('its old buttons answer "out of date", and it is forgotten', async () => {
    h = await startHarness();
    const { alice, f } = await askLimit(h);
    await deployNewVersion(h, alice);
    expect(await h.tg.waitForCallbackAnswer(alice.press('✖️ Cancel'))).toMatchObject({ text: 'This button is out of date. Open the menu again.' });
    alice.send('300');
    await alice.waitForMessage(/\$300\.00/);
    expect(expenses(h, f, alice)).toHaveLength(1);
  });

  it('a command runs as usual', async () => {
    h = await startHarness();
    const { alice } = await askLimit(h);
    await deployNewVersion(h, alice);
    const back = alice.waitForMessage(/Welcome back/);
    alice.send('/start');
    await back;
    expect(alice.messages().filter((m) => OUTDATED.test(m.text ?? ''))).toEqual([]);
  });

  it('a question that had lapsed anyway is forgotten without a word', async () => {
    h = await startHarness();
    const { alice, f } = await askLimit(h);
    await deployNewVersion(h, alice);
    h.db.clock.advance(CONVERSATION_IDLE_MS + 1);
    alice.send('300');
    await alice.waitForMessage(/\$300\.00/);
    expect(expenses(h, f, alice)).toHaveLength(1);
    expect(alice.messages().filter((m) => OUTDATED.test(m.text ?? ''))).toEqual([]);
  });

  it('in Russian too', async () => {
    h = await startHarness();
    const { alice, f } = await askLimit(h, 'ru');
    await deployNewVersion(h, alice);
    const told = alice.waitForMessage(/устарел/);
    alice.send('300');
    await told;
    expect(expenses(h, f, alice)).toEqual([]);
  });
});
