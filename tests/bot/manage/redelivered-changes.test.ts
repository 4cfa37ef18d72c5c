// A change or a decision handled again after a crash: the process committed it,
// then died before the update's own commit, so the same answer or press is
// delivered again. One effect (no second history row, no second audit event)
// and the person reads the same words as the first time. A change to the value
// it already has writes nothing (no "from X to X" event), redelivered or typed
// again; a removal, a stop or a hand-over finds its own press's key; a decision
// finds the presser's own same decision standing.
import { InlineKeyboard } from 'grammy';
import { describe, expect, it } from 'vitest';
import {
  createBudget,
  createFamily,
  createInvite,
  createRecurringRule,
  createTransaction,
  findMembership,
  getWallet,
  joinFamily,
  listFamiliesForUser,
  listMembers,
  pendingTransactions,
  setActiveFamily,
} from '../../../src/domain/index.js';
import { callbackData } from '../../../src/bot/shared/callback-data.js';
import { telegramIdentities } from '../../../src/db/schema.js';
import { family, fundCash, person, press, say, startHarness, type Harness } from './harness.js';
import { answerThenRedeliver, pressTwice, sentAfter } from './redelivery.js';

const events = (h: Harness, action: string): number =>
  h.db.conn.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM event_log WHERE action = ?').get(action)!.n;

describe('a change delivered again after a crash', () => {
  it('a budget’s new limit: one history row, one budget.updated, the same "changed"; typed again, still nothing more', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const budget = createBudget(h.db.deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 400_00 });
    const limits = () => h.db.conn.sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM budget_limits WHERE budget_id = ?').get(budget.id)!.n;
    await say(tg, '/budgets', /Budgets/);
    const change = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '✏️ 1');
    await change;
    await answerThenRedeliver(h, tg, '150', /Budget for “🛒 Groceries” changed/);
    expect(limits()).toBe(2);
    expect(events(h, 'budget.updated')).toBe(1);

    // The same limit typed again (a new message): said as changed, nothing written.
    const again = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '✏️ 1');
    await again;
    await say(tg, '150', /Budget for “🛒 Groceries” changed/);
    expect(limits()).toBe(2);
    expect(events(h, 'budget.updated')).toBe(1);
  });

  it('a budget’s [🗑]: removed once, "Budget removed" both times', async () => {
    const h = await startHarness();
    const f = family(h);
    createBudget(h.db.deps, f.owner.userId, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 400_00 });
    await say(f.owner.tg, '/budgets', /Budgets/);
    const { first, again } = await pressTwice(h, f.owner.tg, '🗑 1');
    expect(first).toBe('Budget removed');
    expect(again).toBe(first);
    expect(events(h, 'budget.archived')).toBe(1);
  });

  it('a recurring rule’s [⏹ Stop]: stopped once, "Stopped." both times', async () => {
    const h = await startHarness();
    const f = family(h);
    createRecurringRule(h.db.deps, f.owner.userId, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 1200_00, frequency: 'monthly', startDate: '2026-12-01' });
    await say(f.owner.tg, '/recurring', /Recurring/);
    const { first, again } = await pressTwice(h, f.owner.tg, '⏹ Stop 1');
    expect(first).toBe('Stopped.');
    expect(again).toBe(first);
    expect(events(h, 'recurring.stopped')).toBe(1);
  });

  it('removing a member: once, "Removed from the family." both times', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const owner = f.owner.tg;
    await say(owner, '/members', /Members \(2\)/);
    const card = owner.waitForMessage('Max: Member');
    await press(h, owner, 'Max');
    await card;
    const confirm = owner.waitForMessage(/Remove Max from the family\?/);
    await press(h, owner, '🚪 Remove from family');
    await confirm;
    const { first, again } = await pressTwice(h, owner, '🚪 Yes, remove');
    expect(first).toBe('Removed from the family.');
    expect(again).toBe(first);
    expect(events(h, 'member.removed')).toBe(1);
    expect(listMembers(h.db.deps, f.owner.userId, f.familyId).map((m) => m.name)).toEqual(['Olga']);
  });

  it('handing the family over: once, "Anna is now the owner." both times', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const owner = f.owner.tg;
    await say(owner, '/members', /Members \(2\)/);
    const card = owner.waitForMessage('Anna: Admin');
    await press(h, owner, 'Anna');
    await card;
    const confirm = owner.waitForMessage(/Make Anna the owner of the family\?/);
    await press(h, owner, '👑 Hand over ownership');
    await confirm;
    const { first, again } = await pressTwice(h, owner, '👑 Yes, hand over');
    expect(first).toBe('Anna is now the owner.');
    expect(again).toBe(first);
    expect(events(h, 'member.ownership_transferred')).toBe(1);
    expect(findMembership(h.db.deps.db, f.familyId, f.people.admin!.userId)?.role).toBe('owner');
  });
});

describe('leaving the family, delivered again after a crash', () => {
  /** Max, a member of Home, at its [🚪 Yes, leave]; returns the id of the last message before the press. */
  async function atLeave(h: Harness, f: ReturnType<typeof family>): Promise<number> {
    const max = f.people.member!.tg;
    await say(max, '/members', /Members \(2\)/);
    const confirm = max.waitForMessage(/Leave “Home”\?/);
    await press(h, max, '🚪 Leave the family');
    await confirm;
    return max.history().at(-1)!.message_id;
  }

  it('the only family: left once, "You left “Home”." again, not "You are not in a family yet"', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!;
    const last = await atLeave(h, f);
    const { first, again } = await pressTwice(h, max.tg, '🚪 Yes, leave', { unedited: true });
    expect(again).toBe(first);
    expect(sentAfter(max.tg, last)).toEqual([]);
    expect(max.tg.messages().at(-1)?.text).toBe('You left “Home”.\nYou are not in a family yet. Send /start to create one, or open an invite link from a family member.');
    expect(events(h, 'member.left')).toBe(1);
  });

  it('with another family: leaves Home once and stays in the other one', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!;
    const petr = person(h, 'Petr');
    const parents = createFamily(h.db.deps, petr.userId, { name: 'Parents', baseCurrency: 'USD' });
    joinFamily(h.db.deps, max.userId, createInvite(h.db.deps, petr.userId, { familyId: parents.id, role: 'member' }).code);
    setActiveFamily(h.db.deps, max.userId, f.familyId);
    const last = await atLeave(h, f);
    const { first, again } = await pressTwice(h, max.tg, '🚪 Yes, leave', { unedited: true });
    expect(again).toBe(first);
    expect(sentAfter(max.tg, last)).toEqual([]);
    expect(max.tg.messages().at(-1)?.text).toBe('You left “Home”.\nNow working in “Parents”.');
    expect(listFamiliesForUser(h.db.deps, max.userId).map((x) => x.name)).toEqual(['Parents']);
    expect(events(h, 'member.left')).toBe(1);
  });
});

describe('a link revoked, delivered again after a crash', () => {
  it('[✖ Revoke]: revoked once, "Link revoked" both times, not "already revoked"', async () => {
    const h = await startHarness();
    const f = family(h);
    createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' });
    await say(f.owner.tg, '/invite', /Links still open \(1\)/);
    const { first, again } = await pressTwice(h, f.owner.tg, '✖ Revoke 1');
    expect(first).toBe('Link revoked: it no longer works.');
    expect(again).toBe(first);
    expect(events(h, 'invite.revoked')).toBe(1);
  });
});

describe('a decision delivered again after a crash', () => {
  /** A member's expense waiting for approval, and the approval request with its buttons in the owner's chat. */
  async function waiting(h: Harness, f: ReturnType<typeof family>): Promise<number> {
    fundCash(h, f, 5000_00);
    createTransaction(h.db.deps, f.people.member!.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 900_00, categoryId: f.category('Groceries') });
    const [t] = pendingTransactions(h.db.deps, f.owner.userId, f.familyId);
    const kb = new InlineKeyboard().text('✅ Approve', `appr:${t!.id}:a`).text('❌ Reject', `appr:${t!.id}:r`);
    const shown = f.owner.tg.waitForMessage(`Request #${t!.id}`);
    await h.bot.api.sendMessage(f.owner.tg.chatId, `Request #${t!.id}`, { reply_markup: kb });
    await shown;
    return t!.id;
  }

  for (const [label, answer, action] of [['✅ Approve', 'Approved', 'transaction.approved'], ['❌ Reject', 'Rejected', 'transaction.rejected']] as const) {
    it(`[${label}]: decided once, "${answer}" both times, not "already decided"`, async () => {
      const h = await startHarness();
      const f = family(h, ['member']);
      await waiting(h, f);
      const { first, again } = await pressTwice(h, f.owner.tg, label);
      expect(first).toBe(answer);
      expect(again).toBe(first);
      expect(events(h, action)).toBe(1);
    });
  }
});

describe('a recurring date that could not be paid, decided again after a crash', () => {
  for (const [label, answer, action] of [['💳 Pay from Cash', '✅ Paid.', 'recurring.paid_from'], ['⏭ Skip this time', '⏭ Skipped this time.', 'recurring.skipped']] as const) {
    it(`[${label}]: once, "${answer}" both times, not "It was already …"`, async () => {
      const h = await startHarness();
      const f = family(h);
      const tg = f.owner.tg;
      fundCash(h, f, 5000_00);
      const rule = createRecurringRule(h.db.deps, f.owner.userId, { familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 1200_00, frequency: 'monthly', startDate: '2026-12-25' });
      const kb = new InlineKeyboard()
        .text('💳 Pay from Cash', callbackData.recurringPay(rule.id, rule.nextDate, f.cashId))
        .row()
        .text('⏭ Skip this time', callbackData.recurringSkip(rule.id, rule.nextDate));
      const shown = tg.waitForMessage('⚠️ The recurring $1,200.00 cannot be paid');
      await h.bot.api.sendMessage(tg.chatId, '⚠️ The recurring $1,200.00 cannot be paid', { reply_markup: kb });
      await shown;
      const { first, again } = await pressTwice(h, tg, label, { unedited: true });
      expect(first).toBe(answer);
      expect(again).toBe(first);
      expect(tg.messages().at(-1)?.text).toMatch(new RegExp(`^⚠️ The recurring \\$1,200\\.00 cannot be paid\n\n${answer.replace(/[.$]/g, '\\$&')}`));
      expect(events(h, action)).toBe(1);
      expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).balanceMinor).toBe(action === 'recurring.paid_from' ? 3800_00 : 5000_00);
    });
  }
});

describe('a login disconnected, delivered again after a crash', () => {
  it('[🔌 Disconnect]: once, "🔌 Disconnected." again, not "not connected (any more)"', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    // Olga's second chat, connected to her account.
    h.db.deps.db.insert(telegramIdentities).values({ userId: f.owner.userId, chatId: 777_001, telegramUserId: 777_001, firstName: 'Olga', boundAt: h.db.clock() }).run();
    const shown = tg.waitForMessage('A new Telegram chat was connected');
    await h.bot.api.sendMessage(tg.chatId, 'A new Telegram chat was connected', { reply_markup: new InlineKeyboard().text('🔌 Disconnect', 'unbind:c:777001') });
    await shown;
    const { first, again } = await pressTwice(h, tg, '🔌 Disconnect', { unedited: true });
    expect(again).toBe(first);
    expect(tg.messages().at(-1)?.text).toBe('A new Telegram chat was connected\n\n🔌 Disconnected.');
    expect(events(h, 'binding.disconnected')).toBe(1);
    expect(h.db.deps.db.select().from(telegramIdentities).all().map((t) => t.chatId)).toEqual([tg.chatId]);
  });
});

describe('an undo delivered again after a crash', () => {
  it('the card’s [↩️ Undo] and /undo’s [↩️ Yes, undo]: reversed once, "Undone" both times, not "already changed"', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    await say(tg, '+500 salary', /\$500\.00/);
    const card = await pressTwice(h, tg, '↩️ Undo', { unedited: true });
    expect(card.first).toBe('Undone');
    expect(card.again).toBe(card.first);
    expect(tg.messages().at(-1)?.text).toMatch(/^↩️ Undone: ➕ \$500\.00/);

    await say(tg, '+300 salary', /\$300\.00/);
    await say(tg, '/undo', /Undo your last transaction\?/);
    const asked = await pressTwice(h, tg, '↩️ Yes, undo', { unedited: true });
    expect(asked.first).toBe('Undone');
    expect(asked.again).toBe(asked.first);
    expect(tg.messages().at(-1)?.text).toMatch(/^↩️ Undone: ➕ \$300\.00/);
    expect(events(h, 'transaction.reversed')).toBe(2);
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).balanceMinor).toBe(0);
  });
});

describe('a request withdrawn, delivered again after a crash', () => {
  it('[✋ Withdraw]: withdrawn once, "Withdrawn" both times, not "already …"', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const max = f.people.member!.tg;
    fundCash(h, f, 5000_00);
    await say(max, '-900 groceries', /\$900\.00/);
    const { first, again } = await pressTwice(h, max, '✋ Withdraw', { unedited: true });
    expect(first).toBe('Withdrawn');
    expect(again).toBe(first);
    expect(max.messages().at(-1)?.text).toMatch(/✋ You withdrew this request\.$/);
    expect(events(h, 'transaction.withdrawn')).toBe(1);
  });
});

describe('a card’s correction delivered again after a crash', () => {
  it('[🏷 Change category] → [🛒 Groceries]: corrected once, "Category changed" both times, not "already changed"', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    fundCash(h, f, 5000_00);
    await say(tg, '-12 something', /\$12\.00/);
    await press(h, tg, '🏷 Change category');
    const { first, again } = await pressTwice(h, tg, '🛒 Groceries', { unedited: true });
    expect(first).toBe('Category changed');
    expect(again).toBe(first);
    expect(tg.messages().at(-1)?.text).toMatch(/🛒 Groceries · something/);
    expect(events(h, 'transaction.corrected')).toBe(1);
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).balanceMinor).toBe(5000_00 - 12_00);
  });
});
