import { eq } from 'drizzle-orm';
import { InlineKeyboard } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { changeMemberRole, getTransaction, getWallet, pendingTransactions } from '../../src/domain/index.js';
import type { FakeUser } from '../support/fake-telegram.js';
import { startHarness, type Harness } from './support/harness.js';
import { familyWithFundedCash, fund, seedFamily, type SeededFamily } from './support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * What the jobs dispatcher sends approvers (see TEAM.md): a plain message with
 * appr:<id>:a|r buttons. Sent here directly so these tests do not depend on it.
 */
async function sendApprovalRequest(h: Harness, to: FakeUser, txId: number): Promise<number> {
  const kb = new InlineKeyboard().text('✅ Approve', `appr:${txId}:a`).text('❌ Reject', `appr:${txId}:r`);
  const m = await h.app.bot.api.sendMessage(to.chatId, `Request #${txId}`, { reply_markup: kb });
  return m.message_id;
}

async function family(h: Harness) {
  const alice = h.person(1001, 'Alice');
  const ada = h.person(1002, 'Ada');
  const mike = h.person(1003, 'Mike');
  const vic = h.person(1004, 'Vic');
  const f: SeededFamily = seedFamily(h.db.deps, alice, [
    [ada, 'admin'],
    [mike, 'member'],
    [vic, 'viewer'],
  ]);
  fund(h.db.deps, f, f.userOf(alice), f.cashId, 100_000);
  return { alice, ada, mike, vic, f };
}

async function requestFrom(h: Harness, who: FakeUser, f: SeededFamily, text: string): Promise<number> {
  who.send(text);
  await who.waitForMessage('waits for approval');
  const [pending] = pendingTransactions(h.db.deps, f.userOf(who), f.familyId);
  return pending!.id;
}

const decidedRows = (h: Harness) => h.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'approval.decided')).all();

describe('approvals', () => {
  it("executes a member's large expense once on the owner's Approve; repeated and unauthorized presses change nothing", async () => {
    h = await startHarness();
    const { alice, ada, mike, vic, f } = await family(h);
    const wakesBefore = h.outboxWakes();
    const txId = await requestFrom(h, mike, f, '600 new tv');
    expect(h.outboxWakes()).toBe(wakesBefore + 1);
    expect(getWallet(h.db.deps, f.userOf(alice), f.familyId, f.cashId).balanceMinor).toBe(100_000);

    const aliceMsg = await sendApprovalRequest(h, alice, txId);
    const adaMsg = await sendApprovalRequest(h, ada, txId);
    await sendApprovalRequest(h, vic, txId);

    const byViewer = vic.press('✅ Approve');
    expect(await h.tg.waitForCallbackAnswer(byViewer)).toMatchObject({ text: 'You are not allowed to decide this request.', show_alert: true });

    const first = alice.press('✅ Approve', { messageId: aliceMsg });
    const again = alice.press('✅ Approve', { messageId: aliceMsg });
    expect(await h.tg.waitForCallbackAnswer(first)).toMatchObject({ text: 'Approved' });
    // The race: every card ends with who decided, never a generic "already decided".
    expect(await h.tg.waitForCallbackAnswer(again)).toMatchObject({ text: '✅ Approved by Alice.', show_alert: true });
    expect(alice.messages().find((m) => m.message_id === aliceMsg)).toMatchObject({ text: `Request #${txId}\n\n✅ Approved by Alice.` });
    expect(alice.buttons(aliceMsg)).toEqual([]);

    const late = ada.press('❌ Reject', { messageId: adaMsg });
    expect(await h.tg.waitForCallbackAnswer(late)).toMatchObject({ text: '✅ Approved by Alice.' });
    await ada.waitForMessage((m) => m.message_id === adaMsg && m.text === `Request #${txId}\n\n✅ Approved by Alice.`, { includeExisting: true });
    expect(ada.buttons(adaMsg)).toEqual([]);

    expect(getTransaction(h.db.deps, f.userOf(alice), txId)).toMatchObject({ status: 'executed', approvedBy: f.userOf(alice) });
    expect(getWallet(h.db.deps, f.userOf(alice), f.familyId, f.cashId).balanceMinor).toBe(40_000);
    expect(decidedRows(h)).toHaveLength(1);
  });

  it('rejects on Reject, and refuses a decision on your own request', async () => {
    h = await startHarness();
    const { alice, mike, f } = await family(h);
    const sofa = await requestFrom(h, mike, f, '700 sofa');
    const own = await requestFrom(h, mike, f, '800 bike');
    // Mike becomes an admin: he may decide requests now, but not his own.
    changeMemberRole(h.db.deps, f.userOf(alice), { familyId: f.familyId, userId: f.userOf(mike), role: 'admin' });
    await sendApprovalRequest(h, mike, own);
    const byMike = mike.press('✅ Approve');
    expect(await h.tg.waitForCallbackAnswer(byMike)).toMatchObject({ text: expect.stringContaining('your own request') as unknown });

    const msg = await sendApprovalRequest(h, alice, sofa);
    const q = alice.press('❌ Reject', { messageId: msg });
    expect(await h.tg.waitForCallbackAnswer(q)).toMatchObject({ text: 'Rejected' });
    await alice.waitForMessage('❌ Rejected by Alice.', { includeExisting: true });
    expect(getTransaction(h.db.deps, f.userOf(alice), sofa).status).toBe('rejected');
    expect(getTransaction(h.db.deps, f.userOf(alice), own).status).toBe('pending_approval');
    expect(getWallet(h.db.deps, f.userOf(alice), f.familyId, f.cashId).balanceMinor).toBe(100_000);
  });

  it('lets the author withdraw a waiting request from its card; an approver pressing later sees it was withdrawn', async () => {
    h = await startHarness();
    const { alice, mike, f } = await family(h);
    const card = mike.waitForMessage('waits for approval');
    mike.send('600 new tv');
    const shown = await card;
    expect(mike.buttons(shown.message_id)).toEqual(['✋ Withdraw']);
    const [pending] = pendingTransactions(h.db.deps, f.userOf(mike), f.familyId);
    const request = await sendApprovalRequest(h, alice, pending!.id);

    const withdrawn = mike.waitForMessage((m) => m.message_id === shown.message_id && (m.text ?? '').includes('You withdrew this request'));
    expect(await h.tg.waitForCallbackAnswer(mike.press('✋ Withdraw'))).toMatchObject({ text: 'Withdrawn' });
    await withdrawn;
    expect(mike.buttons(shown.message_id)).toEqual([]);
    expect(getTransaction(h.db.deps, f.userOf(alice), pending!.id).status).toBe('withdrawn');

    expect(await h.tg.waitForCallbackAnswer(alice.press('✅ Approve', { messageId: request }))).toMatchObject({ text: '✋ Withdrawn by the person who asked.' });
    await alice.waitForMessage((m) => m.message_id === request && (m.text ?? '').includes('Withdrawn by the person who asked'), { includeExisting: true });
    expect(alice.buttons(request)).toEqual([]);
    expect(getWallet(h.db.deps, f.userOf(alice), f.familyId, f.cashId).balanceMinor).toBe(100_000);
  });

  it('speaks Russian on the card and in the race', async () => {
    h = await startHarness();
    const olga = h.person(1001, 'Ольга', 'ru');
    const ivan = h.person(1002, 'Иван', 'ru');
    const anna = h.person(1003, 'Анна', 'ru');
    const f = familyWithFundedCash(h.db.deps, olga, 100_000, { others: [[ivan, 'member'], [anna, 'admin']] });
    const card = ivan.waitForMessage(/ждёт|согласован/);
    ivan.send('600 телевизор');
    const shown = await card;
    expect(ivan.buttons(shown.message_id)).toEqual(['✋ Отозвать']);
    const [pending] = pendingTransactions(h.db.deps, f.userOf(ivan), f.familyId);
    const a = await sendApprovalRequest(h, olga, pending!.id);
    const b = await sendApprovalRequest(h, anna, pending!.id);
    expect(await h.tg.waitForCallbackAnswer(olga.press('✅ Approve', { messageId: a }))).toMatchObject({ text: 'Одобрено' });
    expect(await h.tg.waitForCallbackAnswer(anna.press('❌ Reject', { messageId: b }))).toMatchObject({ text: '✅ Одобрил(а) Ольга.' });
  });

  it('refuses a viewer every write with a clear message', async () => {
    h = await startHarness();
    const { alice, vic, f } = await family(h);
    vic.send('10 coffee');
    await vic.waitForMessage("You can view this family's finances, but your role (viewer) cannot change anything.");
    vic.send('/undo');
    await vic.waitForMessage('There is nothing of yours to undo.');
    expect(getWallet(h.db.deps, f.userOf(alice), f.familyId, f.cashId).balanceMinor).toBe(100_000);
  });
});
