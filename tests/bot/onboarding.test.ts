import { afterEach, describe, expect, it } from 'vitest';
import { createInvite, findUserByChat, listFamiliesForUser, listMembers, listTransactions, listWallets } from '../../src/domain/index.js';
import { seedFamily } from './support/seed.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('onboarding', () => {
  it('creates a family with the chosen currency and an opening balance, then shows the main menu', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');

    alice.send('/start');
    await alice.waitForMessage(/What should we call it/);
    alice.send('The Smiths');
    await alice.waitForMessage(/which currency/);
    expect(alice.buttons()).toEqual(expect.arrayContaining(['USD', 'EUR', 'RUB', '‹ Back', 'Cancel']));
    alice.press('EUR');
    await alice.waitForMessage(/How much cash/);
    alice.send('250,50');
    const menu = await alice.waitForMessage(/The Smiths: what would you like to do/);
    expect(menu.text).toContain('“The Smiths” is ready');
    expect(alice.buttons()).toEqual(['➖ Expense', '➕ Income', '🔁 Transfer', '👛 Wallets', '📜 History', '⏳ Pending (0)', '📊 Reports', '⚙️ Settings']);

    const user = findUserByChat(h.db.deps, 1001)!;
    const [family] = listFamiliesForUser(h.db.deps, user.id);
    expect(family).toMatchObject({ name: 'The Smiths', baseCurrency: 'EUR', role: 'owner' });
    const [cash] = listWallets(h.db.deps, user.id, family!.id);
    expect(cash).toMatchObject({ name: 'Cash', currency: 'EUR', balanceMinor: 25050 });
    const { items } = listTransactions(h.db.deps, user.id, { familyId: family!.id });
    expect(items).toMatchObject([{ kind: 'opening_balance', amountMinor: 25050, status: 'executed' }]);
  });

  it('tells the new owner the approval limit the family starts with: a round amount worth about $500 in its currency', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    alice.send('/start');
    await alice.waitForMessage(/What should we call it/);
    alice.send('Kims');
    await alice.waitForMessage(/which currency/);
    alice.send('KRW');
    await alice.waitForMessage(/How much cash/);
    alice.press('Skip');
    const menu = await alice.waitForMessage(/Kims: what would you like to do/);
    // ₩500 (a few cents) made every coffee a member bought wait.
    expect(menu.text).toContain('“Kims” is ready');
    expect(menu.text).toContain("🔒 Members' entries above ₩500,000 wait for your approval; change the limit in /settings.");
  });

  it('asks for the family name again when the core refuses it at the end, keeping the currency and the cash', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');

    alice.send('/start');
    await alice.waitForMessage(/What should we call it/);
    // A right-to-left mark the bot's own check lets through; the core refuses it when the family is created.
    alice.send('The\u200f Smiths');
    await alice.waitForMessage(/which currency/);
    alice.press('EUR');
    await alice.waitForMessage(/How much cash/);
    alice.send('250,50');
    const again = await alice.waitForMessage(/text-direction characters[^]*What should we call it/);
    expect(again.text).not.toContain('is ready');
    expect(findUserByChat(h.db.deps, 1001)).toBeDefined();
    expect(listFamiliesForUser(h.db.deps, findUserByChat(h.db.deps, 1001)!.id)).toHaveLength(0);
    alice.send('The Smiths');
    const menu = await alice.waitForMessage(/The Smiths: what would you like to do/);
    expect(menu.text).toContain('“The Smiths” is ready');
    const user = findUserByChat(h.db.deps, 1001)!;
    const [family] = listFamiliesForUser(h.db.deps, user.id);
    expect(family).toMatchObject({ name: 'The Smiths', baseCurrency: 'EUR' });
    expect(listWallets(h.db.deps, user.id, family!.id)[0]).toMatchObject({ name: 'Cash', currency: 'EUR', balanceMinor: 25050 });
  });

  it('accepts a typed currency code, re-asks a wrong one, and speaks Russian to a Russian Telegram', async () => {
    h = await startHarness();
    const boris = h.person(1002, 'Борис', 'ru');
    boris.send('/start');
    await boris.waitForMessage(/Как её назвать/);
    boris.send('Ивановы');
    await boris.waitForMessage(/в какой валюте/);
    boris.send('XYZ');
    await boris.waitForMessage(/Такой код валюты я не знаю/);
    boris.send('kzt');
    await boris.waitForMessage(/Сколько у вас сейчас наличных, в KZT/);
    boris.press('Пропустить');
    const menu = await boris.waitForMessage(/Ивановы: что сделаем/);
    // 200,000 tenge (about $400), not 500 (about a dollar); Intl groups with a no-break space.
    expect(menu.text?.replace(/\s/g, ' ')).toContain('🔒 Операции участников свыше 200 000,00 KZT ждут вашего одобрения; лимит меняется в /settings.');
    const user = findUserByChat(h.db.deps, 1002)!;
    const [family] = listFamiliesForUser(h.db.deps, user.id);
    expect(family).toMatchObject({ baseCurrency: 'KZT', locale: 'ru' });
    expect(listWallets(h.db.deps, user.id, family!.id)[0]).toMatchObject({ name: 'Наличные', balanceMinor: 0 });
    expect(h.tg.commands({ language_code: 'ru' }).find((c) => c.command === 'undo')?.description).toBe('Отменить последнюю операцию');
    expect(h.tg.commands({ language_code: 'en' }).find((c) => c.command === 'undo')?.description).toBe('Undo my last transaction');
    expect(h.tg.commands().length).toBeGreaterThan(5);
  });

  it('lets a second person join through an invite deep link, once', async () => {
    h = await startHarness();
    const alice = h.person(1001, 'Alice');
    const bob = h.person(1002, 'Bob');
    const f = seedFamily(h.db.deps, alice);
    const { code } = createInvite(h.db.deps, f.userOf(alice), { familyId: f.familyId, role: 'member' });

    bob.send(`/start ${code}`);
    const joined = await bob.waitForMessage('You joined “Family” as member.');
    expect(joined.text).toContain('Family: what would you like to do?');
    const members = listMembers(h.db.deps, f.userOf(alice), f.familyId);
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ['Alice', 'owner'],
      ['Bob', 'member'],
    ]);
    expect(h.outboxWakes()).toBe(1);

    const carol = h.person(1003, 'Carol');
    carol.send(`/start ${code}`);
    await carol.waitForMessage('This invite link has already been used. Ask for a new one.');
    carol.send('/start iNotARealInviteCode');
    await carol.waitForMessage('This invite link is not valid. Ask for a new one.');
  });
});
