// /undo right after a request that waits for approval: the request is the last thing the person did, so
// /undo offers to withdraw it, never to reverse an older entry in its place.
import { afterEach, describe, expect, it } from 'vitest';
import { startGroupHarness, type GroupHarness } from './groups/harness.js';

let h: GroupHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('/undo after a waiting request', () => {
  it('offers to withdraw the request; ✋ Withdraw withdraws it and the older entry stays, then /undo offers that one', async () => {
    h = await startGroupHarness();
    const { mia, tg } = h;
    mia.send('30 taxi');
    await mia.waitForMessage(/➖ \$30\.00 from Cash/);
    mia.send('600 new tv');
    const card = await mia.waitForMessage('waits for approval');

    mia.send('/undo');
    const ask = await mia.waitForMessage(/Withdraw the request\?/);
    expect(ask.text).toBe('Your last entry still waits for approval. Withdraw the request?\n➖ $600.00 from Cash · 📦 Other · new tv');
    expect(mia.buttons(ask.message_id)).toEqual(['✋ Withdraw', 'Keep it']);
    const press = mia.press('✋ Withdraw', { messageId: ask.message_id });
    expect(await tg.waitForCallbackAnswer(press)).toMatchObject({ text: 'Withdrawn' });
    await mia.waitForMessage((m) => m.message_id === ask.message_id && /You withdrew this request/.test(m.text ?? ''), { includeExisting: true });
    const byNote = (note: string) => h!.entries().filter((t) => t.description === note).map((t) => t.status);
    expect(byNote('new tv')).toEqual(['withdrawn']);
    expect(byNote('taxi')).toEqual(['executed']);
    // The request's own card says so too (the jobs edit it), without its button.
    await mia.waitForMessage((m) => m.message_id === card.message_id && /withdrew|Withdrawn/i.test(m.text ?? ''), { includeExisting: true });

    mia.send('/undo');
    const next = await mia.waitForMessage(/Undo your last transaction\?/);
    expect(next.text).toMatch(/taxi$/);
  });

  it('in Russian, and [Keep it] keeps the request waiting', async () => {
    h = await startGroupHarness();
    const { mia, tg, f } = h;
    const { setUserLocale } = await import('../../src/domain/index.js');
    setUserLocale(h.deps, f.userOf(mia), 'ru');
    mia.send('600 new tv');
    await mia.waitForMessage('Ждёт согласования');
    mia.send('/undo');
    const ask = await mia.waitForMessage(/Отозвать запрос\?/);
    expect(ask.text).toMatch(/^Ваша последняя запись ещё ждёт одобрения\. Отозвать запрос\?\n➖ 600,00/);
    expect(mia.buttons(ask.message_id)).toEqual(['✋ Отозвать', 'Оставить']);
    const keep = mia.press('Оставить', { messageId: ask.message_id });
    await tg.waitForCallbackAnswer(keep);
    await mia.waitForMessage((m) => m.message_id === ask.message_id && m.text === 'Оставлено как есть.', { includeExisting: true });
    expect(h.entries().filter((t) => t.description === 'new tv').map((t) => t.status)).toEqual(['pending_approval']);
  });
});
