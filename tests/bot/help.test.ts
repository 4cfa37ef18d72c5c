// /help lists every command of the "/" menu, in English and in Russian.
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_COMMANDS } from '../../src/bot/runtime/commands.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/help', () => {
  it('lists every command with its description, and the quick-entry grammar, in both languages', async () => {
    h = await startHarness();
    const en = h.person(1001, 'Alice', 'en');
    const ru = h.person(1002, 'Ольга', 'ru');
    const enHelp = en.waitForMessage(/Quick entry/);
    en.send('/help');
    const ruHelp = ru.waitForMessage(/Быстрый ввод/);
    ru.send('/help');
    const [a, b] = await Promise.all([enHelp, ruHelp]);
    for (const command of BOT_COMMANDS) {
      expect(a.text, command).toMatch(new RegExp(`^/${command} — \\S`, 'm'));
      expect(b.text, command).toMatch(new RegExp(`^/${command} — \\S`, 'm'));
    }
    expect(a.text).toContain('/undo — Undo my last transaction');
    expect(b.text).toContain('/undo — Отменить последнюю операцию');
    expect(a.text).toContain('“coffee 50”');
    expect(b.text).toContain('«50р кофе»');
  });
});
