// The default wallet through the bot: a person picks it on a wallet's page in
// /wallets (★ marks the current one), quick entry then records from it; it is
// each person's own choice, offered only where it can be used.
import { describe, expect, it } from 'vitest';
import { archiveWallet, createWallet, defaultWallet, listTransactions, setUserLocale } from '../../../src/domain/index.js';
import { family, forgePress, press, say, startHarness } from './harness.js';

describe('default wallet', () => {
  it('a member makes another wallet their default in /wallets, and quick entry records from it', async () => {
    const h = await startHarness();
    const f = family(h, ['member']);
    const deps = h.db.deps;
    const max = f.people.member!;
    const bank = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 100_000 });

    const list = await say(max.tg, '/wallets', /Wallets/);
    expect(list.text).toContain('• ★ Cash: $0.00');
    expect(list.text).toContain('• Bank: $1,000.00');
    expect(list.text).toMatch(/★ Your default wallet: quick entries/);

    await press(h, max.tg, 'Cash');
    await max.tg.waitForMessage(/★ Your default wallet for quick entries/, { includeExisting: true });
    expect(max.tg.buttons()).toEqual(['★ Default wallet', '« Wallets']);
    const already = await press(h, max.tg, '★ Default wallet');
    expect(already).toMatchObject({ text: '★ “Cash” is already your default wallet.' });

    await press(h, max.tg, '« Wallets');
    const opened = max.tg.waitForMessage(/Bank \(.+, USD\)/, { includeExisting: true });
    await press(h, max.tg, 'Bank');
    await opened;
    expect(max.tg.buttons()).toEqual(['☆ Make default', '« Wallets']);
    const marked = max.tg.waitForMessage((m) => (m.text ?? '').includes('★ Your default wallet for quick entries') && (m.text ?? '').includes('Bank'));
    const answer = await press(h, max.tg, '☆ Make default');
    expect(answer).toMatchObject({ text: '★ “Bank” is now your default wallet.' });
    await marked;
    expect(max.tg.buttons()).toEqual(['★ Default wallet', '« Wallets']);
    expect(defaultWallet(deps, max.userId, f.familyId)?.id).toBe(bank.id);
    // The owner's default is their own: still the first wallet.
    expect(defaultWallet(deps, f.owner.userId, f.familyId)?.id).toBe(f.cashId);

    const again = await say(max.tg, '/wallets', /Wallets/);
    expect(again.text).toContain('• Cash: $0.00');
    expect(again.text).toContain('• ★ Bank: $1,000.00');

    await say(max.tg, '12 coffee', /➖ \$12\.00 from Bank/);
    const [recorded] = listTransactions(deps, max.userId, { familyId: f.familyId, limit: 1 }).items;
    expect(recorded).toMatchObject({ fromWalletId: bank.id, amountMinor: 1200, createdBy: max.userId });
  });

  it('speaks Russian to a Russian reader', async () => {
    const h = await startHarness();
    const f = family(h);
    setUserLocale(h.db.deps, f.owner.userId, 'ru');
    createWallet(h.db.deps, f.owner.userId, { familyId: f.familyId, name: 'Карта', type: 'card', currency: 'USD' });
    const list = await say(f.owner.tg, '/wallets', /Кошельки/);
    expect(list.text).toMatch(/★ Ваш основной кошелёк: быстрые записи/);
    await press(h, f.owner.tg, 'Карта');
    await f.owner.tg.waitForMessage(/Карта/, { includeExisting: true });
    expect(f.owner.tg.buttons()).toContain('☆ Сделать основным');
    const answer = await press(h, f.owner.tg, '☆ Сделать основным');
    expect(answer).toMatchObject({ text: '★ «Карта» теперь ваш основной кошелёк.' });
  });

  it('is not offered to a viewer or on an archived wallet, and a forged press on an archived wallet changes nothing', async () => {
    const h = await startHarness();
    const f = family(h, ['member', 'viewer']);
    const deps = h.db.deps;
    const old = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Old', type: 'cash', currency: 'USD' });
    archiveWallet(deps, f.owner.userId, { familyId: f.familyId, walletId: old.id });

    const vera = f.people.viewer!.tg;
    const seen = await say(vera, '/wallets', /Wallets/);
    expect(seen.text).not.toContain('★');
    await press(h, vera, 'Cash');
    await vera.waitForMessage(/Balance/, { includeExisting: true });
    expect(vera.buttons()).toEqual(['« Wallets']);

    const max = f.people.member!.tg;
    await say(max, '/wallets', /Wallets/);
    const refused = await h.tg.waitForCallbackAnswer(forgePress(h, max, `m1:w:def:${old.id}`));
    expect(refused).toMatchObject({ show_alert: true });
    expect(defaultWallet(deps, f.people.member!.userId, f.familyId)?.id).toBe(f.cashId);
  });
});
