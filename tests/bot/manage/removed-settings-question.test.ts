// The one-question flows (settings' currency, approval limit and time zone; a wallet's rename) answered by
// someone removed from the family (or gone) meanwhile: they said "This button is out of date. Open the
// menu again."; now they say the person is no longer in the family, as the other questions do, and change nothing.
import { describe, expect, it } from 'vitest';
import { createFamily, getFamily, getWallet, leaveFamily, listThresholds, listTransactions, removeMember, setActiveFamily } from '../../../src/domain/index.js';
import { family, mapBankCsv, person, press, say, startHarness } from './harness.js';

const CLOSED = 'You are no longer in this family, so this question is closed; nothing was saved.';

describe('a settings question whose asker is no longer in the family', () => {
  it('an approval limit typed after removal: told so, the limit unchanged', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const anna = f.people.admin!;
    await say(anna.tg, '/settings', /Approval needed above: \$500\.00/);
    const asked = anna.tg.waitForMessage(/Send the new limit in USD/);
    await press(h, anna.tg, '🔒 Approval limit');
    await asked;
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId });
    await say(anna.tg, '100', CLOSED);
    expect(listThresholds(h.db.deps, f.owner.userId, f.familyId).map((t) => [t.currency, t.amountMinor])).toEqual([['USD', 50_000]]);
    expect(anna.tg.messages().some((m) => /out of date/.test(m.text ?? ''))).toBe(false);
  });

  it("a currency button pressed after leaving, and a time zone typed: told so, the family's unchanged", async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const anna = f.people.admin!;
    await say(anna.tg, '/settings', /Time zone: UTC/);
    const currency = anna.tg.waitForMessage(/currency/i);
    await press(h, anna.tg, '💱 Currency');
    await currency;
    leaveFamily(h.db.deps, anna.userId, f.familyId);
    const closed = anna.tg.waitForMessage(CLOSED);
    await press(h, anna.tg, 'EUR');
    await closed;
    expect(getFamily(h.db.deps, f.owner.userId, f.familyId).baseCurrency).toBe('USD');

    // Another admin, removed while the time zone question waits.
    const b = family(h, ['admin']);
    const admin = b.people.admin!;
    await say(admin.tg, '/settings', /Time zone: UTC/);
    const zone = admin.tg.waitForMessage(/time zone/i);
    await press(h, admin.tg, '🕒 Time zone');
    await zone;
    removeMember(h.db.deps, b.owner.userId, { familyId: b.familyId, userId: admin.userId });
    await say(admin.tg, 'Europe/Berlin', CLOSED);
    expect(getFamily(h.db.deps, b.owner.userId, b.familyId).timezone).toBe('UTC');
  });

  it("a wallet's new name typed after removal: told so in the person's language, the name unchanged", async () => {
    const h = await startHarness();
    const f = family(h);
    const pavel = person(h, 'Павел', 'ru');
    const { createInvite, joinFamily } = await import('../../../src/domain/index.js');
    joinFamily(h.db.deps, pavel.userId, createInvite(h.db.deps, f.owner.userId, { familyId: f.familyId, role: 'admin' }).code);
    const before = getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).name;
    await say(pavel.tg, '/wallets', /Наличные/);
    await press(h, pavel.tg, /^Наличные/);
    const asked = pavel.tg.waitForMessage('Пришлите новое название для «Наличные».');
    await press(h, pavel.tg, /Переименовать/);
    await asked;
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: pavel.userId });
    await say(pavel.tg, 'Заначка', 'Вы больше не состоите в этой семье, поэтому вопрос закрыт; ничего не сохранено.');
    expect(getWallet(h.db.deps, f.owner.userId, f.familyId, f.cashId).name).toBe(before);
  });
});

describe('a bank import whose sender is no longer in the family', () => {
  it('the wallet pressed after removal closes it: nothing imported there or into their other family', async () => {
    const h = await startHarness();
    const f = family(h, ['admin']);
    const anna = f.people.admin!;
    const flat = createFamily(h.db.deps, anna.userId, { name: 'Flat', baseCurrency: 'USD' });
    setActiveFamily(h.db.deps, anna.userId, f.familyId);
    await mapBankCsv(h, anna.tg, ['Date;Amount;Details', '01.11.2026;1 000,00;Salary', '02.11.2026;-12,50;Bakery'].join('\n'));
    removeMember(h.db.deps, f.owner.userId, { familyId: f.familyId, userId: anna.userId });
    const closed = anna.tg.waitForMessage(CLOSED);
    await press(h, anna.tg, 'Cash (USD)');
    await closed;
    expect(listTransactions(h.db.deps, f.owner.userId, { familyId: f.familyId }).items).toEqual([]);
    expect(listTransactions(h.db.deps, anna.userId, { familyId: flat.id }).items).toEqual([]);
  });
});
