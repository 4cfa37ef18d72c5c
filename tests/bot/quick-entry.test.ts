import { afterEach, describe, expect, it } from 'vitest';
import { getTransaction, getWallet, listTransactions } from '../../src/domain/index.js';
import { parseQuickEntry } from '../../src/bot/transactions/quick-entry.js';
import { startHarness, type Harness } from './support/harness.js';
import { addWallet, fund, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('reading a quick entry', () => {
  it('splits amount and note, and tells incomes from expenses', () => {
    expect(parseQuickEntry('50 coffee')).toEqual({ income: false, amountText: '50', note: 'coffee' });
    expect(parseQuickEntry('1 234,50 groceries')).toEqual({ income: false, amountText: '1 234,50', note: 'groceries' });
    expect(parseQuickEntry('+3000 salary')).toEqual({ income: true, amountText: '3000', note: 'salary' });
    expect(parseQuickEntry('3000 зарплата за май')).toMatchObject({ income: true, note: 'зарплата за май' });
    expect(parseQuickEntry('12.5')).toEqual({ income: false, amountText: '12.5', note: '' });
    expect(parseQuickEntry('hello 50')).toBeUndefined();
    expect(parseQuickEntry('50coffee')).toBeUndefined();
  });
});

describe('quick entry in the chat', () => {
  it('records at once, and Undo restores the balance with a reversal; a second Undo changes nothing', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const f = seedFamily(h.db.deps, alice);
    const owner = f.userOf(alice);
    fund(h.db.deps, f, owner, f.cashId, 10_000);

    alice.send('1 234,50 groceries');
    await alice.waitForMessage(/insufficient|Not enough money/);
    alice.send('50 coffee');
    const reply = await alice.waitForMessage('Cash: $50.00');
    expect(reply.text).toBe('➖ $50.00 from Cash · ☕ Cafes · coffee\nCash: $50.00');
    expect(alice.buttons()).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo']);
    const [tx] = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items;
    expect(tx).toMatchObject({ source: 'quick', amountMinor: 5000, status: 'executed' });

    // Two presses before the bot answers the first: the second finds it already undone.
    const first = alice.press('↩️ Undo');
    const second = alice.press('↩️ Undo');
    expect(await h.tg.waitForCallbackAnswer(first)).toMatchObject({ text: 'Undone' });
    expect(await h.tg.waitForCallbackAnswer(second)).toMatchObject({ text: expect.stringContaining('already undone') as unknown, show_alert: true });
    expect(alice.lastMessage()?.text).toBe('↩️ Undone: ➖ $50.00 from Cash · ☕ Cafes · coffee\nCash: $100.00');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
    const after = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items;
    expect(after.filter((t) => t.reversalOf === tx!.id)).toHaveLength(1);
    expect(getTransaction(h.db.deps, owner, tx!.id)).toMatchObject({ status: 'reversed', reason: 'undo' });
  });

  it('records an income with a plus sign, and moves an expense to another category and wallet', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const f = seedFamily(h.db.deps, alice);
    const owner = f.userOf(alice);
    const card = addWallet(h.db.deps, f, owner, 'Card');
    fund(h.db.deps, f, owner, card, 5_000);

    alice.send('+3000 salary');
    expect((await alice.waitForMessage('Cash: $3,000.00')).text).toContain('➕ $3,000.00 to Cash · 💼 Salary · salary');

    alice.send('20 something');
    await alice.waitForMessage('📦 Other · something');
    alice.press('🏷 Change category');
    await alice.waitForMessage(() => alice.buttons().includes('🛒 Groceries'));
    alice.press('🛒 Groceries');
    await alice.waitForMessage('🛒 Groceries · something');
    alice.press('👛 Change wallet');
    await alice.waitForMessage(() => alice.buttons().some((b) => b.startsWith('Card')));
    alice.press(/^Card/);
    const moved = await alice.waitForMessage('from Card');
    expect(moved.text).toBe('➖ $20.00 from Card · 🛒 Groceries · something\nCard: $30.00');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(300_000);
  });

  it('explains an ambiguous amount and points a newcomer to /start', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    seedFamily(h.db.deps, alice);
    alice.send('1,234 rent');
    await alice.waitForMessage(/a thousand or a decimal/);
    const stranger = h.person(1009, 'Stranger');
    stranger.send('50 coffee');
    await stranger.waitForMessage('Send /start to begin');
  });

  it('/undo reverses my last transaction after a confirmation', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const f = seedFamily(h.db.deps, alice);
    const owner = f.userOf(alice);
    fund(h.db.deps, f, owner, f.cashId, 10_000);
    alice.send('/undo');
    const ask = await alice.waitForMessage('Undo your last transaction?');
    expect(ask.text).toContain('➕ $100.00 to Cash');
    alice.press('Keep it');
    await alice.waitForMessage('Kept as it is.');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
    alice.send('/undo');
    await alice.waitForMessage('Undo your last transaction?');
    alice.press('↩️ Yes, undo');
    await alice.waitForMessage('↩️ Undone: ➕ $100.00 to Cash');
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(0);
    alice.send('/undo');
    await alice.waitForMessage('There is nothing of yours to undo.');
  });
});
