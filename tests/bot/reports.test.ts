// /reports and /export as a person uses them: a month with its change against
// the month before, ◀ to the month before, the 12-month view, the chart as a
// picture, and the CSV document.
import { describe, expect, it } from 'vitest';
import { archiveBudget, createBudget, createTransaction, createWallet, exportTransactionsCsv, setUserLocale, updateBudget } from '../../src/domain/index.js';
import { family, fundCash, press, say, startHarness } from './manage/harness.js';

describe('reports in the bot', () => {
  it('a won month past 2^53 minor units is reported exactly, not a RangeError', async () => {
    const h = await startHarness();
    const f = family(h, [], 'KRW');
    const deps = h.db.deps;
    const o = f.owner.userId;
    for (const amount of [...Array<number>(10).fill(999_999_999_999_999), 1]) {
      createTransaction(deps, o, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: amount, categoryId: f.category('Salary') });
      createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: amount, categoryId: f.category('Groceries') });
    }
    createBudget(deps, o, { familyId: f.familyId, amountMinor: 1_000_000, currency: 'KRW' });
    const report = await say(f.owner.tg, '/reports', /Report for November 2026/);
    expect(report.text).toContain('₩9,999,999,999,999,991');
    expect(report.text).toContain('All expenses: ₩9,999,999,999,999,991 of ₩1,000,000');
  });

  it("a past month shows that month's budgets with their limits then, not today's", async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const o = f.owner.userId;
    h.db.clock.set(Date.UTC(2026, 9, 2, 12));
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 3000_00, categoryId: f.category('Salary') });
    const groceries = createBudget(deps, o, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 300_00 });
    const cafes = createBudget(deps, o, { familyId: f.familyId, categoryId: f.category('Cafes'), amountMinor: 50_00 });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 150_00, categoryId: f.category('Groceries') });
    h.db.clock.set(Date.UTC(2026, 10, 3, 12));
    updateBudget(deps, o, { familyId: f.familyId, budgetId: groceries.id, amountMinor: 500_00 });
    archiveBudget(deps, o, { familyId: f.familyId, budgetId: cafes.id });
    createBudget(deps, o, { familyId: f.familyId, amountMinor: 2000_00 });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100_00, categoryId: f.category('Groceries') });
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));
    const tg = f.owner.tg;

    const nov = await say(tg, '/reports', /Report for November 2026/);
    expect(nov.text).toContain('• All expenses: $100.00 of $2,000.00 (5%)\n• 🛒 Groceries: $100.00 of $500.00 (20%)');
    expect(nov.text).not.toContain('Cafes: $0.00 of');
    const oct = tg.waitForMessage(/Report for October 2026/);
    await press(h, tg, '◀ Oct');
    const octText = (await oct).text!;
    expect(octText).toContain('Budgets in that month:\n• 🛒 Groceries: $150.00 of $300.00 (50%)\n• ☕ Cafes: $0.00 of $50.00 (0%)');
    expect(octText).not.toContain('All expenses: $150.00 of');
  });

  it('walks the months with ◀ ▶, shows twelve months and sends the chart', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const deps = h.db.deps;
    const o = f.owner.userId;
    h.db.clock.set(Date.UTC(2026, 9, 10, 12));
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 3000_00, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100_00, categoryId: f.category('Groceries') });
    h.db.clock.set(Date.UTC(2026, 10, 3, 12));
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 120_00, categoryId: f.category('Groceries') });
    createTransaction(deps, f.people.admin!.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 30_00, categoryId: f.category('Cafes') });
    createBudget(deps, o, { familyId: f.familyId, categoryId: f.category('Groceries'), amountMinor: 400_00 });
    h.db.clock.set(Date.UTC(2026, 10, 25, 12));
    const tg = f.owner.tg;

    const nov = await say(tg, '/reports', /Report for November 2026/);
    expect(nov.text).toContain('🛒 Groceries: $120.00 · 80% · ▲ 20%');
    expect(nov.text).toContain('☕ Cafes: $30.00 · 20%');
    expect(nov.text).toContain('By member:\n  Olga: spent $120.00, received $0.00\n  Anna: spent $30.00, received $0.00');
    expect(nov.text).toContain('• 🛒 Groceries: $120.00 of $400.00 (30%)');
    expect(tg.buttons()).toEqual(['◀ Oct', '📈 12 months', '🖼 Chart']);

    const oct = tg.waitForMessage(/Report for October 2026/);
    await press(h, tg, '◀ Oct');
    const octText = (await oct).text!;
    expect(octText).toContain('USD: income $3,000.00, expenses $100.00, balance $2,900.00');
    // The budget was made in November: October had none.
    expect(octText).not.toContain('Budgets in that month');
    expect(tg.buttons()).toEqual(['◀ Sep', 'Nov ▶', '📈 12 months', '🖼 Chart', '⏺ This month']);

    const trend = tg.waitForMessage(/📈 November 2025 – October 2026/);
    await press(h, tg, '📈 12 months');
    expect((await trend).text).toContain('Oct 2026: +$3,000.00 / −$100.00');

    // The first chart compiles resvg's WebAssembly: slow on a busy machine, so a long wait for the event.
    const photo = h.tg.waitForCall('sendPhoto', () => true, { timeoutMs: 60_000 });
    await press(h, tg, '🖼 Chart');
    const call = await photo;
    expect(call.params['caption']).toBe('📊 Report for October 2026 · USD');
    const sent = tg.messages().at(-1)!;
    expect(sent.photo).toBeDefined();
    const file = h.tg.store.files.get(sent.photo!.at(-1)!.file_id)!;
    expect(file.data.subarray(1, 4).toString('ascii')).toBe('PNG');
  }, 90_000);

  it('charts the family’s own currency, not the one with the most minor units, and names it', async () => {
    // ₩18,000 and $400.00 spent: 18,000 minor units against 40,000, but no rate says which is more.
    const h = await startHarness();
    const f = family(h, [], 'KRW');
    const deps = h.db.deps;
    const o = f.owner.userId;
    const dollars = createWallet(deps, o, { familyId: f.familyId, name: 'Dollars', type: 'bank', currency: 'USD' }).id;
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 100_000, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: f.familyId, toWalletId: dollars, amountMinor: 1000_00, categoryId: f.category('Salary') });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 18_000, categoryId: f.category('Groceries') });
    createTransaction(deps, o, { familyId: f.familyId, fromWalletId: dollars, amountMinor: 400_00, categoryId: f.category('Groceries') });
    const tg = f.owner.tg;
    await say(tg, '/reports', /Report for November 2026/);
    const photo = h.tg.waitForCall('sendPhoto', () => true, { timeoutMs: 60_000 });
    await press(h, tg, '🖼 Chart');
    expect((await photo).params['caption']).toBe('📊 Report for November 2026 · KRW');
  }, 90_000);

  it('shows the names the family got from the defaults in the reader’s language, typed names as typed', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const deps = h.db.deps;
    h.db.clock.set(Date.UTC(2026, 10, 3, 12));
    fundCash(h, f, 500_00);
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 120_00, categoryId: f.category('Groceries') });
    const admin = f.people.admin!;
    setUserLocale(deps, admin.userId, 'ru');
    const nov = await say(admin.tg, '/reports', /ноябрь 2026/i);
    expect(nov.text).toContain('Продукты');
    expect(nov.text).not.toContain('Groceries');
  });

  it('/export sends this month as a CSV document with a header row', async () => {
    const h = await startHarness();
    const f = family(h);
    createTransaction(h.db.deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor: 50_00, categoryId: f.category('Salary'), description: 'Bonus, "Q4"' });
    const tg = f.owner.tg;
    await say(tg, '/export', /Which period/);
    const doc = h.tg.waitForCall('sendDocument');
    await press(h, tg, 'This month');
    await doc;
    const sent = tg.messages().at(-1)!;
    expect(sent.document?.file_name).toBe('transactions-2026-11.csv');
    const text = h.tg.store.files.get(sent.document!.file_id)!.data.toString('utf8');
    expect(text.startsWith('\uFEFFid,date,kind,status,amount')).toBe(true);
    expect(text).toContain(',income,executed,50.00,USD,,Cash,,,Salary,"Bonus, ""Q4""",Olga,,');
  });

  it('/export while the person’s previous export is still being made says so and sends nothing; afterwards it works', async () => {
    const h = await startHarness();
    const f = family(h);
    fundCash(h, f, 50_00);
    const tg = f.owner.tg;
    // An export of the same person still being read (over the API, through the same core call).
    const running = exportTransactionsCsv(h.db.deps, f.owner.userId, { familyId: f.familyId });
    running.next();
    await say(tg, '/export', /Which period/);
    const answer = await press(h, tg, 'This month');
    expect(answer).toMatchObject({ show_alert: true, text: 'Your previous export is still being made. Try again when it has arrived.' });
    expect(h.tg.calls('sendDocument')).toHaveLength(0);
    running.return(undefined);
    const doc = h.tg.waitForCall('sendDocument');
    await press(h, tg, 'This month');
    await doc;
  });
});
