// A button pressed twice (a double tap: Telegram delivers two callback queries
// on the same message before the first answer changed the screen). One effect,
// and the second tap answered with a quiet toast: a button that starts a flow
// asks its question once (no second question, no "The draft was dropped"); a
// question's button answers once; the last [✅ Save] of a guided entry records
// once and the second tap is not told "out of date". The fake server counts
// messages and the database transactions; no timings.
import { afterEach, describe, expect, it } from 'vitest';
import { createRecurringRule, listTransactions } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFamily, aliceWithFundedCash, familyWithFundedCash, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Who = ReturnType<Harness['person']>;
type CallbackAnswer = { text?: string; show_alert?: boolean } | undefined;

const TWICE = { text: 'You pressed twice; I took the first press only.' };

/**
 * Taps `label` of message `messageId` twice in a row (both queries queued before the first is handled).
 * `timeoutMs`: how long each answer may take (the second is answered once the first press's work is done).
 */
async function doubleTap(who: Who, label: string, messageId: number, timeoutMs?: number): Promise<[CallbackAnswer, CallbackAnswer]> {
  const first = who.press(label, { messageId });
  const second = who.press(label, { messageId });
  const opts = timeoutMs === undefined ? {} : { timeoutMs };
  return [(await h!.tg.waitForCallbackAnswer(first, opts)) as CallbackAnswer, (await h!.tg.waitForCallbackAnswer(second, opts)) as CallbackAnswer];
}

/** A chart is drawn before the second tap is answered: the first drawing of a process loads the chart library, slow on a busy machine (as in the chart tests). */
const CHART_MS = 60_000;

/** The texts of the bot's messages after message `after`, up to the /start that settled the chat. */
async function sentAfter(who: Who, after: number): Promise<string[]> {
  const before = who.messages().length;
  // Every earlier update of the chat is handled once /start is answered (updates of one chat run in order).
  const done = who.waitForMessage(/Welcome back|С возвращением/);
  who.send('/start');
  await done;
  return who.messages().slice(0, before).filter((m) => m.message_id > after).map((m) => m.text ?? '');
}

const expenses = (f: SeededFamily, who: Who) =>
  listTransactions(h!.db.deps, f.userOf(who), { familyId: f.familyId }).items.filter((t) => t.kind === 'expense');

async function menu(who: Who) {
  const shown = who.waitForMessage(/what would you like to do|что сделаем/);
  who.send('/menu');
  return shown;
}

describe('a button pressed twice', () => {
  it('[➖ Expense] in the menu: one question; the second tap is a toast', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    const shown = await menu(alice);
    const [first, again] = await doubleTap(alice, '➖ Expense', shown.message_id);
    expect(first?.text).toBeUndefined();
    expect(again).toMatchObject(TWICE);
    expect(again?.show_alert).toBeFalsy();
    expect(await sentAfter(alice, shown.message_id)).toEqual(['How much did you spend? Amount in USD, for example 12.50.']);
  });

  it('[➕ Add wallet], [✏️ Rename] and a setting: each asks once', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    const wallets = alice.waitForMessage(/Wallets/);
    alice.send('/wallets');
    const list = await wallets;
    expect((await doubleTap(alice, '➕ Add wallet', list.message_id))[1]).toMatchObject(TWICE);
    expect(await sentAfter(alice, list.message_id)).toEqual(['What should the new wallet be called?']);

    const opened = alice.waitForMessage(/Cash \(/);
    alice.send('/wallets');
    await alice.waitForMessage(/Wallets/);
    alice.press('Cash');
    const card = await opened;
    expect((await doubleTap(alice, '✏️ Rename', card.message_id))[1]).toMatchObject(TWICE);
    expect((await sentAfter(alice, card.message_id)).filter((t) => /new name|draft was dropped/.test(t))).toEqual(['Send the new name for “Cash”.']);

    const settings = alice.waitForMessage(/Settings/);
    alice.send('/settings');
    const screen = await settings;
    expect((await doubleTap(alice, '🔒 Approval limit', screen.message_id))[1]).toMatchObject(TWICE);
    expect((await sentAfter(alice, screen.message_id)).filter((t) => /Send the new limit|draft was dropped/.test(t))).toHaveLength(1);
  });

  it('a category of the open question: taken once, the next question is not told "out of date"', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    await menu(alice);
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    const category = alice.waitForMessage('Which category?');
    alice.send('12');
    const question = await category;
    const [, again] = await doubleTap(alice, '☕ Cafes', question.message_id);
    expect(again).toMatchObject(TWICE);
    expect(await sentAfter(alice, question.message_id)).toEqual(['Add a note? Send it, or press Skip.']);
  });

  it('[✅ Save]: one transaction; the second tap is no "out of date"', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 100_00);
    await menu(alice);
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    alice.send('12');
    await alice.waitForMessage('Which category?');
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?');
    alice.send('latte');
    const confirm = await alice.waitForMessage('Record this expense?');
    const [, again] = await doubleTap(alice, '✅ Save', confirm.message_id);
    expect(again).toMatchObject(TWICE);
    expect(await sentAfter(alice, confirm.message_id)).toEqual(['➖ $12.00 from Cash · ☕ Cafes · latte\nCash: $88.00']);
    expect(expenses(f, alice)).toHaveLength(1);
  });

  it('[This month] of /export: one file; the second tap is told it was sent', async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 100_00);
    const asked = alice.waitForMessage(/Which period/);
    alice.send('/export');
    const periods = await asked;
    const [first, again] = await doubleTap(alice, 'This month', periods.message_id);
    expect(first?.text).toBeUndefined();
    expect(again).toMatchObject({ text: 'You pressed twice; the file is sent once, just above.' });
    await sentAfter(alice, periods.message_id);
    expect(alice.messages().filter((m) => m.document !== undefined)).toHaveLength(1);
    // Pressed again on purpose later, it sends the file again.
    const file = h.tg.waitForCall('sendDocument');
    alice.press('This month', { messageId: periods.message_id });
    await file;
    await sentAfter(alice, periods.message_id);
    expect(alice.messages().filter((m) => m.document !== undefined)).toHaveLength(2);
  });

  it('a view button of the menu (👛 📜 ⏳ 📊 ⚙️): its screen is sent once; the second tap is told it is above', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    for (const label of ['👛 Wallets', '📜 History', '⏳ Pending (0)', '📊 Reports', '⚙️ Settings']) {
      const shown = await menu(alice);
      const [first, again] = await doubleTap(alice, label, shown.message_id);
      expect(first?.text).toBeUndefined();
      expect(again).toMatchObject({ text: 'You pressed twice; it is shown once, just above.' });
      expect(await sentAfter(alice, shown.message_id)).toHaveLength(1);
    }
  });

  it('[🖼 Chart]: one picture; the second tap is told it was sent; pressed again later, another', async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 100_00);
    const reported = alice.waitForMessage(/Report for/);
    alice.send('/reports');
    const report = await reported;
    const [first, again] = await doubleTap(alice, '🖼 Chart', report.message_id, CHART_MS);
    expect(first?.text).toBeUndefined();
    expect(again).toMatchObject({ text: 'You pressed twice; the chart is sent once, just above.' });
    await sentAfter(alice, report.message_id);
    expect(alice.messages().filter((m) => m.photo !== undefined)).toHaveLength(1);
    const photo = h.tg.waitForCall('sendPhoto', () => true, { timeoutMs: CHART_MS });
    alice.press('🖼 Chart', { messageId: report.message_id });
    await photo;
    await sentAfter(alice, report.message_id);
    expect(alice.messages().filter((m) => m.photo !== undefined)).toHaveLength(2);
  }, 3 * CHART_MS);

  it('a button that starts no flow keeps its own answer to a second press, also while a question is open', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    createRecurringRule(h.db.deps, f.userOf(alice), { familyId: f.familyId, kind: 'expense', walletId: f.cashId, categoryId: null, amountMinor: 1200_00, frequency: 'monthly', startDate: '2026-12-01' });
    const listed = alice.waitForMessage(/Recurring/);
    alice.send('/recurring');
    const list = await listed;
    await menu(alice);
    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    const [, again] = await doubleTap(alice, '⏹ Stop 1', list.message_id);
    expect(again).toMatchObject({ text: 'This recurring transaction is already stopped.', show_alert: true });
  });

  it('pressed again later, after something else, the button works as before', async () => {
    h = await startHarness();
    const { alice } = aliceWithFamily(h);
    const shown = await menu(alice);
    const asked = alice.waitForMessage('How much did you spend?');
    alice.press('➖ Expense', { messageId: shown.message_id });
    await asked;
    alice.send('hello');
    await alice.waitForMessage(/not an amount/);
    const again = alice.waitForMessage('How much did you spend?');
    const answer = await h.tg.waitForCallbackAnswer(alice.press('➖ Expense', { messageId: shown.message_id }));
    expect((answer as CallbackAnswer)?.text).toBeUndefined();
    await again;
  });

  it('in Russian too', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Алиса', 'ru');
    familyWithFundedCash(h.db.deps, alice, 100_00);
    const shown = await menu(alice);
    const [, again] = await doubleTap(alice, '➖ Расход', shown.message_id);
    expect(again).toMatchObject({ text: 'Вы нажали дважды; я учёл только первое нажатие.' });
    expect((await sentAfter(alice, shown.message_id)).filter((t) => /Сколько/.test(t))).toHaveLength(1);
    const asked = alice.waitForMessage(/За какой период/);
    alice.send('/export');
    const periods = await asked;
    const [, file] = await doubleTap(alice, 'Этот месяц', periods.message_id);
    expect(file).toMatchObject({ text: 'Вы нажали дважды; файл отправлен один раз — он чуть выше.' });
    const shownAgain = await menu(alice);
    const [, history] = await doubleTap(alice, '📜 История', shownAgain.message_id);
    expect(history).toMatchObject({ text: 'Вы нажали дважды; это показано один раз — чуть выше.' });
    expect(await sentAfter(alice, shownAgain.message_id)).toHaveLength(1);
    const reported = alice.waitForMessage(/Отчёт/);
    alice.send('/reports');
    const report = await reported;
    const [, chart] = await doubleTap(alice, '🖼 График', report.message_id);
    expect(chart).toMatchObject({ text: 'Вы нажали дважды; график отправлен один раз — он чуть выше.' });
    await sentAfter(alice, report.message_id);
    expect(alice.messages().filter((m) => m.photo !== undefined)).toHaveLength(1);
  });
});
