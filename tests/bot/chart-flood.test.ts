// 🖼 Chart pressed again and again: each chart is drawn on the main thread of
// the process the API shares, so a person gets CHART_LIMITS.perPerson a minute
// (the API's chart.png counts against the same allowance), then is told, in
// their language, when to try again; nothing more is drawn. The presses come
// PRESS_REPEAT_WINDOW_MS apart on the bot's clock, so none is a double tap
// (answered with a toast, pressed-twice.test.ts); the chart allowance counts real time.
import { describe, expect, it } from 'vitest';
import { CHART_LIMITS } from '../../src/charts/render-gate.js';
import { PRESS_REPEAT_WINDOW_MS } from '../../src/bot/runtime/press-repeat.js';
import { createTransaction } from '../../src/domain/index.js';
import { family, fundCash, press, say, startHarness } from './manage/harness.js';

describe('🖼 Chart pressed without end', () => {
  it('sends a few charts a minute, then says when to try again and sends no photo', async () => {
    const h = await startHarness();
    const f = family(h);
    fundCash(h, f, 500_00);
    createTransaction(h.db.deps, f.owner.userId, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 120_00, categoryId: f.category('Groceries') });
    const tg = f.owner.tg;
    await say(tg, '/reports', /Report for November 2026/);
    for (let i = 0; i < CHART_LIMITS.perPerson; i++) {
      const photo = h.tg.waitForCall('sendPhoto', () => true, { timeoutMs: 60_000 });
      h.db.clock.advance(PRESS_REPEAT_WINDOW_MS + 1);
      await press(h, tg, '🖼 Chart');
      await photo;
    }
    const photos = h.tg.calls('sendPhoto').length;
    const told = tg.waitForMessage(/You have asked for many charts just now\. Try again in \S+ s\./);
    h.db.clock.advance(PRESS_REPEAT_WINDOW_MS + 1);
    await press(h, tg, '🖼 Chart');
    await told;
    expect(h.tg.calls('sendPhoto').length).toBe(photos);
  }, 120_000);
});
