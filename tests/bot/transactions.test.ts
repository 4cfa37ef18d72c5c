import { afterEach, describe, expect, it } from 'vitest';
import { archiveCategory, archiveWallet, listCategories, listTransactions, getWallet } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { addWallet, aliceWithFundedCash, familyWithFundedCash, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const listTransactionsOf = (h: Harness, f: ReturnType<typeof seedFamily>, who: ReturnType<Harness['person']>) =>
  listTransactions(h.db.deps, f.userOf(who), { familyId: f.familyId }).items;

async function openMenu(h: Harness, who: ReturnType<Harness['person']>) {
  who.send('/menu');
  await who.waitForMessage(/what would you like to do/);
}

describe('recording through the conversation', () => {
  it('records an expense step by step, explaining a bad amount and asking again', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    await openMenu(h, alice);

    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend? Amount in USD');
    alice.send('abc');
    const explained = await alice.waitForMessage(/is not an amount/);
    expect(explained.text).toContain('“abc” is not an amount');
    expect(explained.text).toContain('How much did you spend?');
    alice.send('1,234');
    await alice.waitForMessage(/a thousand or a decimal/);
    alice.send('12,5');
    await alice.waitForMessage('Which category?');
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?');
    alice.send('latte');
    const confirm = await alice.waitForMessage('Record this expense?');
    expect(confirm.text).toBe('Record this expense?\n➖ $12.50 from Cash · ☕ Cafes · latte');
    alice.press('✅ Save');
    const result = await alice.waitForMessage('Cash: $87.50');
    expect(result.text).toBe('➖ $12.50 from Cash · ☕ Cafes · latte\nCash: $87.50');
    // The same card as a quick entry's, with its buttons.
    expect(alice.buttons(result.message_id)).toEqual(['🏷 Change category', '👛 Change wallet', '↩️ Undo']);

    const { items } = listTransactions(h.db.deps, owner, { familyId: f.familyId });
    expect(items[0]).toMatchObject({ kind: 'expense', amountMinor: 1250, description: 'latte', status: 'executed', source: 'bot' });
    expect(items[0]?.idempotencyKey).toMatch(/^tg:cb:\d+$/);
    // The prompts that were answered lost their buttons: nothing stale is left to press.
    expect(alice.messages().filter((m) => m.reply_markup !== undefined && /Record this|Which category/.test(m.text ?? ''))).toEqual([]);
  });

  it('/expense, /income and /transfer start the flow in one message in a private chat; without a family, /start is offered', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFundedCash(h, 10_000);
    alice.send('/expense');
    await alice.waitForMessage('How much did you spend? Amount in USD');
    alice.send('7');
    await alice.waitForMessage('Which category?');
    // Another of them leaves the draft (said so) and starts its own flow.
    alice.send('/income');
    await alice.waitForMessage(/How much came in\?/);
    alice.send('/cancel');
    await alice.waitForMessage(/./);
    alice.send('/transfer');
    await alice.waitForMessage(/How much do you move\?|A transfer needs two wallets/);
    const bob = h.person(1002, 'Bob');
    bob.send('/expense');
    const told = await bob.waitForMessage(/\/start/);
    expect(told.text).not.toContain('How much');
    expect(listTransactionsOf(h, f, alice)).toHaveLength(1); // the funding only: nothing recorded by the flows left
  });

  it('a category the core refuses at save time (archived meanwhile) is asked again from a fresh list; the other answers are kept', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    await openMenu(h, alice);

    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend? Amount in USD');
    alice.send('12,5');
    await alice.waitForMessage('Which category?');
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?');
    alice.send('latte');
    await alice.waitForMessage('Record this expense?');
    const cafes = listCategories(h.db.deps, owner, f.familyId).find((c) => c.name === 'Cafes')!;
    archiveCategory(h.db.deps, owner, { familyId: f.familyId, categoryId: cafes.id });
    alice.press('✅ Save');
    const category = await alice.waitForMessage(/Which category\?/);
    // The refusal says what happened, not a generic "something is not right".
    expect(category.text).toMatch(/^That category was archived; pick another\.\n[^]*Which category\?/);
    expect(alice.buttons(category.message_id)).not.toContain('☕ Cafes');
    alice.press('🛒 Groceries');
    const again = await alice.waitForMessage('Record this expense?');
    expect(again.text).toBe('Record this expense?\n➖ $12.50 from Cash · 🛒 Groceries · latte');
    alice.press('✅ Save');
    await alice.waitForMessage('Cash: $87.50');
    const { items } = listTransactions(h.db.deps, owner, { familyId: f.familyId });
    expect(items.filter((t) => t.kind === 'expense')).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'expense', amountMinor: 1250, description: 'latte', categoryId: listCategories(h.db.deps, owner, f.familyId).find((c) => c.name === 'Groceries')!.id });
  });

  it('says in Russian that the category was archived, for a Russian speaker', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Olga', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 10_000);
    const owner = f.userOf(olga);
    olga.send('/menu');
    await olga.waitForMessage(/что сделаем\?/);

    olga.press('➖ Расход');
    await olga.waitForMessage('Сколько потратили?');
    olga.send('12,5');
    await olga.waitForMessage('Какая категория?');
    olga.press('☕ Кафе');
    await olga.waitForMessage('Добавить заметку?');
    olga.send('латте');
    await olga.waitForMessage('Записать расход?');
    const cafes = listCategories(h.db.deps, owner, f.familyId).find((c) => c.name === 'Cafes')!;
    archiveCategory(h.db.deps, owner, { familyId: f.familyId, categoryId: cafes.id });
    olga.press('✅ Сохранить');
    const asked = await olga.waitForMessage(/Какая категория\?/);
    expect(asked.text).toMatch(/^Эту категорию убрали в архив; выберите другую\.\n[^]*Какая категория\?/);
    expect(olga.buttons(asked.message_id)).not.toContain('☕ Кафе');
  });

  it('leaves nothing behind when cancelled with the button or /cancel, and Back goes one step back', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 10_000);
    const before = listTransactions(h.db.deps, owner, { familyId: f.familyId }).items.length;
    await openMenu(h, alice);

    alice.press('➖ Expense');
    await alice.waitForMessage('How much did you spend?');
    alice.send('30');
    await alice.waitForMessage('Which category?');
    alice.press('‹ Back');
    await alice.waitForMessage('How much did you spend?');
    alice.send('40');
    await alice.waitForMessage('Which category?');
    alice.press('🛒 Groceries');
    await alice.waitForMessage('Add a note?');
    alice.press('Cancel');
    await alice.waitForMessage('Cancelled. Nothing was recorded.');

    alice.press('➕ Income');
    await alice.waitForMessage('How much came in?');
    alice.send('500');
    await alice.waitForMessage('Which category?');
    alice.send('/cancel');
    await alice.waitForMessage('Cancelled. Nothing was recorded.');
    alice.send('/cancel');
    await alice.waitForMessage('Nothing to cancel.');

    expect(listTransactions(h.db.deps, owner, { familyId: f.familyId }).items).toHaveLength(before);
    expect(getWallet(h.db.deps, owner, f.familyId, f.cashId).balanceMinor).toBe(10_000);
  });

  it('asks for the received amount when a transfer crosses currencies', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const euro = addWallet(h.db.deps, f, owner, 'Euro', 'EUR');
    await openMenu(h, alice);

    alice.press('🔁 Transfer');
    await alice.waitForMessage('How much do you move?');
    alice.send('100');
    await alice.waitForMessage('From which wallet?');
    alice.press(/^Cash/);
    await alice.waitForMessage('To which wallet?');
    expect(alice.buttons()).toEqual(['Euro · €0.00', '‹ Back', 'Cancel']);
    alice.press(/^Euro/);
    await alice.waitForMessage('How much arrived in Euro, in EUR?');
    alice.send('92');
    await alice.waitForMessage('Add a note?');
    alice.press('Skip');
    const confirm = await alice.waitForMessage('Record this transfer?');
    expect(confirm.text).toContain('🔁 $100.00 → €92.00 from Cash to Euro');
    alice.press('✅ Save');
    const done = await alice.waitForMessage('Euro: €92.00');
    expect(done.text).toContain('Cash: $100.00');
    expect(getWallet(h.db.deps, owner, f.familyId, euro).balanceMinor).toBe(9200);
  });

  it('a receiving wallet the core refuses at save time (archived meanwhile) is asked again from a fresh list; the amount and note are kept', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFundedCash(h, 20_000);
    const bank = addWallet(h.db.deps, f, owner, 'Bank');
    const card = addWallet(h.db.deps, f, owner, 'Card');
    await openMenu(h, alice);

    alice.press('🔁 Transfer');
    await alice.waitForMessage('How much do you move?');
    alice.send('100 rent');
    await alice.waitForMessage('From which wallet?');
    alice.press(/^Cash/);
    await alice.waitForMessage('To which wallet?');
    alice.press(/^Bank/);
    await alice.waitForMessage('Record this transfer?');
    archiveWallet(h.db.deps, owner, { familyId: f.familyId, walletId: bank });
    alice.press('✅ Save');
    const asked = await alice.waitForMessage(/To which wallet\?/);
    expect(asked.text).toMatch(/^That wallet was archived; pick another\.\n[^]*To which wallet\?/);
    expect(alice.buttons(asked.message_id).some((b) => b.startsWith('Bank'))).toBe(false);
    alice.press(/^Card/);
    const confirm = await alice.waitForMessage('Record this transfer?');
    expect(confirm.text).toContain('🔁 $100.00 from Cash to Card · rent');
    alice.press('✅ Save');
    await alice.waitForMessage(/Card: \$100\.00/);
    expect(getWallet(h.db.deps, owner, f.familyId, card).balanceMinor).toBe(10000);
  });

  it('asks a viewer nothing: the refusal comes at once', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const vic = h.person(1004, 'Vic');
    seedFamily(h.db.deps, alice, [[vic, 'viewer']]);
    await openMenu(h, vic);
    vic.press('➖ Expense');
    await vic.waitForMessage('your role (viewer) cannot change anything');
  });
});
