// A request's card follows its decision: the requester's card ("⏳ This waits
// for approval…" with [✋ Withdraw]) is edited in place by the jobs
// (approval.decided) to the executed entry's card with the buttons its reader
// may use (a member's entry approved by someone else: ↩️ Undo only, the core
// refuses them a change; a group's card keeps 🏷 👛 for the approver), or to the
// rejection and its reason without buttons; the notice still comes. Twice is
// harmless and a card that is gone does not fail the job.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { approveTransaction, pendingTransactions, rejectTransaction, setApprovalThreshold, withdrawTransaction } from '../../src/domain/index.js';
import { callbackData } from '../../src/presentation/callback-data.js';
import { cardsOf } from '../../src/presentation/card-registry.js';
import { startApi, type TestApi } from '../api/support.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { addWallet, fund, seedFamily } from '../bot/support/seed.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../jobs/support/jobs-harness.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { linkGroup } from '../bot/groups/imports.js';
import { startGroupHarness, waitFor, type GroupHarness } from '../bot/groups/harness.js';

let bot: BotHarness | undefined;
let api: TestApi | undefined;
let jobs: JobsHarness | undefined;
let group: GroupHarness | undefined;
afterEach(async () => {
  await group?.close();
  group = undefined;
  await jobs?.stop();
  await api?.close();
  await bot?.close();
  api = bot = jobs = undefined;
});

type Button = { text: string; callback_data?: string };
const callbacks = (who: FakeUser, messageId: number) =>
  ((who.messages().find((m) => m.message_id === messageId)?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.callback_data);
const decidedRows = (b: BotHarness) => b.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.decided')).all();

/** Ann (owner, $1,000 in Cash) and Mike (member), whose "600 new tv" waits for approval. */
async function request(withJobs = true) {
  bot = await startBot();
  const ann = bot.person(8301, 'Ann');
  const mike = bot.person(8302, 'Mike');
  const f = seedFamily(bot.db.deps, ann, [[mike, 'member']]);
  fund(bot.db.deps, f, f.userOf(ann), f.cashId, 1000_00);
  if (withJobs) jobs = await startJobs(bot.db, { tg: bot.tg });
  const shown = mike.waitForMessage('waits for approval');
  mike.send('600 new tv');
  const card = await shown;
  expect(mike.buttons(card.message_id)).toEqual(['✋ Withdraw']);
  const [pending] = pendingTransactions(bot.db.deps, f.userOf(mike), f.familyId);
  await cardRemembered(bot, pending!.id);
  return { b: bot, ann, mike, f, card, txId: pending!.id };
}

/**
 * The bot remembers a request's card once Telegram has answered with its message id, a moment after
 * the fake server saw the card. A decision in the app comes through another update, long after; these
 * tests decide through the core at once, so they wait for that moment first.
 */
const cardRemembered = (h: BotHarness, txId: number) => vi.waitFor(() => expect(cardsOf(h.db.deps, txId)).toHaveLength(1));

const edited = (who: FakeUser, messageId: number, not: RegExp) =>
  who.waitForMessage((m) => m.message_id === messageId && !not.test(m.text ?? ''), { includeExisting: true });

describe("the requester's card after the decision", () => {
  it("approved by the owner in the bot: the member's card becomes the executed entry's card with ↩️ Undo (no 🏷 👛: only the approver may change it now), and the notice comes too", async () => {
    const { b, ann, mike, card, txId } = await request();
    await jobs!.settle();
    const approvedNotice = mike.waitForMessage(/approved your request/);
    ann.press('✅ Approve');
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/\$600\.00[\s\S]*new tv/);
    expect(now.text).toContain('$400.00');
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(txId)]);
    await approvedNotice;
    await jobs!.settle();
    expect(decidedRows(b).map((r) => r.status)).toEqual(['done']);

    // The card's buttons work on the executed entry.
    mike.press(/Undo/, { messageId: card.message_id });
    const undone = await mike.waitForMessage(/^↩️ Undone: /);
    expect(undone.message_id).toBe(card.message_id);
  });

  it('rejected by the owner in the bot: the card says so, shows no balance and has no buttons', async () => {
    const { b, ann, mike, card } = await request();
    await jobs!.settle();
    ann.press('❌ Reject');
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/\$600\.00[\s\S]*new tv[\s\S]*\n❌ Rejected by Ann\.$/);
    expect(now.text).not.toContain('$1,000.00');
    expect(mike.buttons(card.message_id)).toEqual([]);
    await mike.waitForMessage(/rejected your request/, { includeExisting: true });
    await jobs!.settle();
    expect(decidedRows(b).map((r) => r.status)).toEqual(['done']);
  });

  it('rejected over the API with a reason: the jobs edit the card to the rejection and its reason', async () => {
    const { b, f, ann, mike, card, txId } = await request();
    api = await startApi({ db: b.db });
    const token = await api.tokenFor(f.userOf(ann));
    const res = await api.request('POST', `/api/v1/transactions/${txId}/reject`, { token, body: { reason: 'not this month' } });
    expect(res.status).toBe(200);
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/❌ Rejected by Ann\.\nReason: not this month$/);
    expect(mike.buttons(card.message_id)).toEqual([]);
  });

  it('approved through the core: a stale Withdraw is answered and shows the decision; the jobs then edit to the same card without failing', async () => {
    const { b, f, ann, mike, card, txId } = await request(false);
    approveTransaction(b.db.deps, f.userOf(ann), txId);
    const q = mike.press('✋ Withdraw', { messageId: card.message_id });
    expect(await b.tg.waitForCallbackAnswer(q)).toMatchObject({ show_alert: true });
    const byPress = await edited(mike, card.message_id, /waits for approval/);
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(txId)]);

    // The jobs' edit is the same text and buttons ("message is not modified"): done, not failed.
    jobs = await startJobs(b.db, { tg: b.tg });
    await jobs.settle();
    expect(decidedRows(b).map((r) => r.status)).toEqual(['done']);
    expect(mike.messages().find((m) => m.message_id === card.message_id)?.text).toBe(byPress.text);
    expect(b.tg.calls('editMessageText').filter((c) => c.params['message_id'] === card.message_id).length).toBe(2);
  });

  it('a request made over the API: its card (sent by the jobs) is edited when the owner confirms it over the API', async () => {
    bot = await startBot();
    const ann = bot.person(8303, 'Ann');
    const mike = bot.person(8304, 'Mike');
    const f = seedFamily(bot.db.deps, ann, [[mike, 'member']]);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 1000_00);
    jobs = await startJobs(bot.db, { tg: bot.tg });
    api = await startApi({ db: bot.db });
    const created = await api.request<{ id: number; status: string }>('POST', '/api/v1/transactions', {
      token: await api.tokenFor(f.userOf(mike)),
      body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '600', description: 'new tv' },
    });
    expect(created.body.status).toBe('pending_approval');
    const card = await mike.waitForMessage('waits for approval', { includeExisting: true });
    expect(mike.buttons(card.message_id)).toEqual(['✋ Withdraw']);
    await jobs.settle();
    const res = await api.request('POST', `/api/v1/transactions/${created.body.id}/confirm`, { token: await api.tokenFor(f.userOf(ann)) });
    expect(res.status).toBe(200);
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toContain('$400.00');
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(created.body.id)]);
  });

  it("a member's request in the family group: the group's card becomes the executed card without a balance (the group keeps balances private)", async () => {
    group = await startGroupHarness();
    const { g, f, deps } = group;
    linkGroup(deps, f.userOf(group.olga), { familyId: f.familyId, chatId: group.group.id, title: 'Home' });
    g.mia.send('/e 600 new tv');
    const card = await waitFor(g.mia, /waits for approval/);
    expect(g.mia.buttons(card.message_id)).toEqual(['✋ Withdraw']);
    const [pending] = pendingTransactions(deps, f.userOf(group.mia), f.familyId);
    approveTransaction(deps, f.userOf(group.olga), pending!.id);
    const now = await edited(g.mia, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/^➖ \$600\.00 from Cash.*new tv$/);
    expect(callbacks(g.mia, card.message_id)).toEqual([callbackData.card.category(pending!.id), callbackData.card.wallet(pending!.id), callbackData.card.undo(pending!.id)]);
  });

  it('a request recorded through the guided entry (/menu): its card is edited when the owner approves', async () => {
    bot = await startBot();
    const ann = bot.person(8305, 'Ann');
    const mike = bot.person(8306, 'Mike');
    const f = seedFamily(bot.db.deps, ann, [[mike, 'member']]);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 1000_00);
    jobs = await startJobs(bot.db, { tg: bot.tg });
    mike.send('/menu');
    await mike.waitForMessage(/what would you like to do/);
    mike.press('➖ Expense');
    await mike.waitForMessage(/How much did you spend/);
    mike.send('600');
    await mike.waitForMessage('Which category?');
    mike.press('🛒 Groceries');
    await mike.waitForMessage('Add a note?');
    mike.send('big shop');
    await mike.waitForMessage(/Record this expense/);
    mike.press('✅ Save');
    const card = await mike.waitForMessage('waits for approval');
    expect(mike.buttons(card.message_id)).toEqual(['✋ Withdraw']);
    const [pending] = pendingTransactions(bot.db.deps, f.userOf(mike), f.familyId);
    await cardRemembered(bot, pending!.id);
    approveTransaction(bot.db.deps, f.userOf(ann), pending!.id);
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toContain('$400.00');
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(pending!.id)]);
  });

  it('withdrawn elsewhere (the web app): the card drops ✋ Withdraw and says so', async () => {
    const { b, f, mike, card, txId } = await request();
    withdrawTransaction(b.db.deps, f.userOf(mike), txId);
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/new tv\n✋ You withdrew this request\.$/);
    expect(mike.buttons(card.message_id)).toEqual([]);
  });

  it('a request corrected by editing its message: the decision edits the same card to the new version', async () => {
    const { b, f, ann, mike, card } = await request();
    const corrected = mike.waitForMessage((m) => m.message_id === card.message_id && /\$700\.00/.test(m.text ?? ''));
    mike.edit(mike.history().find((m) => m.text === '600 new tv')!.message_id, '700 new tv');
    await corrected;
    const [pending] = pendingTransactions(b.db.deps, f.userOf(mike), f.familyId);
    expect(pending!.amountMinor).toBe(700_00);
    await jobs!.settle();
    approveTransaction(b.db.deps, f.userOf(ann), pending!.id);
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toContain('$300.00');
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(pending!.id)]);
  });

  it('👛 Change wallet after the threshold was lowered makes the entry a request on that card; its rejection edits that card', async () => {
    const { b, f, ann, mike } = await request();
    const savings = addWallet(b.db.deps, f, f.userOf(ann), 'Savings');
    fund(b.db.deps, f, f.userOf(ann), savings, 1000_00);
    const shown = mike.waitForMessage(/lunch/);
    mike.send('100 lunch');
    const card = await shown;
    expect(mike.buttons(card.message_id)).toContain('👛 Change wallet');
    setApprovalThreshold(b.db.deps, f.userOf(ann), { familyId: f.familyId, currency: 'USD', amountMinor: 50_00 });
    const listed = mike.waitForMessage((m) => m.message_id === card.message_id && /Savings/.test(JSON.stringify(m.reply_markup ?? {})));
    mike.press(/Change wallet/, { messageId: card.message_id });
    await listed;
    const waits = mike.waitForMessage((m) => m.message_id === card.message_id && /from Savings[\s\S]*waits for approval/.test(m.text ?? ''));
    mike.press(/^Savings/, { messageId: card.message_id });
    await waits;
    const again = pendingTransactions(b.db.deps, f.userOf(mike), f.familyId).find((t) => t.description === 'lunch');
    rejectTransaction(b.db.deps, f.userOf(ann), again!.id, 'keep the savings');
    const now = await edited(mike, card.message_id, /waits for approval/);
    expect(now.text).toMatch(/from Savings[\s\S]*❌ Rejected by Ann\.\nReason: keep the savings$/);
    expect(mike.buttons(card.message_id)).toEqual([]);
  });

  it('an entry edited over the threshold becomes a request on its card; its approval edits that card back to an executed card', async () => {
    const { b, f, ann, mike } = await request();
    const shown = mike.waitForMessage(/lunch/);
    mike.send('100 lunch');
    const card = await shown;
    const waits = mike.waitForMessage((m) => m.message_id === card.message_id && /\$700\.00[\s\S]*waits for approval/.test(m.text ?? ''));
    mike.edit(mike.history().find((m) => m.text === '100 lunch')!.message_id, '700 lunch');
    await waits;
    expect(mike.buttons(card.message_id)).toEqual(['✋ Withdraw']);
    const again = pendingTransactions(b.db.deps, f.userOf(mike), f.familyId).find((t) => t.description === 'lunch');
    approveTransaction(b.db.deps, f.userOf(ann), again!.id);
    await edited(mike, card.message_id, /waits for approval/);
    expect(callbacks(mike, card.message_id)).toEqual([callbackData.card.undo(again!.id)]);
  });

  it('a card deleted before the decision does not fail the job; the notice still comes', async () => {
    const { b, f, ann, mike, card, txId } = await request(false);
    await b.app.bot.api.deleteMessage(mike.chatId, card.message_id);
    approveTransaction(b.db.deps, f.userOf(ann), txId);
    jobs = await startJobs(b.db, { tg: b.tg });
    await jobs.settle();
    expect(decidedRows(b).map((r) => r.status)).toEqual(['done']);
    await mike.waitForMessage(/approved your request/, { includeExisting: true });
  });
});
