// A restart in the middle of every conversation: the state is in SQLite
// (bot_sessions), so a new bot process (here: a new bot on the same database
// and fake Bot API) takes the next answer exactly where the old one waited.
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type RunningBot } from '../../src/bot/index.js';
import { getFamily, listThresholds, listTransactions, listWallets } from '../../src/domain/index.js';
import { listRecurringRules } from '../../src/domain/recurring/index.js';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFamily } from './support/seed.js';

let h: Harness | undefined;
const extra: RunningBot[] = [];
afterEach(async () => {
  for (const b of extra.splice(0)) await b.stop();
  await h?.close();
  h = undefined;
});

/** Stops the running bot and starts a fresh one on the same database and fake. */
async function restart(harness: Harness): Promise<void> {
  await harness.app.stop();
  const next = createBot({ core: harness.db.deps, config: harness.config, log: createLogger({ level: 'silent' }) });
  await next.startPolling();
  extra.push(next);
}

describe('a restart in the middle of a conversation', () => {
  it('settings: the approval limit typed after the restart is taken', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    alice.send('/settings');
    await alice.waitForMessage(/Settings/);
    const asked = alice.waitForMessage(/Send the new limit/);
    alice.press('🔒 Approval limit');
    await asked;
    await restart(h);
    alice.send('300');
    await alice.waitForMessage(/Approval is now needed above \$300\.00/);
    expect(listThresholds(h.db.deps, f.userOf(alice), f.familyId)).toEqual([{ currency: 'USD', amountMinor: 30000 }]);
  });

  it('adding a wallet: the starting balance typed after the restart is taken', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    alice.send('/wallets');
    await alice.waitForMessage(/Wallets/);
    const name = alice.waitForMessage(/called/);
    alice.press('➕ Add wallet');
    await name;
    const kind = alice.waitForMessage(/What kind/);
    alice.send('Bank');
    await kind;
    const currency = alice.waitForMessage(/Which currency/);
    alice.press('Bank account');
    await currency;
    const balance = alice.waitForMessage(/How much is in “Bank” now/);
    alice.press('USD');
    await balance;
    await restart(h);
    alice.send('1 500');
    await alice.waitForMessage(/Wallet “Bank” \(USD\) created/);
    expect(listWallets(h.db.deps, f.userOf(alice), f.familyId).find((w) => w.name === 'Bank')).toMatchObject({ balanceMinor: 150000 });
  });

  it('renaming a wallet and adding a recurring rule resume too', async () => {
    h = await startHarness();
    const { alice, f } = aliceWithFamily(h);
    alice.send('/wallets');
    await alice.waitForMessage(/Wallets/);
    const opened = alice.waitForMessage(/Balance/);
    alice.press('Cash');
    await opened;
    const rename = alice.waitForMessage(/new name for “Cash”/);
    alice.press('✏️ Rename');
    await rename;
    await restart(h);
    alice.send('Pocket');
    await alice.waitForMessage(/now called “Pocket”/);

    alice.send('/recurring');
    await alice.waitForMessage(/Recurring/);
    const kind = alice.waitForMessage(/expense or an income/);
    alice.press('➕ Add recurring');
    await kind;
    const amount = alice.waitForMessage(/How much each time/);
    alice.press('➖ Expense');
    await amount;
    const category = alice.waitForMessage(/Which category/);
    alice.send('900');
    await category;
    const often = alice.waitForMessage(/How often/);
    alice.press('🏠 Housing');
    await often;
    await restart(h);
    const date = alice.waitForMessage(/When is the first one/);
    alice.press('monthly');
    await date;
    alice.send('2026-12-01');
    await alice.waitForMessage(/Added: ➖ Expense: \$900\.00, 🏠 Housing, Pocket, monthly/);
    expect(listRecurringRules(h.db.deps, f.userOf(alice), f.familyId)).toHaveLength(1);
  });

  it('onboarding and the expense conversation resume', async () => {
    h = await startHarness();
    const bob = h.person(2002, 'Bob');
    bob.send('/start');
    await bob.waitForMessage(/call it/);
    const currency = bob.waitForMessage(/currency/i);
    bob.send('Bobs');
    await currency;
    await restart(h);
    const balance = bob.waitForMessage(/cash/i);
    bob.press('EUR');
    await balance;
    bob.send('100');
    await bob.waitForMessage(/what would you like to do/);

    const expense = bob.waitForMessage(/How much did you spend/);
    bob.press('➖ Expense');
    await expense;
    await restart(h);
    const category = bob.waitForMessage('Which category?');
    bob.send('12 bus');
    await category;
    await restart(h);
    const confirm = bob.waitForMessage('Record this expense?');
    bob.press('🚌 Transport');
    await confirm;
    bob.press('✅ Save');
    await bob.waitForMessage(/Cash: €88\.00/);
    const { userId, familyId } = familyOf(h, bob.chatId);
    const items = listTransactions(h.db.deps, userId, { familyId }).items;
    expect(items[0]).toMatchObject({ kind: 'expense', amountMinor: 1200, description: 'bus' });
    expect(getFamily(h.db.deps, userId, familyId).baseCurrency).toBe('EUR');
  });
});

function familyOf(harness: Harness, chatId: number): { userId: number; familyId: number } {
  const row = harness.db.conn.sqlite.prepare('SELECT u.id AS userId, u.active_family_id AS familyId FROM users u JOIN telegram_identities t ON t.user_id = u.id WHERE t.chat_id = ?').get(chatId) as { userId: number; familyId: number };
  return row;
}
