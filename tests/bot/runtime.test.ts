import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { processedUpdates } from '../../src/db/schema.js';
import { listTransactions } from '../../src/domain/index.js';
import { tooManyRequests } from '../support/fake-telegram.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('bot runtime', () => {
  it('ignores an update_id it has seen before', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 10_000);
    const seen: Update[] = [];
    h.tg.events.on('update', (u) => seen.push(u));

    const id = alice.send('50 coffee');
    await alice.waitForMessage('Cash: $50.00');
    await h.tg.waitForConfirmation(id);
    const repliesBefore = h.tg.calls('sendMessage').length;

    const again = h.tg.injectUpdate(structuredClone(seen.find((u) => u.update_id === id)!));
    await h.tg.waitForConfirmation(again);
    expect(h.tg.calls('sendMessage')).toHaveLength(repliesBefore);
    expect(h.logs.some((l) => l.msg === 'duplicate update ignored' && l.update_id === id)).toBe(true);
    expect(listTransactions(h.db.deps, f.userOf(alice), { familyId: f.familyId }).items.filter((t) => t.source === 'quick')).toHaveLength(1);
    expect(h.db.deps.db.select().from(processedUpdates).all().find((r) => r.updateId === id)?.processedAt).toBeGreaterThan(0);
  });

  it('answers an unexpected failure with a short apology, logs it with the update id, and keeps going', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    h.tg.failNext('sendMessage', { error_code: 400, description: 'Bad Request: something odd' });
    const id = alice.send('/help');
    await alice.waitForMessage('Sorry, something went wrong on my side. Please try again in a moment.');
    const logged = h.logs.find((l) => l.msg === 'unexpected error while handling an update');
    expect(logged).toMatchObject({ update_id: id, level: 50 });
    alice.send('/help');
    await alice.waitForMessage('I keep your family');
  });

  it("respects Telegram's retry_after, also inside a conversation", async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 10_000);
    alice.send('/menu');
    await alice.waitForMessage('what would you like to do');
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    h.tg.failNext('sendMessage', tooManyRequests(1));
    alice.send('12');
    await alice.waitForMessage('Which category?');
    expect(h.tg.calls('sendMessage').filter((c) => c.error?.error_code === 429)).toHaveLength(1);
  });

  it('keeps other buttons working while a conversation waits', async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 10_000);
    alice.send('/menu');
    const menu = await alice.waitForMessage('what would you like to do');
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    // The main menu is still there: Income replaces the expense draft.
    alice.press('➕ Income', { messageId: menu.message_id });
    await alice.waitForMessage('How much came in?');
    alice.send('/balance');
    await alice.waitForMessage('The draft was dropped.');
    const balance = await alice.waitForMessage('Balances:');
    expect(balance.text).toBe('Balances:\nCash: $100.00');
  });

  it('stops gracefully: stop() resolves only after the update in flight is handled', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    h.tg.failNext('sendMessage', tooManyRequests(1));
    alice.send('/help');
    await h.tg.waitForCall('sendMessage', (c) => c.error?.error_code === 429);
    await h.app.stop();
    expect(alice.lastMessage()?.text).toContain('I keep your family');
  });
});
