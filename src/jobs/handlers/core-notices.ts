// approval.withdrawn, transaction.corrected and recurring.unpaid: every copy of
// a withdrawn request edited to say so (its buttons gone), the author of a
// corrected entry told who changed it, and the creator of a recurring entry
// that cannot be paid told which wallet is short and which could pay, with
// buttons to pay from one of those or skip this time (the bot answers them:
// bot/recurring/unpaid.ts); once the rule is stopped, those buttons go
// (retireUnpaidNotices).
import { eq } from 'drizzle-orm';
import { InlineKeyboard } from 'grammy';
import { callbackData } from '../../presentation/callback-data.js';
import type { Locale } from '../../config.js';
import { approvalMessages, recurringRules } from '../../db/schema.js';
import { deliveredNoticesOfRule, displayName, formatMoney, type OutboxMessage } from '../../domain/index.js';
import { isNotModified } from '../telegram-sender.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { familyInfo, localeOfChat, nameOf, person, transactionView } from './recipients.js';
import { detailLines, requestText } from './render.js';
import { calendarDay } from '../../presentation/dates.js';
import { editDigests, editEntryCards } from './approvals.js';
import { summaryVars } from '../../presentation/transaction-text.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];

const WITHDRAWN_KEY = { author: 'notify-withdrawn', member_removed: 'notify-withdrawn-removed', member_left: 'notify-withdrawn-left', corrected: 'notify-withdrawn-corrected' } as const;

export async function approvalWithdrawn(ctx: JobContext, p: Payload<'approval.withdrawn'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  const actor = nameOf(ctx.deps, p.actorId);
  const copies = ctx.deps.db.select().from(approvalMessages).where(eq(approvalMessages.transactionId, t.id)).all();
  await forEachLimited(copies, ctx.fanOut, (copy) =>
    deliverOnce(ctx, `edit:${copy.chatId}`, async () => {
      const locale = localeOfChat(ctx.deps, copy.chatId, family.locale);
      const text = [requestText(ctx, locale, t, family.name), '', ctx.texts.t(locale, WITHDRAWN_KEY[p.cause], { actor })].join('\n');
      try {
        await ctx.sender.call((api) => api.editMessageText(copy.chatId, copy.messageId, text));
        return { result: 'edited' };
      } catch (err) {
        if (isNotModified(err)) return { result: 'unchanged' };
        throw err;
      }
    }),
  );
  // Reminder digests listing it mark it withdrawn and drop its buttons.
  await editDigests(ctx, family, t);
  // The requester's cards drop ✋ Withdraw (the author's own press already shows the same text there).
  // Not for a correction: the new version's card may be that very message (an edited quick entry).
  if (p.cause === 'corrected') return;
  await editEntryCards(ctx, family, t, (texts) => {
    const summary = texts.t('tx-summary', summaryVars(ctx.deps, t, texts.locale));
    return `${summary}\n${p.cause === 'author' ? texts.t('card-withdrawn') : texts.t(WITHDRAWN_KEY[p.cause], { actor })}`;
  });
}

export async function transactionCorrected(ctx: JobContext, p: Payload<'transaction.corrected'>): Promise<void> {
  // The author's own correction is answered in their chat by the bot; others' are told here.
  if (p.actorId === p.authorId) return;
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.correctedId, p.familyId);
  if (!family || !t) return;
  const author = person(ctx.deps, p.authorId, family.locale);
  if (!author) return;
  const actor = nameOf(ctx.deps, p.actorId);
  const text = [ctx.texts.t(author.locale, 'notify-corrected', { actor, family: family.name }), ...detailLines(ctx, author.locale, t)].join('\n');
  await forEachLimited(author.chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, text));
      return { result: `message:${message.message_id}` };
    }),
  );
}

/** The "cannot be paid" notice's lines, from its outbox row (also the base of its retired copy). */
function unpaidLines(ctx: JobContext, locale: Locale, p: Payload<'recurring.unpaid'>): string[] {
  const tr = (key: string, vars?: Record<string, string | number>) => ctx.texts.t(locale, key, vars);
  const name = (w: { name: string; nameKey: string | null }) => displayName(w, locale);
  return [
    tr('notify-recurring-unpaid', {
      amount: formatMoney(p.amountMinor, p.currency, locale),
      date: calendarDay(locale, p.date),
      wallet: name(p.wallet),
      balance: formatMoney(p.wallet.balanceMinor, p.currency, locale),
    }),
    ...(p.description ? [tr('notify-line-description', { description: p.description })] : []),
    p.alternatives.length > 0
      ? tr('notify-recurring-unpaid-alternatives', { wallets: p.alternatives.map((w) => `${name(w)} (${formatMoney(w.balanceMinor, w.currency, locale)})`).join(', ') })
      : tr('notify-recurring-unpaid-none', { currency: p.currency }),
  ];
}

export async function recurringUnpaid(ctx: JobContext, p: Payload<'recurring.unpaid'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  if (!family) return;
  const creator = person(ctx.deps, p.userId, family.locale);
  if (!creator) return;
  const locale = creator.locale;
  const lines = unpaidLines(ctx, locale, p);
  await forEachLimited(creator.chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, lines.join('\n'), { reply_markup: unpaidKeyboard(ctx, locale, p) }));
      return { result: `message:${message.message_id}` };
    }),
  );
}

/**
 * A rule stopped (⏹ in /recurring, or by the scheduler): its "cannot be paid" notices whose date it
 * stopped at still offered [Pay from…]/[Skip], which could only be refused. Each is edited to its text
 * plus "⏹ This recurring transaction was stopped; nothing to pay or skip." without buttons, once. A
 * notice of a date the rule had moved past (paid or skipped) is left: a press says what happened.
 */
export async function retireUnpaidNotices(ctx: JobContext, ruleId: number): Promise<void> {
  const rule = ctx.deps.db.select().from(recurringRules).where(eq(recurringRules.id, ruleId)).get();
  const family = rule && familyInfo(ctx.deps, rule.familyId, ctx.defaultLocale);
  if (!rule || rule.active || !family) return;
  const notices = deliveredNoticesOfRule(ctx.deps.db, 'recurring.unpaid', ruleId).filter((n) => (JSON.parse(n.payload) as Payload<'recurring.unpaid'>).date >= rule.nextDate);
  await forEachLimited(notices, ctx.fanOut, (n) =>
    deliverOnce(ctx, `edit:${n.chatId}:${n.messageId}`, async () => {
      const locale = localeOfChat(ctx.deps, n.chatId, family.locale);
      const text = [...unpaidLines(ctx, locale, JSON.parse(n.payload) as Payload<'recurring.unpaid'>), '', ctx.texts.t(locale, 'recurring-unpaid-stopped')].join('\n');
      try {
        await ctx.sender.call((api) => api.editMessageText(n.chatId, n.messageId, text));
        return { result: 'edited' };
      } catch (err) {
        // A press got there first (the bot writes the same words under it).
        if (isNotModified(err)) return { result: 'unchanged' };
        throw err;
      }
    }),
  );
}

/** [💳 Pay from <wallet>] for each wallet that can pay, and [⏭ Skip this time] (handled by the bot's recurring feature). */
function unpaidKeyboard(ctx: JobContext, locale: Locale, p: Payload<'recurring.unpaid'>): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const w of p.alternatives.slice(0, 6)) {
    kb.text(ctx.texts.t(locale, 'recurring-unpaid-pay-from', { wallet: displayName(w, locale) }), callbackData.recurringPay(p.ruleId, p.date, w.walletId)).row();
  }
  return kb.text(ctx.texts.t(locale, 'recurring-unpaid-skip'), callbackData.recurringSkip(p.ruleId, p.date));
}
