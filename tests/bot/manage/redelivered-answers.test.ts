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
import type { Update } from 'grammy/types';
import { createInvite, createWallet, listBudgets, listCategories, listFamiliesForUser, listMembers, listRecurringRules, listWallets } from '../../../src/domain/index.js';
import { eq } from 'drizzle-orm';
import { goals, transactions } from '../../../src/db/schema.js';
import type { FakeUser } from '../../support/fake-telegram.js';
import { family, mapBankCsv, person, press, say, startHarness, type Harness } from './harness.js';

type Row = { key: string; value: string; updated_at: number };

/** Resolves once every update the bot took is marked handled (its conversation step is written by then). */
async function handled(h: Harness): Promise<void> {
  const open = h.db.conn.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM processed_updates WHERE processed_at < 0');
  while (open.get()!.n > 0) await new Promise((resolve) => setImmediate(resolve));
}

/** The texts of the bot's messages sent after message `after`. */
const sentAfter = (who: FakeUser, after: number): string[] => who.messages().filter((m) => m.message_id > after).map((m) => m.text ?? '');

/**
 * Sends `text` as the flow's last answer and waits for `done`; then puts the
 * bot back as a process that crashed right after the core's commit would have
 * left it (the conversation as before the answer, the update claimed by a
 * process that is gone) and delivers the same update again: the bot answers
 * it with the same words as the first time.
 */
async function answerThenRedeliver(h: Harness, who: FakeUser, text: string, done: RegExp): Promise<void> {
  const sqlite = h.db.conn.sqlite;
  await handled(h);
  const before = sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
  const reply = who.waitForMessage(done);
  const updateId = who.send(text);
  await reply;
  await handled(h);
  const message = who.history().filter((m) => m.text === text).at(-1) as NonNullable<Update['message']>;
  const first = sentAfter(who, message.message_id);
  restoreSessions(h, before);
  // Claimed by an earlier process (before this one's boot), never finished.
  sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
  const last = who.history().at(-1)!.message_id;
  await h.bot.handleUpdate({ update_id: updateId, message });
  expect(first.some((t) => done.test(t))).toBe(true);
  expect(sentAfter(who, last)).toEqual(first);
}

/** As answerThenRedeliver, for a flow's last press (the button `label`). */
async function pressThenRedeliver(h: Harness, who: FakeUser, label: string, done: RegExp): Promise<void> {
  const sqlite = h.db.conn.sqlite;
  await handled(h);
  const before = sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
  const message = who.messages().filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === label)).at(-1)!;
  const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text === label) as { callback_data: string };
  const last = who.history().at(-1)!.message_id;
  const reply = who.waitForMessage(done);
  const id = who.press(label);
  await reply;
  await handled(h);
  const first = sentAfter(who, last);
  const updateId = sqlite.prepare<[], { id: number }>('SELECT max(update_id) AS id FROM processed_updates').get()!.id;
  restoreSessions(h, before);
  sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
  // The crash came before the press was answered.
  h.tg.api.callbackQueries.get(id)!.answer = undefined;
  const again = who.history().at(-1)!.message_id;
  await h.bot.handleUpdate({ update_id: updateId, callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data: button.callback_data } });
  expect(first.some((t) => done.test(t))).toBe(true);
  expect(sentAfter(who, again)).toEqual(first);
}

/** Puts the conversations back as they were (`before`). */
function restoreSessions(h: Harness, before: Row[]): void {
  const sqlite = h.db.conn.sqlite;
  sqlite.prepare('DELETE FROM bot_sessions').run();
  const put = sqlite.prepare<[string, string, number]>('INSERT INTO bot_sessions (key, value, updated_at) VALUES (?, ?, ?)');
  for (const row of before) put.run(row.key, row.value, row.updated_at);
}

describe('a flow\'s last answer delivered again after a crash', () => {
  it('a wallet is made once', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/wallets', /Wallets/);
    const askName = owner.waitForMessage(/called/);
    await press(h, owner, '➕ Add wallet');
    await askName;
    await say(owner, 'Savings jar', /What kind of wallet is “Savings jar”/);
    const askCurrency = owner.waitForMessage(/Which currency/);
    await press(h, owner, 'Savings');
    await askCurrency;
    const askBalance = owner.waitForMessage(/How much is in “Savings jar” now, in EUR/);
    await press(h, owner, 'EUR');
    await askBalance;
    await answerThenRedeliver(h, owner, '0', /Wallet “Savings jar” \(EUR\) created/);
    expect(listWallets(h.db.deps, f.owner.userId, f.familyId).map((w) => w.name)).toEqual(['Cash', 'Savings jar']);
  });

  it('a recurring rule is made once (its payment would be made twice every month)', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    await say(owner, '/recurring', /No recurring transactions yet/);
    const kind = owner.waitForMessage(/expense or an income/);
    await press(h, owner, '➕ Add recurring');
    await kind;
    const amount = owner.waitForMessage(/How much each time/);
    await press(h, owner, '➖ Expense');
    await amount;
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
    await say(tg, '/goals', /No goals yet/);
    const name = tg.waitForMessage(/What are you saving for/);
    await press(h, tg, '➕ Add a goal');
    await name;
    await say(tg, 'Sea trip', /Which wallet holds the savings/);
    const target = tg.waitForMessage(/How much do you need/);
    await press(h, tg, '🏦 Piggy (USD)');
    await target;
    await say(tg, '1200', /By when/);
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
    await say(tg, '/budgets', /No budgets yet/);
    const scope = tg.waitForMessage(/What should the budget cover/);
    await press(h, tg, '➕ Add a budget');
    await scope;
    const amount = tg.waitForMessage(/Monthly limit for “🛒 Groceries”/);
    await press(h, tg, '🛒 Groceries');
    await amount;
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
