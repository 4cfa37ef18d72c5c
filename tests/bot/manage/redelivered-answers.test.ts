// The last answer of a flow that makes something (a wallet, a recurring rule,
// a goal, a category, a budget, a membership by an invite link's /start, an
// import's transactions), handled again after a crash: the process committed the new thing,
// then died before the update's own commit (its conversation step and its
// "handled" mark), so Telegram (or our at-least-once polling) delivers the
// answer again and the conversation resumes at the same question. The core
// finds the thing that answer made (request keys) and makes nothing more, and
// the person reads the same success again, never "that exists already"; a new
// message asking for the same thing is another request and is refused as one.
import { describe, expect, it } from 'vitest';
import { createInvite, createWallet, listBudgets, listCategories, listFamiliesForUser, listMembers, listRecurringRules, listWallets } from '../../../src/domain/index.js';
import { eq } from 'drizzle-orm';
import { goals, transactions } from '../../../src/db/schema.js';
import { family, goalUpToItsDate, groceriesBudgetUpToItsLimit, mapBankCsv, person, press, recurringExpenseUpToItsAmount, say, startHarness, walletUpToItsBalance } from './harness.js';
import { answerThenRedeliver, handled, pressThenRedeliver, restoreSessions, type Row } from './redelivery.js';

describe('a flow\'s last answer delivered again after a crash', () => {
  it('a wallet is made once', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await walletUpToItsBalance(h, owner, 'Savings jar', 'Savings', 'EUR');
    await answerThenRedeliver(h, owner, '0', /Wallet “Savings jar” \(EUR\) created/);
    expect(listWallets(h.db.deps, f.owner.userId, f.familyId).map((w) => w.name)).toEqual(['Cash', 'Savings jar']);
  });

  it('a recurring rule is made once (its payment would be made twice every month)', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await recurringExpenseUpToItsAmount(h, owner);
    const freq = owner.waitForMessage('How often?');
    await say(owner, '1 200', /Which category/);
    await press(h, owner, '🏠 Housing');
    await freq;
    const date = owner.waitForMessage(/When is the first one/);
    await press(h, owner, 'monthly');
    await date;
    await answerThenRedeliver(h, owner, '2026-12-01', /Added: ➖ Expense: \$1,200\.00/);
    expect(listRecurringRules(h.db.deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });

  it('a goal is made once', async () => {
    const h = await startHarness();
    const f = family(h);
    createWallet(h.db.deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const tg = f.owner.tg;
    await goalUpToItsDate(h, tg, 'Sea trip', '🏦 Piggy (USD)', '1200');
    await answerThenRedeliver(h, tg, '2027-04-30', /Goal “Sea trip” added/);
    expect(h.db.deps.db.select().from(goals).all().map((g) => g.name)).toEqual(['Sea trip']);
  });

  it('a category is made once', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    await say(tg, '/categories', /Categories/);
    const kind = tg.waitForMessage(/expenses or of income/);
    await press(h, tg, '➕ Add a category');
    await kind;
    const nameQ = tg.waitForMessage(/Its name/);
    await press(h, tg, '➖ Expenses');
    await nameQ;
    await say(tg, 'Pets', /one emoji/);
    await answerThenRedeliver(h, tg, '🐶', /Saved/);
    expect(listCategories(h.db.deps, f.owner.userId, f.familyId).filter((c) => c.name === 'Pets')).toHaveLength(1);
  });

  it('a budget is made once and its success said again, not "a budget exists"; a new message for the same budget is refused', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    await groceriesBudgetUpToItsLimit(h, tg);
    await handled(h);
    const asked = h.db.conn.sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
    await answerThenRedeliver(h, tg, '400', /✅ Budget for “🛒 Groceries” added/);
    expect(listBudgets(h.db.deps, f.owner.userId, f.familyId).map((b) => [b.categoryId, b.amountMinor])).toEqual([[f.category('Groceries'), 400_00]]);

    // Another message answering the same question (the flow as it stood before) is a second budget for Groceries: refused.
    restoreSessions(h, asked);
    await say(tg, '500', /clashes with something done at the same time[^]*What should the budget cover/);
    expect(listBudgets(h.db.deps, f.owner.userId, f.familyId).map((b) => [b.categoryId, b.amountMinor])).toEqual([[f.category('Groceries'), 400_00]]);
  });

  it('an invite link’s /start joins once and says so again, not "you are already in"; a new /start with the link is told so', async () => {
    const h = await startHarness();
    const f = family(h);
    const { code } = createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'member' }) as { code: string };
    const max = person(h, 'Max');
    await answerThenRedeliver(h, max.tg, `/start ${code}`, /You joined “Home” as member/);
    expect(listFamiliesForUser(h.db.deps, max.userId).map((fam) => fam.id)).toEqual([f.familyId]);
    expect(listMembers(h.db.deps, f.owner.userId, f.familyId).filter((m) => m.userId === max.userId)).toHaveLength(1);
    await say(max.tg, `/start ${code}`, /You are already in “Home” \(member\)/);
  });

  it('a bank file is recorded once and the count said again, not "Recorded 0 (3 duplicates skipped)"', async () => {
    const h = await startHarness();
    const f = family(h);
    const tg = f.owner.tg;
    const bank = ['Date;Amount;Details', '01.11.2026;1 000,00;Salary', '02.11.2026;-12,50;Bakery', '03.11.2026;-3,00;Kiosk'].join('\n');
    await mapBankCsv(h, tg, bank);
    const preview = tg.waitForMessage(/3 rows: 3 to record/);
    await press(h, tg, 'Cash (USD)');
    await preview;
    await pressThenRedeliver(h, tg, '✅ Record 3', /Recorded 3 transactions \(0 duplicates skipped\)/);
    expect(h.db.deps.db.select().from(transactions).where(eq(transactions.familyId, f.familyId)).all()).toHaveLength(3);

    // The same file sent again is another import: nothing new.
    await mapBankCsv(h, tg, bank);
    const again = tg.waitForMessage(/Nothing new to record/);
    await press(h, tg, 'Cash (USD)');
    await again;
  });
});
