// No keyboard the bot sends has an empty row: grammY's InlineKeyboard starts with one empty row and .row()
// opens another, so a keyboard whose buttons start with .row() (the guided amount question's lone [Cancel])
// went out as [[], [Cancel]]. Telegram drops empty rows (so does the fake server when it stores a message),
// so this reads the requests themselves.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCall } from '../support/fake-telegram/types.js';
import { startHarness, type Harness } from './support/harness.js';
import { aliceWithFundedCash } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The inline keyboards of every request, with the method and the rows as sent. */
function keyboards(calls: ApiCall[]): { method: string; rows: unknown[][] }[] {
  return calls.flatMap((c) => {
    const raw = c.params['reply_markup'];
    const markup = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    const rows = (markup as { inline_keyboard?: unknown[][] } | undefined)?.inline_keyboard;
    return rows ? [{ method: c.method, rows }] : [];
  });
}

describe('keyboards have no empty rows', () => {
  it('the guided expense (amount, category, note, confirmation), the list screens and a card', async () => {
    h = await startHarness();
    const { alice } = aliceWithFundedCash(h, 10_000);

    alice.send('/expense');
    await alice.waitForMessage('How much did you spend?');
    alice.send('12');
    await alice.waitForMessage('Which category?');
    alice.press('☕ Cafes');
    await alice.waitForMessage('Add a note?');
    alice.send('latte');
    await alice.waitForMessage(/Record this expense/);
    alice.press('✅ Save');
    await alice.waitForMessage(/Cash: \$88\.00/);

    alice.send('/income');
    await alice.waitForMessage(/How much came in\?/);
    alice.send('/cancel');
    await alice.waitForMessage((m) => /cancel/i.test(m.text ?? '') && m.message_id > 0, { includeExisting: false });

    for (const command of ['/menu', '/wallets', '/goals', '/categories', '/budgets', '/recurring', '/settings', '/history']) {
      const before = Math.max(...alice.history().map((m) => m.message_id));
      alice.send(command);
      await alice.waitForMessage((m) => m.message_id > before + 1);
    }
    alice.send('5 bus');
    await alice.waitForMessage(/\$5\.00/);

    const sent = keyboards(h.tg.calls());
    expect(sent.length).toBeGreaterThan(4);
    expect(sent.filter((k) => k.rows.some((row) => row.length === 0))).toEqual([]);
  });
});
