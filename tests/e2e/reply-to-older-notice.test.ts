// A reply under one of the bot's messages that came BEFORE a question was asked is about that message, as one
// under a message that came while it waited is (bot/reply-to-notice-while-asked): under a notification the jobs
// delivered ("Ann approved your request"), "ok" gets the usual hint and "20 coffee" is an entry with its card;
// under an older entry card the bot asks whether it is a new entry. Neither is taken for the answer, and the
// question keeps waiting: a reply under the question itself, or a plain message, still answers it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listTransactions, pendingTransactions } from '../../src/domain/index.js';
import { cardsOf } from '../../src/presentation/card-registry.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { fund, seedFamily, type SeededFamily } from '../bot/support/seed.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../jobs/support/jobs-harness.js';
import type { FakeUser } from '../support/fake-telegram.js';

let bot: BotHarness | undefined;
let jobs: JobsHarness | undefined;
afterEach(async () => {
  await jobs?.stop();
  await bot?.close();
  bot = jobs = undefined;
});

const TEXTS = {
  en: { approved: /approved your request/, question: 'How much did you spend?', next: 'Which category?', asked: /^Record “12” as a new entry\?/ },
  ru: { approved: /одобрил\(а\) ваш запрос/, question: /Сколько/, next: 'Какая категория?', asked: /^Записать «12» как новую операцию\?/ },
} as const;
const HINT = /50 coffee|50 кофе/;

/** Ann (owner, $1,000 in Cash) approved Mike's "600 new tv": Mike has the executed entry's card and the jobs' notice. */
async function approvedRequest(lang: 'en' | 'ru') {
  bot = await startBot();
  const ann = bot.person(8401, 'Ann');
  const mike = bot.person(8402, 'Mike', lang);
  const f = seedFamily(bot.db.deps, ann, [[mike, 'member']]);
  fund(bot.db.deps, f, f.userOf(ann), f.cashId, 1000_00);
  jobs = await startJobs(bot.db, { tg: bot.tg });
  const shown = mike.waitForMessage(/waits for approval|Ждёт согласования/);
  mike.send('600 new tv');
  const card = await shown;
  const [pending] = pendingTransactions(bot.db.deps, f.userOf(mike), f.familyId);
  await vi.waitFor(() => expect(cardsOf(bot!.db.deps, pending!.id)).toHaveLength(1));
  await jobs.settle();
  const told = mike.waitForMessage(TEXTS[lang].approved);
  ann.press('✅ Approve');
  const notice = await told;
  await jobs.settle();
  return { b: bot, mike, f, card, notice };
}

const mine = (b: BotHarness, f: SeededFamily, who: FakeUser) =>
  listTransactions(b.db.deps, f.userOf(who), { familyId: f.familyId })
    .items.filter((t) => t.createdBy === f.userOf(who) && t.kind === 'expense')
    .map((t) => t.amountMinor)
    .sort((a, b) => a - b);

describe('a reply under a message that came before the amount question (private chat)', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: under the approval notice "ok" gets the hint and "20 coffee" is an entry; under the older card "12" is asked about; under the question "12" answers it`, async () => {
      const { b, mike, f, card, notice } = await approvedRequest(lang);
      expect(mine(b, f, mike)).toEqual([600_00]);
      mike.send('/expense');
      const question = await mike.waitForMessage(TEXTS[lang].question);

      mike.send('ok', { replyTo: notice.message_id });
      const hint = await mike.waitForMessage((m) => m.message_id > question.message_id);
      expect(hint.text).toMatch(HINT);

      mike.send('20 coffee', { replyTo: notice.message_id });
      await mike.waitForMessage((m) => m.message_id > hint.message_id && /20[.,]00/.test(m.text ?? ''));
      expect(mine(b, f, mike)).toEqual([20_00, 600_00]);

      const last = mike.messages().at(-1)!;
      mike.send('12', { replyTo: card.message_id });
      const asked = await mike.waitForMessage((m) => m.message_id > last.message_id);
      expect(asked.text).toMatch(TEXTS[lang].asked);

      // None of these was the answer, and the question still waits: a reply under it answers it.
      const isNext = (text = '') => text === TEXTS[lang].next;
      expect(mike.messages().filter((m) => isNext(m.text))).toEqual([]);
      expect(mike.buttons(question.message_id)).toHaveLength(1);
      mike.send('12', { replyTo: question.message_id });
      await mike.waitForMessage((m) => m.message_id > asked.message_id && isNext(m.text));
      expect(mine(b, f, mike)).toEqual([20_00, 600_00]);
    });
  }

  it('a plain message answers the question, an older notice in the chat or not', async () => {
    const { b, mike, f } = await approvedRequest('en');
    mike.send('/expense');
    await mike.waitForMessage(TEXTS.en.question);
    mike.send('12');
    await mike.waitForMessage(TEXTS.en.next);
    expect(mine(b, f, mike)).toEqual([600_00]);
  });
});
