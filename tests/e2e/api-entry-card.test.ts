// Every entry gets its card, whatever made it: an entry made through the API
// reaches its author's private chat (through the outbox and the jobs) as the
// same card the bot replies with, and its buttons work in the bot.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { callbackData } from '../../src/presentation/callback-data.js';
import { startApi, type TestApi } from '../api/support.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { fund, seedFamily } from '../bot/support/seed.js';
import { createRecurringRule } from '../../src/domain/recurring/index.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { quietLogger, testConfig } from '../jobs/support/env.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../jobs/support/jobs-harness.js';

let bot: BotHarness | undefined;
let api: TestApi | undefined;
let jobs: JobsHarness | undefined;
afterEach(async () => {
  await jobs?.stop();
  await api?.close();
  await bot?.close();
  api = bot = jobs = undefined;
});

describe('the card of an API entry', () => {
  it('a POST /api/v1/transactions by a bound user reaches their chat as the card, and its Undo reverses the entry', async () => {
    bot = await startBot();
    const ann = bot.person(8101, 'Ann');
    const f = seedFamily(bot.db.deps, ann);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 100_00);
    jobs = await startJobs(bot.db, { tg: bot.tg });
    api = await startApi({ db: bot.db });
    const token = await api.tokenFor(f.userOf(ann));

    const res = await api.request<{ id: number }>('POST', '/api/v1/transactions', {
      token,
      body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '2.50', description: 'tea' },
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const card = await ann.waitForMessage(/tea/, { includeExisting: true });
    expect(card.text).toMatch(/\$2\.50[\s\S]*tea[\s\S]*\$97\.50/);
    const buttons = (card.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data?: string }>> }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([callbackData.card.category(id), callbackData.card.wallet(id), callbackData.card.undo(id)]);

    ann.press(/Undo/, { messageId: card.message_id });
    const undone = await ann.waitForMessage(/^↩️ Undone: /);
    expect(undone.message_id).toBe(card.message_id);
    expect(undone.text).toContain('$100.00');
    const row = bot.db.deps.db.select().from(transactions).where(eq(transactions.id, id)).get();
    expect(row?.status).toBe('reversed');
    // Sent once: the outbox row is done and no second card followed.
    await jobs.settle();
    expect(ann.messages().filter((m) => m.text?.includes('tea'))).toHaveLength(1);
  });

  it('an entry made by a recurring rule reaches its author with the card buttons, and Undo works', async () => {
    bot = await startBot();
    const ann = bot.person(8102, 'Ann');
    const f = seedFamily(bot.db.deps, ann);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 100_00);
    jobs = await startJobs(bot.db, { tg: bot.tg });
    const today = new Date(bot.db.deps.clock()).toISOString().slice(0, 10);
    createRecurringRule(bot.db.deps, f.userOf(ann), {
      familyId: f.familyId, kind: 'expense', walletId: f.cashId, amountMinor: 30_00, description: 'Gym', frequency: 'monthly', startDate: today,
    });
    expect(runScheduledWork(bot.db.deps, testConfig({ dbPath: bot.db.path, tg: bot.tg }), quietLogger()).recurringCreated).toBe(1);
    const notice = await ann.waitForMessage(/^🔁 [\s\S]*Gym/, { includeExisting: true });
    const id = bot.db.deps.db.select().from(transactions).where(eq(transactions.description, 'Gym')).get()!.id;
    const buttons = (notice.reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([callbackData.card.category(id), callbackData.card.wallet(id), callbackData.card.undo(id)]);
    ann.press(/Undo/, { messageId: notice.message_id });
    const undone = await ann.waitForMessage(/^↩️ Undone: /);
    expect(undone.message_id).toBe(notice.message_id);
    expect(bot.db.deps.db.select().from(transactions).where(eq(transactions.id, id)).get()?.status).toBe('reversed');
  });
});
