// The examples the bot gives with an amount question or a refusal are written in
// the currency's own decimals: no "12.50" for won or yen (the bot would refuse
// it: "This currency has no decimals"), "12.500" for dinars.
import { describe, expect, it } from 'vitest';
import { createWallet, setDefaultWallet, setUserLocale } from '../../src/domain/index.js';
import { family, fundCash, say, startHarness } from './manage/harness.js';

describe('amount examples in the currency’s decimals', () => {
  it('a won family is shown whole numbers: the question, a wrong answer, another currency, a quick entry’s hint', async () => {
    const h = await startHarness();
    const f = family(h, [], 'KRW');
    fundCash(h, f, 100_000);
    const tg = f.owner.tg;

    const asked = await say(tg, '/expense', /How much did you spend/);
    expect(asked.text).toContain('Amount in KRW, for example 1200.');
    const wrong = await say(tg, 'abc', /is not an amount/);
    expect(wrong.text).toContain('“abc” is not an amount. Send a number such as 1200 or 1 234.');
    const other = await say(tg, '$5', /This question is in KRW/);
    expect(other.text).toContain('Send the amount in KRW, for example 1200.');
    await say(tg, '/cancel', /./);

    const refused = await say(tg, '1.5 food', /no decimals/);
    expect(refused.text).toContain('This currency has no decimals: send a whole number.\nTo record quickly, send an amount and a note: “50 coffee”, “1 234 groceries”, “+3000 salary”.');
    expect(refused.text).not.toContain('1 234,50');
  });

  it('a dinar wallet is shown three decimals, in Russian too (a dot: "12,500" would be asked about)', async () => {
    const h = await startHarness();
    const f = family(h, [], 'BHD');
    const deps = h.db.deps;
    fundCash(h, f, 50_000);
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'BHD' });
    const tg = f.owner.tg;
    const asked = await say(tg, '/transfer', /How much do you move/);
    expect(asked.text).toContain('Amount in BHD, for example 100 or 12.500.');
    await say(tg, '/cancel', /./);
    const refused = await say(tg, '0.0001 tea', /digits after the decimal point/);
    expect(refused.text).toContain('At most 3 digits after the decimal point, please.\nTo record quickly, send an amount and a note: “50 coffee”, “1 234.500 groceries”');

    // A Russian reader with a dinar default wallet in a dollar family.
    const g = family(h, [], 'USD');
    const dinars = createWallet(deps, g.owner.userId, { familyId: g.familyId, name: 'Динары', type: 'bank', currency: 'BHD' }).id;
    setDefaultWallet(deps, g.owner.userId, { familyId: g.familyId, walletId: dinars });
    setUserLocale(deps, g.owner.userId, 'ru');
    const ru = await say(g.owner.tg, 'ноль кофе', /Для быстрой записи/);
    expect(ru.text).toContain('«1 234,500 продукты»');
  });
});
