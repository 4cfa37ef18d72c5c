// A press in the reminder digest decides that one request: its row of
// buttons goes, the outcome is numbered under the list, the rest stay.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { createTransaction } from '../../src/domain/index.js';
import { runScheduledWork } from '../../src/jobs/index.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { fund, seedFamily } from '../bot/support/seed.js';
import { quietLogger, testConfig } from '../jobs/support/env.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../jobs/support/jobs-harness.js';

let bot: BotHarness | undefined;
let jobs: JobsHarness | undefined;
afterEach(async () => {
  await jobs?.stop();
  await bot?.close();
  bot = jobs = undefined;
});

describe('the approval reminder digest in the bot', () => {
  it('Approve on row 2 approves that request, drops only its row and numbers the outcome', async () => {
    bot = await startBot();
    const ann = bot.person(8201, 'Ann');
    const bob = bot.person(8202, 'Bob');
    const f = seedFamily(bot.db.deps, ann, [[bob, 'member']]);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 3000_00);
    const env = { APPROVAL_REMINDER_HOURS: '2' };
    jobs = await startJobs(bot.db, { tg: bot.tg, env });
    const ids = ['Sofa', 'Bike', 'Desk'].map(
      (description) => createTransaction(bot!.db.deps, f.userOf(bob), { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 600_00, description }).transaction.id,
    );
    await jobs.settle();
    bot.db.clock.advance(2 * 3600_000);
    expect(runScheduledWork(bot.db.deps, testConfig({ dbPath: bot.db.path, tg: bot.tg, env }), quietLogger()).reminded).toBe(3);
    const digest = await ann.waitForMessage(/^⏰ Reminder: 3 requests/, { includeExisting: true });
    expect(ann.buttons(digest.message_id)).toEqual(['✅ 1', '❌ 1', '✅ 2', '❌ 2', '✅ 3', '❌ 3']);

    ann.press('✅ 2', { messageId: digest.message_id });
    const edited = await ann.waitForMessage((m) => m.message_id === digest.message_id && m.edit_date !== undefined);
    expect(edited.text).toMatch(/\n\n✔ 2\. ✅ Approved by Ann\.$/);
    expect(ann.buttons(digest.message_id)).toEqual(['✅ 1', '❌ 1', '✅ 3', '❌ 3']);
    const status = (id: number) => bot!.db.deps.db.select().from(transactions).where(eq(transactions.id, id)).get()?.status;
    expect(ids.map(status)).toEqual(['pending_approval', 'executed', 'pending_approval']);
  });
});
