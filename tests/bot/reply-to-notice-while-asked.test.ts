// A reply under one of the bot's notifications while a question waits is about that notification, not the
// answer: under an approval request it is pointed at the request's ✅/❌ buttons, nothing is recorded, and the
// question keeps waiting (its answer still comes as the next plain message).
import { InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { listTransactions, pendingTransactions } from '../../src/domain/index.js';
import { callbackData } from '../../src/presentation/callback-data.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { startHarness, type Harness } from './support/harness.js';
import { familyWithFundedCash, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(language?: string) {
  h = await startHarness();
  const alice = h.person(1001, 'Alice', language);
  const mike = h.person(1003, 'Mike');
  const f = familyWithFundedCash(h.db.deps, alice, 100_000, { others: [[mike, 'member']] });
  return { h, alice, mike, f };
}

async function requestFrom(h: Harness, who: FakeUser, f: SeededFamily, text: string): Promise<number> {
  const before = new Set(pendingTransactions(h.db.deps, f.userOf(who), f.familyId).map((t) => t.id));
  who.send(text);
  await who.waitForMessage('waits for approval');
  return pendingTransactions(h.db.deps, f.userOf(who), f.familyId).find((t) => !before.has(t.id))!.id;
}

async function sendRequest(h: Harness, to: FakeUser, id: number): Promise<number> {
  const kb = new InlineKeyboard().text('✅ Approve', `appr:${id}:a`).text('❌ Reject', `appr:${id}:r`);
  const m = await h.app.bot.api.sendMessage(to.chatId, '⏳ Mike: Expense $600.00 needs approval', { reply_markup: kb });
  return m.message_id;
}

const mine = (h: Harness, f: SeededFamily, who: FakeUser) =>
  listTransactions(h.db.deps, f.userOf(who), { familyId: f.familyId }).items.filter((t) => t.createdBy === f.userOf(who) && t.kind === 'expense');

const QUESTION = { en: 'How much did you spend?', ru: /Сколько/ } as const;
const POINTED = {
  en: 'A reply does not decide the request above: use its buttons, ✅ Approve or ❌ Reject.',
  ru: 'Ответ не решает запрос выше: воспользуйтесь его кнопками «✅ Одобрить» или «❌ Отклонить».',
} as const;
const ASKED = { en: /^Record “20 coffee” as a new entry\? To decide the request above instead, use its buttons/, ru: /^Записать «20 coffee» как новую операцию\? Чтобы решить запрос выше/ } as const;
const NEXT = { en: 'Which category?', ru: /категори/i } as const;

describe('a reply under an approval request while the amount question waits (private chat)', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: "ok" is pointed at the request's buttons, "20 coffee" is asked about; nothing recorded, the question keeps waiting`, async () => {
      const { h, alice, mike, f } = await start(lang);
      const id = await requestFrom(h, mike, f, '600 new tv');
      alice.send('/expense');
      const question = await alice.waitForMessage(QUESTION[lang]);
      const request = await sendRequest(h, alice, id);

      alice.send('ok', { replyTo: request });
      const pointed = await alice.waitForMessage((m) => m.message_id > request);
      expect(pointed.text).toBe(POINTED[lang]);

      alice.send('20 coffee', { replyTo: request });
      const asked = await alice.waitForMessage((m) => m.message_id > pointed.message_id + 1);
      expect(asked.text).toMatch(ASKED[lang]);
      expect(mine(h, f, alice)).toEqual([]);
      expect(pendingTransactions(h.db.deps, f.userOf(mike), f.familyId).map((t) => t.id)).toEqual([id]);

      // The question was not dropped: its Cancel is still there, and the next plain message answers it.
      expect(alice.buttons(question.message_id)).toHaveLength(1);
      alice.send('12');
      await alice.waitForMessage(NEXT[lang]);
      expect(mine(h, f, alice)).toEqual([]);
      const hints = alice.messages().filter((m) => /50 coffee|50 кофе/.test(m.text ?? ''));
      expect(hints).toEqual([]);
    });
  }

  it('under a reminder digest of several requests: "ok" is pointed at the listed requests\' buttons, the question keeps waiting', async () => {
    const { h, alice, mike, f } = await start();
    const tv = await requestFrom(h, mike, f, '600 new tv');
    const sofa = await requestFrom(h, mike, f, '700 sofa');
    alice.send('/expense');
    await alice.waitForMessage('How much did you spend?');
    const kb = new InlineKeyboard();
    [tv, sofa].forEach((id, i) => kb.text(`✅ ${i + 1}`, `appr:${id}:a`).text(`❌ ${i + 1}`, `appr:${id}:r`).row());
    const digest = (await h.app.bot.api.sendMessage(alice.chatId, '⏰ Reminder: 2 requests are waiting for your decision (Smiths):', { reply_markup: kb })).message_id;
    alice.send('ok', { replyTo: digest });
    expect((await alice.waitForMessage((m) => m.message_id > digest)).text).toBe("A reply does not decide a request listed above: use that request's ✅ or ❌ button.");
    alice.send('12');
    await alice.waitForMessage(NEXT.en);
    expect(mine(h, f, alice)).toEqual([]);
  });

  it('outside a question too: "ok" under an approval request is pointed at its buttons, not given the quick-entry hint', async () => {
    const { h, alice, mike, f } = await start();
    const id = await requestFrom(h, mike, f, '600 new tv');
    const request = await sendRequest(h, alice, id);
    alice.send('ok', { replyTo: request });
    expect((await alice.waitForMessage((m) => m.message_id > request)).text).toBe(POINTED.en);
    expect(mine(h, f, alice)).toEqual([]);
  });
});

/** What the jobs send while a question waits, as the person's chat shows them (texts in their language). */
const NOTICES = {
  en: {
    budget: '📊 Budget “Food” has reached 80% (December).',
    goal: '🎉 Goal reached: “Bike” — $500.00 saved (Smiths).',
    unpaid: '🔁 Rent could not be paid from Card.',
  },
  ru: {
    budget: '📊 Бюджет «Еда» достиг 80% (декабрь).',
    goal: '🎉 Цель достигнута: «Велосипед» — накоплено 500,00 $ (Smiths).',
    unpaid: '🔁 Аренду не удалось оплатить с карты.',
  },
} as const;

describe('a reply under another notification that arrived while the amount question waits (private chat)', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: budget alert, goal reached, unpaid notice: "20 coffee" is an entry with its card, "ok" gets the usual hint, the question keeps waiting`, async () => {
      const { h, alice, f } = await start(lang);
      alice.send('/expense');
      const question = await alice.waitForMessage(QUESTION[lang]);
      const unpaid = new InlineKeyboard().text('Skip', callbackData.recurringSkip(1, '2026-12-01'));
      let recorded = 0;
      for (const [which, text] of Object.entries(NOTICES[lang])) {
        const notice = await h.app.bot.api.sendMessage(alice.chatId, text, which === 'unpaid' ? { reply_markup: unpaid } : {});
        alice.send('20 coffee', { replyTo: notice.message_id });
        recorded += 1;
        await alice.waitForMessage((m) => m.message_id > notice.message_id && /20[.,]00/.test(m.text ?? ''));
        expect(mine(h, f, alice).map((t) => t.amountMinor)).toEqual(Array(recorded).fill(2000));
        const last = alice.messages().at(-1)!;
        alice.send('ok', { replyTo: notice.message_id });
        const hint = await alice.waitForMessage((m) => m.message_id > last.message_id + 1);
        expect(hint.text).toMatch(/50 coffee|50 кофе/);
      }
      // Nothing above was taken for the answer, and the question was not dropped: the next plain message answers it.
      expect(alice.messages().filter((m) => m.message_id > question.message_id && (NEXT[lang] instanceof RegExp ? NEXT[lang].test(m.text ?? '') : m.text === NEXT[lang]))).toEqual([]);
      expect(alice.buttons(question.message_id)).toHaveLength(1);
      alice.send('12');
      await alice.waitForMessage(NEXT[lang]);
      expect(mine(h, f, alice)).toHaveLength(3);
    });
  }
});
