// [Allow] / [Deny] on a request to connect another chat, as the bot gets them:
// the same answer twice (a double tap reaching the bot twice) is answered with
// the first one's outcome, not "already answered".
import { describe, expect, it } from 'vitest';
import { confirmBinding, createBindingCode, ensureTelegramUser, previewBinding } from '../../src/domain/index.js';
import { forgePress, person, say, startHarness } from './manage/harness.js';

describe('binding answers from the bot', () => {
  it('[Allow] pressed twice connects once and answers both presses without an alert; [Deny] after it is refused', async () => {
    const h = await startHarness();
    const olga = person(h, 'Olga');
    // A second Telegram account of Olga's asks to be connected to her login; her chat must allow it.
    ensureTelegramUser(h.db.deps, { chatId: 5555, telegramUserId: 5555, firstName: 'Olga work' });
    const { code } = createBindingCode(h.db.deps, { chatId: 5555 });
    const { codeId } = previewBinding(h.db.deps, olga.userId, { code, chatId: 5555 });
    expect(confirmBinding(h.db.deps, olga.userId, { code, chatId: 5555 }).status).toBe('approval_requested');

    await say(olga.tg, '/help', /./);
    const first = await h.tg.waitForCallbackAnswer(forgePress(h, olga.tg, `bind:${codeId}:a`));
    const second = await h.tg.waitForCallbackAnswer(forgePress(h, olga.tg, `bind:${codeId}:a`));
    expect(first).not.toMatchObject({ show_alert: true });
    expect(second).not.toMatchObject({ show_alert: true });
    const deny = await h.tg.waitForCallbackAnswer(forgePress(h, olga.tg, `bind:${codeId}:d`));
    expect(deny).toMatchObject({ show_alert: true, text: expect.stringMatching(/already/i) });
  });
});
