// bot-a's main menu opens this feature's views as new messages, and their
// buttons then work in place.
import { describe, expect, it } from 'vitest';
import { family, fundCash, press, startHarness } from './harness.js';

describe('main menu entry points', () => {
  it('opens wallets, history, pending, reports and settings from the menu', async () => {
    const h = await startHarness();
    const f = family(h);
    const owner = f.owner.tg;
    fundCash(h, f, 2500);
    const menu = owner.waitForMessage((m) => (m.reply_markup?.inline_keyboard.length ?? 0) > 0);
    owner.send('/start');
    const menuMessage = await menu;

    const views: Array<[string, RegExp]> = [
      ['👛 Wallets', /Cash: \$25\.00/],
      ['📜 History', /Recent transactions[^]*\$25\.00 · 💼 Salary · Olga/],
      ['⏳ Pending (0)', /Nothing is waiting for approval/],
      ['📊 Reports', /Report for November 2026/],
      ['⚙️ Settings', /Settings[^]*Currency: USD/],
    ];
    for (const [label, expected] of views) {
      const view = owner.waitForMessage(expected);
      await h.tg.waitForCallbackAnswer(owner.press(label, { messageId: menuMessage.message_id }));
      const shown = await view;
      // A new message below the menu; the menu itself stays as it was.
      expect(shown.message_id, label).toBeGreaterThan(menuMessage.message_id);
      expect(owner.buttons(menuMessage.message_id)).toContain(label);
    }
    const opened = owner.waitForMessage(/Balance: \$25\.00/);
    await press(h, owner, 'Cash');
    await opened;
  });
});
