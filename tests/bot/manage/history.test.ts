// /history and /pending: lines with date, kind, amount, category, who and
// status; keyset paging; approvers get the approval buttons bot-a handles.
import { describe, expect, it } from 'vitest';
import type { InlineKeyboardButton } from 'grammy/types';
import { createTransaction, reverseTransaction } from '../../../src/domain/index.js';
import { family, press, say, startHarness } from './harness.js';

const callbackData = (rows: InlineKeyboardButton[][] | undefined) =>
  (rows ?? []).flat().map((b) => ('callback_data' in b ? b.callback_data : undefined));

describe('history', () => {
  it('shows recent family transactions with who and status, and pages back', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const max = f.people.member!;
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100000, categoryId: f.category('Salary') });
    for (let i = 1; i <= 11; i++) {
      h.db.clock.advance(60_000);
      createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: i * 100, categoryId: f.category('Cafes'), description: `coffee ${i}` });
    }
    const big = createTransaction(deps, max.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 60000, categoryId: f.category('Shopping') }).transaction;
    const undone = createTransaction(deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 777, categoryId: f.category('Groceries') }).transaction;
    reverseTransaction(deps, f.owner.userId, { transactionId: undone.id, reason: 'typo' });

    const first = await say(f.owner.tg, '/history', /Recent transactions/);
    const lines = (first.text ?? '').split('\n').slice(2);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Nov 25 · ↩️ $7.77 · 🛒 Groceries · Olga · ↩️ reversal');
    expect(lines[1]).toBe('Nov 25 · ➖ $7.77 · 🛒 Groceries · Olga · ↩️ reversed');
    expect(lines[2]).toBe('Nov 25 · ➖ $600.00 · 🛍 Shopping · Max · ⏳ waiting for approval');
    expect(lines[3]).toBe('Nov 25 · ➖ $11.00 · ☕ Cafes · “coffee 11” · Max');
    expect(f.owner.tg.buttons()).toEqual(['Older ▶']);

    const older = f.owner.tg.waitForMessage((m) => m.message_id === first.message_id && (m.text ?? '').includes('Salary'));
    await press(h, f.owner.tg, 'Older ▶');
    const second = (await older).text ?? '';
    expect(second.split('\n').slice(2)).toEqual([
      'Nov 25 · ➖ $4.00 · ☕ Cafes · “coffee 4” · Max',
      'Nov 25 · ➖ $3.00 · ☕ Cafes · “coffee 3” · Max',
      'Nov 25 · ➖ $2.00 · ☕ Cafes · “coffee 2” · Max',
      'Nov 25 · ➖ $1.00 · ☕ Cafes · “coffee 1” · Max',
      'Nov 25 · ➕ $1,000.00 · 💼 Salary · Olga',
    ]);
    expect(f.owner.tg.buttons()).toEqual(['⏮ Newest']);

    const back = f.owner.tg.waitForMessage((m) => m.message_id === first.message_id && (m.text ?? '').includes('reversal'));
    await press(h, f.owner.tg, '⏮ Newest');
    await back;
    expect(big.status).toBe('pending_approval');
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
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100000, categoryId: f.category('Salary') });
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
