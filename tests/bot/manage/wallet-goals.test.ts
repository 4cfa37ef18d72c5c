// Archiving a wallet that a goal saves into: the bot says which goals keep it
// open and offers the way out (move each goal to another wallet of its
// currency, or close it), then the archive goes through.
import { describe, expect, it } from 'vitest';
import { createGoal, createWallet, getWallet, listGoals, setUserLocale } from '../../../src/domain/index.js';
import { family, press, startHarness, say } from './harness.js';

describe('a wallet that goals are saved in', () => {
  it('is kept open with the goals named; one goal moved, the other closed, it is archived', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const piggy = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Jar', type: 'savings', currency: 'USD' });
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Euros', type: 'savings', currency: 'EUR' });
    const bike = createGoal(deps, f.owner.userId, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: piggy.id });
    createGoal(deps, f.owner.userId, { familyId: f.familyId, name: 'Trip', targetMinor: 900_00, walletId: piggy.id });
    const owner = f.owner.tg;

    await say(owner, '/wallets', /Wallets/);
    await press(h, owner, 'Piggy');
    const confirm = owner.waitForMessage(/Archive “Piggy”\?/);
    await press(h, owner, '🗄 Archive');
    await confirm;
    const refused = owner.waitForMessage(/stays open/);
    await press(h, owner, '🗄 Yes, archive');
    expect((await refused).text).toBe(
      '🎯 “Piggy” stays open: it holds the savings of 2 goals (Bike, Trip), and a goal’s progress is its wallet’s balance.\nMove each goal to another wallet, or close it, then archive the wallet.',
    );
    expect(owner.buttons()).toEqual(['↪ Move “Bike”', '🗑 Close “Bike”', '↪ Move “Trip”', '🗑 Close “Trip”', '✖️ Cancel']);
    expect(getWallet(deps, f.owner.userId, f.familyId, piggy.id).archivedAt).toBeNull();

    // Move Bike: only the other USD wallets are offered.
    const pick = owner.waitForMessage(/Where should “Bike” be saved/);
    await press(h, owner, '↪ Move “Bike”');
    await pick;
    expect(owner.buttons()).toEqual(['Cash', 'Jar', '✖️ Cancel']);
    const askAgain = owner.waitForMessage(/Archive “Piggy”\?/);
    const moved = await press(h, owner, 'Jar');
    expect(moved['text']).toBe('↪ “Bike” is now saved in “Jar”.');
    await askAgain;

    // Trip still holds it.
    const stillHeld = owner.waitForMessage(/holds the savings of a goal \(Trip\)/);
    await press(h, owner, '🗄 Yes, archive');
    await stillHeld;
    const askLast = owner.waitForMessage(/Archive “Piggy”\?/);
    const closed = await press(h, owner, '🗑 Close “Trip”');
    expect(closed['text']).toBe('🗑 Goal “Trip” closed.');
    await askLast;
    const done = owner.waitForMessage(/“Piggy” is archived/);
    await press(h, owner, '🗄 Yes, archive');
    await done;
    expect(getWallet(deps, f.owner.userId, f.familyId, piggy.id).archivedAt).not.toBeNull();
    expect(listGoals(deps, f.owner.userId, f.familyId).map((g) => [g.id, g.name, g.walletId])).toEqual([[bike.id, 'Bike', expect.any(Number)]]);
    expect(listGoals(deps, f.owner.userId, f.familyId)[0]!.walletId).not.toBe(piggy.id);
  });

  it('in Russian, and with no other wallet of the currency it offers to close the goal', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    setUserLocale(deps, f.owner.userId, 'ru');
    const euros = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Евро', type: 'savings', currency: 'EUR' });
    createGoal(deps, f.owner.userId, { familyId: f.familyId, name: 'Отпуск', targetMinor: 900_00, walletId: euros.id });
    const owner = f.owner.tg;
    await say(owner, '/wallets', /Кошельки/);
    await press(h, owner, 'Евро');
    const confirm = owner.waitForMessage(/Отправить «Евро» в архив\?/);
    await press(h, owner, '🗄 В архив');
    await confirm;
    const refused = owner.waitForMessage(/остаётся открытым/);
    await press(h, owner, /^🗄 Да/);
    expect((await refused).text).toContain('«Евро» остаётся открытым: в нём копятся деньги на цель (Отпуск)');
    const none = owner.waitForMessage(/Нет другого кошелька в EUR, куда перенести «Отпуск»/);
    await press(h, owner, '↪ Перенести «Отпуск»');
    await none;
    expect(owner.buttons()).toEqual(['🗑 Закрыть «Отпуск»', '✖️ Отмена']);
  });
});
