// Currencies with three decimals (BHD, KWD, OMR) in the chat: "12.345" is how
// their amounts are written and is recorded as such; "1,234" stays ambiguous,
// and the question suggests forms in that currency's own decimals.
import { afterEach, describe, expect, it } from 'vitest';
import { getWallet } from '../../src/domain/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { addFundedWallet, addWallet, aliceWithFamily, seedFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('three-decimal currencies in quick entry', () => {
  it('records 12.345 BHD; asks about 1,234 BHD with a three-decimal example, in English and in Russian', async () => {
    h = await startHarness();
    const { alice, f, owner } = aliceWithFamily(h);
    const dinar = addFundedWallet(h.db.deps, f, 'Dinar', 'BHD', 100_000);

    alice.send('12.345 BHD lunch');
    await alice.waitForMessage(/from Dinar/);
    expect(getWallet(h.db.deps, owner, f.familyId, dinar).balanceMinor).toBe(100_000 - 12_345);

    alice.send('1,234 BHD rent');
    const asked = await alice.waitForMessage(/a thousand or a decimal/);
    expect(asked.text).toContain('Write 1234 for a thousand, or 1.234 for a decimal.');
    expect(getWallet(h.db.deps, owner, f.familyId, dinar).balanceMinor).toBe(100_000 - 12_345);

    const boris = h.person(1002, 'Борис', 'ru');
    const g = seedFamily(h.db.deps, boris, [], 'RUB');
    addWallet(h.db.deps, g, g.userOf(boris), 'Динар', 'BHD');
    boris.send('1,234 BHD аренда');
    const ru = await boris.waitForMessage(/тысяча или дробь/);
    expect(ru.text).toContain('Напишите 1234 для тысячи или 1.234 для дроби.');
  });
});
