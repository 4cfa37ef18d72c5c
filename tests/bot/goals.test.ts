// /goals as a person uses it: an owner adds a goal in a conversation (name,
// wallet, target, date), sees its progress and the monthly amount needed.
import { describe, expect, it } from 'vitest';
import { archiveWallet, createTransaction, createWallet, listGoals } from '../../src/domain/index.js';
import { family, goalUpToItsDate, press, say, startHarness } from './manage/harness.js';

describe('goals in the bot', () => {
  it('adds a goal and shows its progress', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const savings = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    createTransaction(deps, f.owner.userId, { familyId: f.familyId, toWalletId: savings.id, amountMinor: 300_00, categoryId: f.category('Salary') });
    const tg = f.owner.tg;

    await say(tg, '/goals', /No goals yet/);
    const name = tg.waitForMessage(/What are you saving for/);
    await press(h, tg, '➕ Add a goal');
    await name;
    await say(tg, 'Sea trip', /Which wallet holds the savings for “Sea trip”/);
    const target = tg.waitForMessage(/How much do you need for “Sea trip”, in USD/);
    await press(h, tg, '🏦 Piggy (USD)');
    await target;
    await say(tg, '1200', /By when/);
    const created = await say(tg, '2027-04-30', /Goal “Sea trip” added/);
    expect(created.text).toContain('1. Sea trip: $300.00 of $1,200.00\n   ▓▓▓░░░░░░░ 25% · $150.00 a month until Apr 30, 2027');
    expect(listGoals(deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });

  it('a name the core refuses at save time is asked for again, keeping the wallet, target and date', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const tg = f.owner.tg;

    // A right-to-left mark the bot's own check lets through; the core refuses it when the goal is saved.
    await goalUpToItsDate(h, tg, 'Sea\u200f trip', '🏦 Piggy (USD)', '1200');
    const refused = await say(tg, '2027-04-30', /text-direction characters/);
    expect(refused.text).toContain('What are you saving for');
    const created = await say(tg, 'Sea trip', /Goal “Sea trip” added/);
    expect(created.text).toContain('1. Sea trip: $0.00 of $1,200.00');
    expect(created.text).toContain('until Apr 30, 2027');
    expect(listGoals(deps, f.owner.userId, f.familyId)).toHaveLength(1);
  });

  it('a wallet archived before the goal is saved is named in the refusal and asked for again without it', async () => {
    const h = await startHarness();
    const f = family(h);
    const deps = h.db.deps;
    const piggy = createWallet(deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const tg = f.owner.tg;
    await goalUpToItsDate(h, tg, 'Bike', '🏦 Piggy (USD)', '300');
    archiveWallet(deps, f.owner.userId, { familyId: f.familyId, walletId: piggy.id });
    const refused = await say(tg, '2027-04-30', /Which wallet/);
    expect(refused.text).toMatch(/^That wallet was archived; pick another\.\n[^]*Which wallet/);
    expect(refused.reply_markup?.inline_keyboard.flat().map((b) => b.text)).not.toContain('🏦 Piggy (USD)');
    const created = tg.waitForMessage(/Goal “Bike” added/);
    await press(h, tg, /^Cash/);
    expect((await created).text).toContain('until Apr 30, 2027');
  });

  it('a date the core refuses is asked for again, and the goal is saved with the next one', async () => {
    const h = await startHarness();
    const f = family(h);
    createWallet(h.db.deps, f.owner.userId, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const tg = f.owner.tg;
    await goalUpToItsDate(h, tg, 'Bike', '🏦 Piggy (USD)', '300');
    const refused = await say(tg, '2001-01-01', /By when/);
    expect(refused.text).not.toContain('What are you saving for');
    await say(tg, '2027-04-30', /Goal “Bike” added/);
  });
});
