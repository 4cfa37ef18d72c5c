// /history and /pending: lines with date, kind, amount, category, who and
// status; keyset paging; approvers get the approval buttons bot-a handles.
import { describe, expect, it } from 'vitest';
import type { InlineKeyboardButton } from 'grammy/types';
import { correctTransaction, createTransaction, createWallet, listTransactions, reverseTransaction, setApprovalThreshold } from '../../../src/domain/index.js';
import { family, fundCash, press, say, startHarness } from './harness.js';

const callbackData = (rows: InlineKeyboardButton[][] | undefined) =>
  (rows ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : undefined));

describe('history', () => {
  it("dates each line by when it counts: a corrected entry keeps its original's day, not the day it was fixed", async () => {
    const h = await startHarness();
    const f = family(h, []);
    const deps = h.db.deps;
    fundCash(h, f, 100000);
    const coffee = createTransaction(deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 500, categoryId: f.category('Cafes'), description: 'coffe' }).transaction;
    h.db.clock.advance(2 * 86_400_000);
    correctTransaction(deps, f.owner.userId, { transactionId: coffee.id, description: 'latte' });
    const shown = await say(f.owner.tg, '/history', /Recent transactions/);
    const lines = (shown.text ?? '').split('\n').slice(2);
    expect(lines[0]).toMatch(/^1\. Nov 25 · ➖ \$5\.00 · ☕ Cafes · “latte” · /);
  });

  it('a transfer between currencies shows what arrived as well: in /history, on the receiving wallet’s page and in /pending', async () => {
    const h = await startHarness();
    const f = family(h, ['member'], 'KRW');
    const deps = h.db.deps;
    const o = f.owner.userId;
    const dinar = createWallet(deps, o, { familyId: f.familyId, name: 'Dinar', type: 'bank', currency: 'BHD' }).id;
    // A won family starts at ₩500,000; this one asks above ₩10,000, so Max's ₩20,000 waits.
    setApprovalThreshold(deps, o, { familyId: f.familyId, currency: 'KRW', amountMinor: 10_000 });
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 1_000_000, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: dinar, amountMinor: 10_000, toAmountMinor: 7_500 });
    const max = f.people.member!;
    const asked = createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: dinar, amountMinor: 20_000, toAmountMinor: 15_000 }).transaction;
    expect(asked.status).toBe('pending_approval');
    const tg = f.owner.tg;

    const shown = await say(tg, '/history', /Recent transactions/);
    // Intl writes "BHD 7.500" with a no-break space.
    const plain = (m: { text?: string }) => (m.text ?? '').replace(/\u00a0/g, ' ');
    expect(plain(shown)).toContain('🔁 ₩10,000 → BHD 7.500 · Cash → Dinar · Olga');
    expect(plain(shown)).toContain('🔁 ₩20,000 → BHD 15.000 · Cash → Dinar · Max');

    await say(tg, '/wallets', /Wallets/);
    const page = tg.waitForMessage(/Balance: BHD\u00a07\.500/);
    await press(h, tg, 'Dinar');
    expect(plain(await page)).toContain('🔁 ₩10,000 → BHD 7.500 · Cash → Dinar');

    const pending = await say(tg, '/pending', /₩20,000/);
    expect(plain(pending)).toContain('₩20,000 → BHD 15.000');
  });

  it('shows recent family transactions with who and status, and pages back', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const max = f.people.member!;
    fundCash(h, f, 100000);
    for (let i = 1; i <= 11; i++) {
      h.db.clock.advance(60_000);
      createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: i * 100, categoryId: f.category('Cafes'), description: `coffee ${i}` });
    }
    const big = createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60000, categoryId: f.category('Shopping') }).transaction;
    const undone = createTransaction(deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 777, categoryId: f.category('Groceries') }).transaction;
    reverseTransaction(deps, f.owner.userId, { transactionId: undone.id, reason: 'typo' });

    const first = await say(f.owner.tg, '/history', /Recent transactions/);
    const lines = (first.text ?? '').split('\n').slice(2);
    // The reversal is folded into its original's row.
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('1. Nov 25 · ➖ $7.77 · 🛒 Groceries · Olga · ↩️ reversed');
    expect(lines[1]).toBe('2. Nov 25 · ➖ $600.00 · 🛍 Shopping · Max · ⏳ waiting for approval');
    expect(lines[2]).toBe('3. Nov 25 · ➖ $11.00 · ☕ Cafes · “coffee 11” · Max');
    expect(f.owner.tg.buttons()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'Older ▶']);

    const older = f.owner.tg.waitForMessage((m) => m.message_id === first.message_id && (m.text ?? '').includes('Salary'));
    await press(h, f.owner.tg, 'Older ▶');
    const second = (await older).text ?? '';
    expect(second.split('\n').slice(2)).toEqual([
      '1. Nov 25 · ➖ $4.00 · ☕ Cafes · “coffee 4” · Max',
      '2. Nov 25 · ➖ $3.00 · ☕ Cafes · “coffee 3” · Max',
      '3. Nov 25 · ➖ $2.00 · ☕ Cafes · “coffee 2” · Max',
      '4. Nov 25 · ➖ $1.00 · ☕ Cafes · “coffee 1” · Max',
      '5. Nov 25 · ➕ $1,000.00 · 💼 Salary · Olga',
    ]);
    expect(f.owner.tg.buttons()).toEqual(['1', '2', '3', '4', '5', '⏮ Newest']);

    const back = f.owner.tg.waitForMessage((m) => m.message_id === first.message_id && (m.text ?? '').includes('reversed'));
    await press(h, f.owner.tg, '⏮ Newest');
    await back;
    expect(big.status).toBe('pending_approval');
  });

  it("opens an entry: an owner reverses or corrects a member's entry from there; the member sees no buttons on the owner's", async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const max = f.people.member!;
    fundCash(h, f, 100000);
    h.db.clock.advance(60_000);
    createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1500, categoryId: f.category('Cafes'), description: 'lunch' });

    const list = await say(f.owner.tg, '/history', /Recent transactions/);
    const opened = f.owner.tg.waitForMessage((m) => m.message_id === list.message_id && (m.text ?? '').startsWith('➖ $15.00'));
    await press(h, f.owner.tg, '1');
    await opened;
    expect(f.owner.tg.buttons()).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo', '« History']);
    const moved = f.owner.tg.waitForMessage((m) => m.message_id === list.message_id && (m.text ?? '').includes('🛒 Groceries'));
    await press(h, f.owner.tg, '🏷 Change category');
    await f.owner.tg.waitForMessage(() => f.owner.tg.buttons().includes('🛒 Groceries'), { includeExisting: true });
    await press(h, f.owner.tg, '🛒 Groceries');
    await moved;
    const undone = f.owner.tg.waitForMessage((m) => m.message_id === list.message_id && (m.text ?? '').includes('Undone'));
    await press(h, f.owner.tg, '↩️ Undo');
    await undone;
    const items = listTransactions(deps, f.owner.userId, { familyId: f.familyId }).items;
    expect(items.filter((t) => t.createdBy === max.userId && t.status === 'executed' && t.reversalOf === null)).toHaveLength(0);

    const maxList = await say(max.tg, '/history', /Recent transactions/);
    const salary = max.tg.waitForMessage((m) => m.message_id === maxList.message_id && (m.text ?? '').includes('Salary') && !(m.text ?? '').includes('Recent'));
    const rows = (maxList.text ?? '').split('\n').slice(2);
    await press(h, max.tg, String(rows.findIndex((l) => l.includes('Salary')) + 1));
    await salary;
    expect(max.tg.buttons()).toEqual(['« History']);
  });

  it("opens a member's own entry with the buttons they may still use: past 48 hours ↩️ Undo, no 🏷 👛", async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!;
    fundCash(h, f, 100000);
    h.db.clock.advance(60_000);
    createTransaction(h.db.deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 1500, categoryId: f.category('Cafes'), description: 'lunch' });
    h.db.clock.advance(49 * 60 * 60 * 1000);
    const list = await say(max.tg, '/history', /Recent transactions/);
    const opened = max.tg.waitForMessage((m) => m.message_id === list.message_id && (m.text ?? '').startsWith('➖ $15.00'));
    await press(h, max.tg, '1');
    await opened;
    expect(max.tg.buttons()).toEqual(['↩️ Undo', '« History']);
  });

  it('says so when there is nothing yet', async () => {
    const h = await startHarness();
    const f = family(h);
    await say(f.owner.tg, '/history', 'No transactions yet.');
  });
});

describe('pending', () => {
  it('gives approvers [Approve] [Reject] with appr: callback data, and others a plain list', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const max = f.people.member!;
    fundCash(h, f, 100000);
    const t = createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60000, categoryId: f.category('Shopping') }).transaction;
    expect(t.status).toBe('pending_approval');

    const card = f.owner.tg.waitForMessage(/\$600\.00/);
    f.owner.tg.send('/pending');
    const message = await card;
    await f.owner.tg.waitForMessage('Waiting for approval: 1', { includeExisting: true });
    expect(callbackData(message.reply_markup?.inline_keyboard)).toEqual([`appr:${t.id}:a`, `appr:${t.id}:r`]);
    expect(f.owner.tg.buttons(message.message_id)).toEqual(['✅ Approve', '❌ Reject']);

    const list = await say(max.tg, '/pending', /Waiting for approval: 1/);
    expect(list.text).toContain('$600.00 · 🛍 Shopping · Max · ⏳ waiting for approval');
    expect(list.reply_markup).toBeUndefined();
  });

  it('says when nothing waits', async () => {
    const h = await startHarness();
    const f = family(h);
    await say(f.owner.tg, '/pending', 'Nothing is waiting for approval.');
  });
});
