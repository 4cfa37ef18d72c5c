// The read-only views in the family group: /budgets, /goals, /history and /reports behave like /balance
// and /report. By default ("entries and approvals") they go to the asker's private chat, with every
// button there; where the group may see balances and reports they are answered in the group, read-only:
// no ✏️ 🗑 ➕ and no opening an entry, with a pointer to the private chat for changes.
import { afterEach, describe, expect, it } from 'vitest';
import { createBudget, createGoal } from '../../../src/domain/index.js';
import { linkGroup, updateGroupSettings } from './imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from './harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function setUp(h: GroupHarness): void {
  const olga = h.f.userOf(h.olga);
  linkGroup(h.deps, olga, { familyId: h.f.familyId, chatId: h.group.id, title: 'Home' });
  createBudget(h.deps, olga, { familyId: h.f.familyId, categoryId: null, amountMinor: 500_00 });
  createGoal(h.deps, olga, { familyId: h.f.familyId, name: 'Sea trip', targetMinor: 3000_00, walletId: h.f.cashId });
}

describe('read-only views in the group', () => {
  it('go to the asker’s private chat, with their buttons, while the group sees entries only', async () => {
    h = await startGroupHarness();
    setUp(h);
    const { g, olga } = h;
    for (const [command, title] of [['budgets', /^💰 Budgets/], ['goals', /^🎯 Goals/], ['history', /^🧾 Recent transactions/], ['reports', /^📊 Report for/]] as const) {
      const answered = Promise.all([waitFor(g.olga, /sent it to you in a private chat/), olga.waitForMessage(title)]);
      g.olga.send(`/${command}`);
      await answered;
    }
    const budgets = olga.messages().find((m) => /^💰 Budgets/.test(m.text ?? ''))!;
    expect(olga.buttons(budgets.message_id)).toEqual(['✏️ 1', '🗑 1', '➕ Add a budget']);
    const history = olga.messages().find((m) => /^🧾 Recent transactions/.test(m.text ?? ''))!;
    expect(olga.buttons(history.message_id)).toContain('1');
    expect(g.olga.messages().filter((m) => /\$500\.00|Sea trip/.test(m.text ?? ''))).toEqual([]);
  });

  it('are answered in the group, read-only, where the family lets it see balances and reports', async () => {
    h = await startGroupHarness();
    setUp(h);
    updateGroupSettings(h.deps, h.f.userOf(h.olga), { familyId: h.f.familyId, visibility: 'everything' });
    const { g } = h;

    g.olga.send('/budgets');
    const budgets = await waitFor(g.olga, /^💰 Budgets/);
    expect(budgets.text).toMatch(/All expenses: \$0\.00 of \$500\.00/);
    expect(budgets.text).toMatch(/To add or change budgets, send \/budgets to @\w+ in a private chat\.$/);
    expect(g.olga.buttons(budgets.message_id)).toEqual([]);

    g.adam.send('/goals');
    const goals = await waitFor(g.adam, /^🎯 Goals/);
    expect(goals.text).toMatch(/Sea trip: \$2,000\.00 of \$3,000\.00/);
    expect(goals.text).toMatch(/To add or remove goals, send \/goals to @\w+ in a private chat\.$/);
    expect(g.adam.buttons(goals.message_id)).toEqual([]);

    // A member cannot change either: the list without the pointer.
    g.mia.send('/budgets');
    const forMia = await waitFor(g.mia, /^💰 Budgets/);
    expect(forMia.text).not.toMatch(/private chat/);

    g.mia.send('/history');
    const history = await waitFor(g.mia, /^🧾 Recent transactions/);
    expect(history.text).toMatch(/To open an entry and change it, send \/history to @\w+ in a private chat\.$/);
    expect(g.mia.buttons(history.message_id)).toEqual([]);

    g.mia.send('/reports');
    await waitFor(g.mia, /^📊 Report for/);
  });
});
