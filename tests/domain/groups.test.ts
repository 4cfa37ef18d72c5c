// A family's Telegram group: link and unlink (audited, owners/admins only), one group per family and one
// family per group, the move to a supergroup, settings and their predicates, join requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalDestinations,
  createBudget,
  createTransaction,
  groupSummary,
  canDecideInGroup,
  decideJoinRequest,
  findGroup,
  getGroupSettings,
  groupActor,
  groupMaySeeBalances,
  groupOfFamily,
  linkGroup,
  listMembers,
  migrateGroup,
  requestToJoin,
  unlinkGroup,
  updateGroupSettings,
  DEFAULT_GROUP_SETTINGS,
  type CoreDeps,
} from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { domainError, eventsFor, outboxRows, rows, snapshot } from './support/inspect.js';

let t: TestDb;
let deps: CoreDeps;
beforeAll(() => {
  t = createTestDb();
  deps = t.deps;
});
afterAll(() => t.cleanup());

let nextGroup = -1000;
const newGroupId = () => nextGroup--;

function linked(): { f: FamilyFixture; chatId: number } {
  const f = makeFamily(deps);
  const chatId = newGroupId();
  linkGroup(deps, f.owner, { familyId: f.familyId, chatId, title: 'Our family' });
  return { f, chatId };
}

describe('linking a group', () => {
  it('an owner or admin links; the link is audited and linking again changes nothing', () => {
    const f = makeFamily(deps);
    const chatId = newGroupId();
    const first = linkGroup(deps, f.members.admin, { familyId: f.familyId, chatId, title: 'Home' });
    expect(first).toMatchObject({ alreadyLinked: false, familyName: 'Test family', group: { chatId, familyId: f.familyId, linkedBy: f.members.admin } });
    const before = snapshot(deps);
    expect(linkGroup(deps, f.owner, { familyId: f.familyId, chatId }).alreadyLinked).toBe(true);
    expect(snapshot(deps)).toBe(before);
    expect(eventsFor(deps, 'group', chatId).map((e) => [e.action, e.actor_user_id])).toEqual([['group.linked', f.members.admin]]);
  });

  it('members, viewers and outsiders cannot link, and nothing is written', () => {
    const f = makeFamily(deps);
    const chatId = newGroupId();
    const before = snapshot(deps);
    expect(domainError(() => linkGroup(deps, f.members.member, { familyId: f.familyId, chatId })).code).toBe('forbidden');
    expect(domainError(() => linkGroup(deps, f.members.viewer, { familyId: f.familyId, chatId })).code).toBe('forbidden');
    expect(domainError(() => linkGroup(deps, f.outsider, { familyId: f.familyId, chatId })).code).toBe('not_found');
    expect(snapshot(deps)).toBe(before);
  });

  it('a group belongs to at most one family, and a family has at most one group', () => {
    const { f, chatId } = linked();
    const other = makeFamily(deps);
    const taken = domainError(() => linkGroup(deps, other.owner, { familyId: other.familyId, chatId }));
    expect([taken.code, taken.details['reason']]).toEqual(['conflict', 'group_linked_elsewhere']);
    const second = domainError(() => linkGroup(deps, f.owner, { familyId: f.familyId, chatId: newGroupId() }));
    expect([second.code, second.details['reason']]).toEqual(['conflict', 'family_has_group']);
  });

  it('refuses a private chat id', () => {
    const f = makeFamily(deps);
    expect(domainError(() => linkGroup(deps, f.owner, { familyId: f.familyId, chatId: 12345 })).code).toBe('validation');
  });
});

describe('unlinking', () => {
  it('by command: owners/admins only, audited', () => {
    const { f, chatId } = linked();
    expect(domainError(() => unlinkGroup(deps, f.members.member, { chatId, reason: 'command' })).code).toBe('forbidden');
    expect(unlinkGroup(deps, f.members.admin, { chatId, reason: 'command' })).toEqual({ familyId: f.familyId });
    expect(findGroup(deps.db, chatId)).toBeUndefined();
    expect(eventsFor(deps, 'group', chatId).map((e) => [e.action, e.actor_user_id, JSON.parse(e.payload).reason])).toEqual([
      ['group.linked', f.owner, undefined],
      ['group.unlinked', f.members.admin, 'command'],
    ]);
    expect(domainError(() => unlinkGroup(deps, f.owner, { chatId, reason: 'command' })).code).toBe('not_found');
  });

  it('when the bot is removed, by anyone; pending join requests are declined with it; a second removal changes nothing', () => {
    const { f, chatId } = linked();
    const { request } = requestToJoin(deps, f.outsider, { chatId });
    expect(unlinkGroup(deps, null, { chatId, reason: 'bot_removed' })).toEqual({ familyId: f.familyId });
    expect(rows(deps, 'SELECT status FROM group_join_requests WHERE id = ?', request.id)).toEqual([{ status: 'declined' }]);
    const before = snapshot(deps);
    expect(unlinkGroup(deps, null, { chatId, reason: 'bot_removed' })).toBeUndefined();
    expect(snapshot(deps)).toBe(before);
    // The family may link a new group now.
    linkGroup(deps, f.owner, { familyId: f.familyId, chatId: newGroupId() });
  });
});

describe('a group becoming a supergroup', () => {
  it('keeps the link under the new id, once, and forgets the old pinned summary', () => {
    const { f, chatId } = linked();
    const superId = -1_000_000_000_000 + chatId;
    const { request } = requestToJoin(deps, f.outsider, { chatId });
    const moved = migrateGroup(deps, { fromChatId: chatId, toChatId: superId });
    expect(moved).toMatchObject({ chatId: superId, familyId: f.familyId, summaryMessageId: null });
    expect(findGroup(deps.db, chatId)).toBeUndefined();
    expect(groupOfFamily(deps.db, f.familyId)?.chatId).toBe(superId);
    expect(rows(deps, 'SELECT chat_id FROM group_join_requests WHERE id = ?', request.id)).toEqual([{ chat_id: superId }]);
    const before = snapshot(deps);
    expect(migrateGroup(deps, { fromChatId: chatId, toChatId: superId })?.chatId).toBe(superId); // the second notice
    expect(snapshot(deps)).toBe(before);
    expect(eventsFor(deps, 'group', superId).map((e) => e.action)).toEqual(['group.migrated']);
  });
});

describe('settings', () => {
  it('default to approvals in both places, entries only, no pin; owners/admins change them, audited', () => {
    const { f } = linked();
    expect(getGroupSettings(deps, f.members.viewer, f.familyId)).toEqual(DEFAULT_GROUP_SETTINGS);
    expect(DEFAULT_GROUP_SETTINGS).toEqual({ approvalsTarget: 'both', visibility: 'entries', pinnedSummary: false });
    expect(domainError(() => updateGroupSettings(deps, f.members.member, { familyId: f.familyId, visibility: 'everything' })).code).toBe('forbidden');
    const after = updateGroupSettings(deps, f.members.admin, { familyId: f.familyId, approvalsTarget: 'group', pinnedSummary: true });
    expect(after).toEqual({ approvalsTarget: 'group', visibility: 'entries', pinnedSummary: true });
    expect(getGroupSettings(deps, f.owner, f.familyId)).toEqual(after);
    const events = eventsFor(deps, 'family', f.familyId).filter((e) => e.action === 'group.settings_changed');
    expect(events.map((e) => JSON.parse(e.payload))).toEqual([
      { approvalsTarget: { from: 'both', to: 'group' }, pinnedSummary: { from: false, to: true } },
    ]);
  });

  it('refuses unknown values and changes nothing', () => {
    const { f } = linked();
    const before = snapshot(deps);
    expect(domainError(() => updateGroupSettings(deps, f.owner, { familyId: f.familyId, approvalsTarget: 'everyone' as never })).code).toBe('validation');
    expect(snapshot(deps)).toBe(before);
  });

  it('predicates: where approvals go, what the group sees, who decides', () => {
    const s = (approvalsTarget: 'group' | 'private' | 'both') => ({ ...DEFAULT_GROUP_SETTINGS, approvalsTarget });
    expect(approvalDestinations(s('group'), true)).toEqual({ group: true, private: false });
    expect(approvalDestinations(s('private'), true)).toEqual({ group: false, private: true });
    expect(approvalDestinations(s('both'), true)).toEqual({ group: true, private: true });
    expect(approvalDestinations(s('group'), false)).toEqual({ group: false, private: true });
    expect(groupMaySeeBalances(DEFAULT_GROUP_SETTINGS)).toBe(false);
    expect(groupMaySeeBalances({ ...DEFAULT_GROUP_SETTINGS, visibility: 'everything' })).toBe(true);
    expect([canDecideInGroup('owner'), canDecideInGroup('admin'), canDecideInGroup('member'), canDecideInGroup('viewer'), canDecideInGroup(null)])
      .toEqual([true, true, false, false, false]);
  });
});

describe('joining from the group', () => {
  it('an outsider asks once; an admin approves in one tap; they become a member, audited, with a notice queued', () => {
    const { f, chatId } = linked();
    const first = requestToJoin(deps, f.outsider, { chatId });
    expect(first.created).toBe(true);
    expect(requestToJoin(deps, f.outsider, { chatId })).toMatchObject({ created: false, request: { id: first.request.id } });
    expect(groupActor(deps, chatId, undefined)?.joinPending).toBe(false);

    expect(domainError(() => decideJoinRequest(deps, f.members.member, { requestId: first.request.id, decision: 'approved' })).code).toBe('forbidden');
    const decided = decideJoinRequest(deps, f.members.admin, { requestId: first.request.id, decision: 'approved' });
    expect(decided).toMatchObject({ changed: true, request: { status: 'approved', decidedBy: f.members.admin, decidedByName: 'admin', userName: 'Outsider' } });
    expect(listMembers(deps, f.owner, f.familyId).find((m) => m.userId === f.outsider)?.role).toBe('member');
    expect(outboxRows(deps, 'member.joined').some((r) => r.data['userId'] === f.outsider && r.data['familyId'] === f.familyId)).toBe(true);

    // A second press (or the owner racing the admin) shows the outcome and changes nothing.
    const before = snapshot(deps);
    expect(decideJoinRequest(deps, f.owner, { requestId: first.request.id, decision: 'declined' })).toMatchObject({
      changed: false, request: { status: 'approved', decidedBy: f.members.admin },
    });
    expect(snapshot(deps)).toBe(before);
    expect(domainError(() => requestToJoin(deps, f.outsider, { chatId })).details['reason']).toBe('already_member');
  });

  it('a declined person stays outside and may ask again later', () => {
    const { f, chatId } = linked();
    const { request } = requestToJoin(deps, f.outsider, { chatId });
    decideJoinRequest(deps, f.owner, { requestId: request.id, decision: 'declined' });
    expect(listMembers(deps, f.owner, f.familyId).some((m) => m.userId === f.outsider)).toBe(false);
    expect(requestToJoin(deps, f.outsider, { chatId }).created).toBe(true);
  });

  it('groupActor tells the bot the family, the role and a waiting request', () => {
    const { f, chatId } = linked();
    const chatOf = (userId: number) => rows<{ chat_id: number }>(deps, 'SELECT chat_id FROM telegram_identities WHERE user_id = ?', userId)[0]!.chat_id;
    expect(groupActor(deps, chatId, chatOf(f.members.admin))).toMatchObject({ role: 'admin', joinPending: false, group: { familyId: f.familyId } });
    requestToJoin(deps, f.outsider, { chatId });
    expect(groupActor(deps, chatId, chatOf(f.outsider))).toMatchObject({ role: null, joinPending: true });
    expect(groupActor(deps, chatId, 999_999)).toMatchObject({ user: undefined, role: null });
    expect(groupActor(deps, newGroupId(), chatOf(f.owner))).toBeUndefined();
  });
});

describe('the pinned summary numbers', () => {
  it("today's and the month's spending per currency and the family-wide monthly budget, where the group may see them", () => {
    const { f } = linked();
    fund(deps, f, f.cashId, 100_000);
    const spend = (amountMinor: number) => createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor, categoryId: f.expenseCategoryId });
    createBudget(deps, f.owner, { familyId: f.familyId, amountMinor: 50_000 });
    t.clock.set(Date.UTC(2026, 10, 10, 12));
    spend(1_000); // earlier this month
    t.clock.set(Date.UTC(2026, 10, 25, 9));
    spend(2_500); // today
    t.clock.set(Date.UTC(2026, 10, 25, 12));
    // The group keeps money private by default: how many expenses, no amounts, no budget.
    expect(groupSummary(deps, f.members.viewer, f.familyId)).toEqual({ month: '2026-11', day: '2026-11-25', amounts: false, expensesToday: 1, expensesMonth: 2 });
    updateGroupSettings(deps, f.owner, { familyId: f.familyId, visibility: 'everything' });
    expect(groupSummary(deps, f.members.viewer, f.familyId)).toEqual({
      month: '2026-11',
      day: '2026-11-25',
      amounts: true,
      today: [{ currency: 'USD', expenseMinor: 2_500n }],
      monthTotal: [{ currency: 'USD', expenseMinor: 3_500n }],
      budgets: [{ currency: 'USD', amountMinor: 50_000, spentMinor: 3_500n, percent: 7 }],
    });
    expect(domainError(() => groupSummary(deps, f.outsider, f.familyId)).code).toBe('not_found');
  });
});
