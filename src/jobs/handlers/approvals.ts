// approval.requested, approval.decided and approval.reminder: the request with
// its two buttons to every approver but the requester, every copy edited with
// the outcome once decided, the requester told, and one reminder digest per
// approver for what still waits; every digest listing a decided (or withdrawn)
// request is edited to mark it and drop its buttons.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { approvalMessages, transactions } from '../../db/schema.js';
import { InlineKeyboard } from 'grammy';
import type { Locale } from '../../config.js';
import { approvalDestinations, groupMaySeeBalances, groupOfFamily, readGroupSettings, transactionActionsOf, type OutboxMessage } from '../../domain/index.js';
import { cardMarkup, READS_ONLY } from '../../presentation/card.js';
import { cardsOf, digestsOf, rememberDigestIn, type CardMessage, type DigestMessage } from '../../presentation/card-registry.js';
import { cardText, type CardTexts } from '../../presentation/transaction-text.js';
import { isNotModified } from '../telegram-sender.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { familyInfo, localeOfChat, membersWith, nameOf, person, transactionView, type FamilyInfo, type TransactionView } from './recipients.js';
import { approvalKeyboard, detailLines, digestKeyboard, outcomeLines, readerTexts, requestText } from './render.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];

/** Where a family's approval requests go: approvers' private chats, its group, or both (a family setting). */
function destinations(ctx: JobContext, family: FamilyInfo) {
  const group = groupOfFamily(ctx.deps.db, family.id);
  const where = approvalDestinations(readGroupSettings(ctx.deps.db, family.id), group !== undefined);
  return { groupChatId: where.group ? group?.chatId : undefined, private: where.private };
}

function approverChats(ctx: JobContext, family: FamilyInfo, t: TransactionView) {
  const where = destinations(ctx, family);
  const privateChats = !where.private
    ? []
    : membersWith(ctx.deps, family, 'approve_transaction')
        .filter((m) => m.userId !== t.createdBy)
        .flatMap((m) => m.chatIds.map((chatId) => ({ chatId, locale: m.locale })));
  // One card in the group, pressable by owners and admins (the core checks who presses).
  return where.groupChatId !== undefined ? [...privateChats, { chatId: where.groupChatId, locale: family.locale }] : privateChats;
}

function decisionOf(t: TransactionView): 'approved' | 'rejected' | undefined {
  if (t.status === 'pending_approval' || t.approvedBy === null) return undefined;
  return t.status === 'rejected' ? 'rejected' : 'approved';
}

export async function approvalRequested(ctx: JobContext, p: Payload<'approval.requested'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  if (t.status !== 'pending_approval') {
    ctx.log.info({ outboxId: ctx.outboxId, transactionId: t.id, status: t.status }, 'approval request not sent: already decided');
    return;
  }
  await forEachLimited(approverChats(ctx, family, t), ctx.fanOut, ({ chatId, locale }) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) =>
        api.sendMessage(chatId, requestText(ctx, locale, t, family.name), { reply_markup: approvalKeyboard(ctx, locale, t.id) }),
      );
      return {
        result: `message:${message.message_id}`,
        record: (tx) =>
          tx
            .insert(approvalMessages)
            .values({ transactionId: t.id, chatId, messageId: message.message_id })
            .onConflictDoUpdate({ target: [approvalMessages.transactionId, approvalMessages.chatId], set: { messageId: message.message_id } })
            .run(),
      };
    }),
  );
  // A decision that landed while the requests went out may have missed the
  // copies sent after it: bring every copy up to date now.
  const after = transactionView(ctx.deps, t.id);
  if (after && decisionOf(after)) await editCopies(ctx, family, after);
}

/** Edits every stored copy of the request to show the outcome, without buttons. */
async function editCopies(ctx: JobContext, family: FamilyInfo, t: TransactionView): Promise<void> {
  const decision = decisionOf(t);
  if (!decision) return;
  const decider = nameOf(ctx.deps, t.approvedBy);
  const copies = ctx.deps.db.select().from(approvalMessages).where(eq(approvalMessages.transactionId, t.id)).all();
  await forEachLimited(copies, ctx.fanOut, (copy) =>
    deliverOnce(ctx, `edit:${copy.chatId}`, async () => {
      const locale = localeOfChat(ctx.deps, copy.chatId, family.locale);
      const text = [requestText(ctx, locale, t, family.name), '', ...outcomeLines(ctx, locale, decision, decider, t.reason)].join('\n');
      // The approver's own button press may have edited it to the same text already ('unchanged').
      return editMessage(ctx, copy, text);
    }),
  );
}

/**
 * Edits every remembered card of a request (the requester's, in each chat it
 * was sent to: src/presentation/card-registry.ts) to `render`, in the chat's
 * language and with balances only where the chat may see them, under the
 * buttons of the entry as it stands (an executed entry's, as far as a private
 * card's author may use them, or none). Twice is
 * harmless (the same text: "not modified"); a card Telegram no longer lets us
 * edit (deleted, too old) is skipped by deliverOnce.
 */
export async function editEntryCards(ctx: JobContext, family: FamilyInfo, t: TransactionView, render: (texts: CardTexts) => string): Promise<void> {
  // A private chat's id is positive; a group sees balances only when its family allows it.
  const groupBalances = groupMaySeeBalances(readGroupSettings(ctx.deps.db, family.id));
  await forEachLimited(cardsOf(ctx.deps, t.id), ctx.fanOut, (card) =>
    deliverOnce(ctx, `card:${card.chatId}:${card.messageId}`, async () => {
      // A card in the group is its author's (the bot wrote it in their language): edited in theirs too, so it
      // never flips to the family's language when a request is decided (the group's shared cards are the family's).
      const reader = card.chatId > 0 ? localeOfChat(ctx.deps, card.chatId, family.locale) : (person(ctx.deps, t.createdBy, family.locale)?.locale ?? family.locale);
      const texts = readerTexts(ctx, reader);
      const text = render({ ...texts, balances: card.chatId > 0 || groupBalances });
      // A private card is its author's alone: only the buttons the core lets them use now (a member's entry
      // approved by someone else: ↩️ Undo, no 🏷 👛). A group's card keeps them all for the approver.
      const may = card.chatId > 0 ? (transactionActionsOf(ctx.deps, t.createdBy, t.id) ?? READS_ONLY) : undefined;
      return editMessage(ctx, card, text, cardMarkup(texts.t, t, may).reply_markup ?? new InlineKeyboard());
    }),
  );
}

/** Edits a sent message to `text` and these buttons (none without); the same text again is 'unchanged', not an error. */
async function editMessage(ctx: JobContext, m: CardMessage, text: string, markup?: InlineKeyboard): Promise<{ result: string }> {
  try {
    await ctx.sender.call((api) => api.editMessageText(m.chatId, m.messageId, text, markup ? { reply_markup: markup } : undefined));
    return { result: 'edited' };
  } catch (err) {
    if (isNotModified(err)) return { result: 'unchanged' };
    throw err;
  }
}

/** How a digest marks a request that no longer waits ("✅ Approved by Alice."), or undefined while it waits. */
function digestOutcome(ctx: JobContext, locale: Locale, t: TransactionView | undefined): string | undefined {
  // A request gone from the family (it cannot be decided any more) keeps no buttons either.
  if (!t) return ctx.texts.t(locale, 'notify-digest-withdrawn');
  if (t.status === 'pending_approval') return undefined;
  if (t.status === 'withdrawn') return ctx.texts.t(locale, 'notify-digest-withdrawn');
  const name = nameOf(ctx.deps, t.approvedBy);
  // The same words the pressing approver's own digest gets from the bot (approvals/decide.ts).
  return ctx.texts.t(locale, t.status === 'rejected' ? 'approvals-rejected' : 'approvals-approved', { name });
}

/**
 * Edits every remembered reminder digest that lists `t` (in any approver's chat,
 * the group's too): the text as sent, then a "✔ n. outcome" line for each listed
 * request no longer waiting, and buttons only for those still waiting. Read
 * from the state at the edit, so two decisions at once both show, and a
 * second run changes nothing ("not modified").
 */
export async function editDigests(ctx: JobContext, family: FamilyInfo, t: TransactionView): Promise<void> {
  await forEachLimited(digestsOf(ctx.deps, t.id), ctx.fanOut, (digest) =>
    deliverOnce(ctx, `digest:${digest.chatId}:${digest.messageId}`, async () => {
      const locale = localeOfChat(ctx.deps, digest.chatId, family.locale);
      const { text, outcomes } = digestNow(ctx, locale, family, digest, t);
      return editMessage(ctx, digest, text, digestKeyboard(ctx, locale, digest.items, (id) => outcomes.get(id) === undefined));
    }),
  );
}

/** A digest as it stands: the text as sent and a "✔ n. outcome" line per listed request no longer waiting. */
function digestNow(ctx: JobContext, locale: Locale, family: FamilyInfo, digest: DigestMessage, t?: TransactionView) {
  const outcomes = new Map(digest.items.map((id) => [id, digestOutcome(ctx, locale, id === t?.id ? t : transactionView(ctx.deps, id, family.id))]));
  const decided = digest.items.flatMap((id, i) => {
    const outcome = outcomes.get(id);
    return outcome === undefined ? [] : [`✔ ${ctx.texts.t(locale, 'notify-digest-decided', { n: i + 1, outcome })}`];
  });
  return { text: decided.length ? `${digest.text}\n\n${decided.join('\n')}` : digest.text, outcomes };
}

export async function approvalDecided(ctx: JobContext, p: Payload<'approval.decided'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  await editCopies(ctx, family, t);
  await editDigests(ctx, family, t);
  // The requester's cards show the decision: approved, the executed entry's card; rejected, why.
  if (decisionOf(t)) {
    const decider = nameOf(ctx.deps, t.approvedBy);
    await editEntryCards(ctx, family, t, (texts) => cardText(ctx.deps, t, texts, decider));
  }
  const requester = person(ctx.deps, t.createdBy, family.locale);
  // With approvals in the group only, a request asked in the group is answered there (the group's card says
  // who decided): no extra private message. One asked privately (or in the app) is told privately, as always.
  const askedInGroup = cardsOf(ctx.deps, t.id).some((card) => card.chatId < 0);
  if (!requester || (!destinations(ctx, family).private && askedInGroup)) return;
  const decider = nameOf(ctx.deps, p.deciderId);
  const text = [
    ctx.texts.t(requester.locale, `notify-requester-${p.decision}`, { decider }),
    ...detailLines(ctx, requester.locale, t),
    ...(t.reason && p.decision === 'rejected' ? [ctx.texts.t(requester.locale, 'notify-line-reason', { reason: t.reason })] : []),
  ].join('\n');
  await forEachLimited(requester.chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, text));
      return { result: `message:${message.message_id}` };
    }),
  );
}

/**
 * The digest's list: the requests of one reminder pass (marked with the same
 * reminded_at) that still wait, oldest first. Not every waiting request: one
 * asked minutes ago is not due yet (it gets its own reminder when it is), and
 * one reminded in an earlier pass was reminded once already.
 */
function dueRequests(ctx: JobContext, familyId: number, remindedAt: number): Array<{ id: number }> {
  return ctx.deps.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.familyId, familyId), eq(transactions.status, 'pending_approval'), eq(transactions.remindedAt, remindedAt)))
    .orderBy(asc(transactions.id))
    .all();
}

// Telegram allows 100 buttons a message: a digest lists at most this many with buttons.
const DIGEST_MAX = 20;

/**
 * Reminders come as ONE digest per approver chat. The scheduler marks every
 * request due in a pass with the same reminded_at and writes one
 * approval.reminder row each; the row of the oldest request of that pass sends
 * the digest (the requests of that pass still waiting that this approver may
 * decide, each with its [✅ n] [❌ n] buttons), the others send nothing. A digest of one
 * request already in the chat is a reply to that copy (its buttons one tap up).
 */
export async function approvalReminder(ctx: JobContext, p: Payload<'approval.reminder'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  // The oldest request of the pass leads even when decided since (then the digest lists the rest).
  const leader =
    t.remindedAt === null
      ? undefined
      : ctx.deps.db
          .select({ id: transactions.id })
          .from(transactions)
          .where(and(eq(transactions.familyId, family.id), eq(transactions.remindedAt, t.remindedAt)))
          .orderBy(asc(transactions.id))
          .get();
  if (leader && leader.id !== t.id) {
    ctx.log.debug({ outboxId: ctx.outboxId, transactionId: t.id, digestOf: leader.id }, 'approval reminder folded into the digest');
    return;
  }
  const waiting = t.remindedAt === null ? [] : dueRequests(ctx, family.id, t.remindedAt);
  const views = waiting.map((w) => (w.id === t.id ? t : transactionView(ctx.deps, w.id, family.id))).filter((v): v is TransactionView => v !== undefined);
  const where = destinations(ctx, family);
  const chats = [
    ...(where.private
      ? membersWith(ctx.deps, family, 'approve_transaction').flatMap((m) =>
          m.chatIds.map((chatId) => ({ chatId, locale: m.locale, items: views.filter((v) => v.createdBy !== m.userId) })),
        )
      : []),
    ...(where.groupChatId !== undefined ? [{ chatId: where.groupChatId, locale: family.locale, items: views }] : []),
  ].filter((c) => c.items.length > 0);
  await forEachLimited(chats, ctx.fanOut, ({ chatId, locale, items }) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const only = items.length === 1 ? items[0] : undefined;
      if (only) {
        const copy = ctx.deps.db
          .select()
          .from(approvalMessages)
          .where(and(eq(approvalMessages.transactionId, only.id), eq(approvalMessages.chatId, chatId)))
          .get();
        const header = ctx.texts.t(locale, 'notify-approval-reminder', { requester: only.requesterName, family: family.name });
        const text = [header, ...detailLines(ctx, locale, only)].join('\n');
        if (copy) {
          const message = await ctx.sender.call((api) =>
            api.sendMessage(chatId, text, { reply_parameters: { message_id: copy.messageId, allow_sending_without_reply: true } }),
          );
          return { result: `message:${message.message_id}` };
        }
        const message = await ctx.sender.call((api) => api.sendMessage(chatId, text, { reply_markup: approvalKeyboard(ctx, locale, only.id) }));
        return {
          result: `message:${message.message_id}`,
          record: (tx) => tx.insert(approvalMessages).values({ transactionId: only.id, chatId, messageId: message.message_id }).onConflictDoNothing().run(),
        };
      }
      const shown = items.slice(0, DIGEST_MAX);
      const text = [
        ctx.texts.t(locale, 'notify-approval-digest', { count: items.length, family: family.name }),
        ...shown.flatMap((v, i) => ['', ctx.texts.t(locale, 'notify-digest-item', { n: i + 1, requester: v.requesterName }), ...detailLines(ctx, locale, v)]),
        ...(items.length > shown.length ? ['', ctx.texts.t(locale, 'notify-digest-more', { count: items.length - shown.length })] : []),
      ].join('\n');
      const listed = shown.map((v) => v.id);
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, text, { reply_markup: digestKeyboard(ctx, locale, listed) }));
      // Remembered so that a decision made anywhere edits this digest too (editDigests).
      return {
        result: `message:${message.message_id}`,
        record: (tx) => rememberDigestIn(tx, { chatId, messageId: message.message_id, text, items: listed }, ctx.deps.clock()),
      };
    }),
  );
}

/**
 * Someone who may no longer decide a family's requests (made a member or viewer, or removed): the cards and
 * reminder digests of its waiting requests in their chats lose their buttons, under a line saying why. Read
 * when run: someone made an approver again meanwhile keeps them.
 */
export async function retireApproverCards(ctx: JobContext, familyId: number, userId: number): Promise<void> {
  const family = familyInfo(ctx.deps, familyId, ctx.defaultLocale);
  if (!family || membersWith(ctx.deps, family, 'approve_transaction').some((m) => m.userId === userId)) return;
  const chats = person(ctx.deps, userId, family.locale)?.chatIds ?? [];
  if (chats.length === 0) return;
  const waiting = ctx.deps.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.familyId, familyId), eq(transactions.status, 'pending_approval')))
    .all();
  for (const { id } of waiting) {
    const t = transactionView(ctx.deps, id, familyId);
    if (!t) continue;
    const copies = ctx.deps.db.select().from(approvalMessages).where(and(eq(approvalMessages.transactionId, id), inArray(approvalMessages.chatId, chats))).all();
    const digests = digestsOf(ctx.deps, id).filter((d) => chats.includes(d.chatId));
    // Each message once (a digest lists several requests), as it stands now, with the line and no buttons.
    await forEachLimited([...copies.map((c) => ({ ...c, digest: undefined })), ...digests.map((d) => ({ ...d, digest: d }))], ctx.fanOut, (m) =>
      deliverOnce(ctx, `retire:${m.chatId}:${m.messageId}`, () => {
        const locale = localeOfChat(ctx.deps, m.chatId, family.locale);
        const text = m.digest ? digestNow(ctx, locale, family, m.digest).text : requestText(ctx, locale, t, family.name);
        return editMessage(ctx, m, `${text}\n\n${ctx.texts.t(locale, 'notify-approver-retired')}`);
      }),
    );
  }
}
