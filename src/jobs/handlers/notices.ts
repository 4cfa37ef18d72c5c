// One-way notices: a reversal to the person whose transaction it was, a new
// member to the people who manage members (binding notices: binding.ts),
// a removed member to themselves, a recurring entry to the family, a budget
// alert to the spender and the approvers.
import { eq } from 'drizzle-orm';
import type { Locale } from '../../config.js';
import { categories, recurringRules, wallets } from '../../db/schema.js';
import { budgetAlertStands, can, displayName, formatMoney, getActiveFamilyId, type OutboxMessage, type Transaction } from '../../domain/index.js';
import { retireApproverCards } from './approvals.js';
import { retireUnpaidNotices } from './core-notices.js';
import { deliverOnce, forEachLimited, type JobContext } from './context.js';
import { familyInfo, memberIn, membersOf, nameOf, person, transactionView, type FamilyInfo } from './recipients.js';
import { cardMarkup } from '../../presentation/card.js';
import { categoryLabel, summaryVars } from '../../presentation/transaction-text.js';
import { callbackData } from '../../presentation/callback-data.js';
import { InlineKeyboard } from 'grammy';
import { percent } from '../../presentation/percent.js';
import { detailLines, readerTexts } from './render.js';
import { calendarDay, monthName } from '../../presentation/dates.js';

type Payload<T extends OutboxMessage['topic']> = Extract<OutboxMessage, { topic: T }>['payload'];
type Reader = { chatIds: number[]; locale: Locale };

/** Sends each reader, in their language, the text `render` makes for it; once per chat. */
async function tell(ctx: JobContext, readers: readonly Reader[], render: (locale: Locale) => string): Promise<void> {
  const targets = readers.flatMap((r) => r.chatIds.map((chatId) => ({ chatId, locale: r.locale })));
  const seen = new Set<number>();
  const unique = targets.filter((x) => !seen.has(x.chatId) && seen.add(x.chatId));
  await forEachLimited(unique, ctx.fanOut, ({ chatId, locale }) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, render(locale)));
      return { result: `message:${message.message_id}` };
    }),
  );
}

export async function transactionReversed(ctx: JobContext, p: Payload<'transaction.reversed'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  const owner = person(ctx.deps, t.createdBy, family.locale);
  if (!owner) return;
  const actor = nameOf(ctx.deps, p.actorId);
  await tell(ctx, [owner], (locale) =>
    [
      ctx.texts.t(locale, 'notify-reversed', { actor, family: family.name }),
      ...detailLines(ctx, locale, t),
      ...(t.reason ? [ctx.texts.t(locale, 'notify-line-reason', { reason: t.reason })] : []),
    ].join('\n'),
  );
}

export async function memberJoined(ctx: JobContext, p: Payload<'member.joined'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  if (!family) return;
  const members = membersOf(ctx.deps, family);
  const joined = members.find((m) => m.userId === p.userId);
  if (!joined) return; // left again before we got to it
  const managers = members.filter((m) => m.userId !== p.userId && (m.role === 'owner' || m.role === 'admin'));
  await tell(ctx, managers, (locale) =>
    ctx.texts.t(locale, 'notify-member-joined', { name: joined.name, family: family.name, role: ctx.texts.t(locale, `notify-role-${joined.role}`) }),
  );
}

// Someone an owner or admin removed from a family hears who did it and where the bot works for them
// now (read when sent: their other family, named with /family to switch, or none and /start).
// Without it their next quick entry went to another family, or to the onboarding, without a word.
export async function memberRemoved(ctx: JobContext, p: Payload<'member.removed'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  if (!family || memberIn(ctx.deps, family, p.userId)) return; // gone, or invited back before we got to it
  // An owner or admin removed: the request cards in their chats stop offering ✅/❌.
  await retireApproverCards(ctx, p.familyId, p.userId);
  const removed = person(ctx.deps, p.userId, family.locale);
  if (!removed) return;
  const actor = nameOf(ctx.deps, p.actorId);
  const activeId = getActiveFamilyId(ctx.deps, p.userId);
  const active = activeId === null ? undefined : familyInfo(ctx.deps, activeId, family.locale);
  await tell(ctx, [removed], (locale) =>
    [
      ctx.texts.t(locale, 'notify-member-removed', { actor, family: family.name }),
      active ? ctx.texts.t(locale, 'notify-member-removed-elsewhere', { family: active.name }) : ctx.texts.t(locale, 'notify-member-removed-none'),
    ].join('\n'),
  );
}

export async function recurringCreated(ctx: JobContext, p: Payload<'recurring.created'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  if (family && p.transactionIds && p.transactionIds.length > 1) return recurringCaughtUp(ctx, family, p.transactionIds);
  const t = transactionView(ctx.deps, p.transactionId, p.familyId);
  if (!family || !t) return;
  // The occurrence date is the last part of the idempotency key recurring:<ruleId>:<date>.
  const date = t.idempotencyKey?.split(':')[2] ?? '';
  const render = (locale: Locale) =>
    [
      ctx.texts.t(locale, 'notify-recurring-created', { date: calendarDay(locale, date), family: family.name }),
      ...detailLines(ctx, locale, t),
      ...(t.status === 'pending_approval' ? [ctx.texts.t(locale, 'notify-recurring-pending')] : []),
    ].join('\n');
  const members = membersOf(ctx.deps, family);
  await tell(
    ctx,
    members.filter((m) => m.userId !== t.createdBy),
    render,
  );
  // The rule's author gets the notice with the entry's card buttons (Undo, Change category/wallet; Withdraw while it waits).
  const author = members.find((m) => m.userId === t.createdBy);
  if (!author) return;
  const buttons = cardMarkup(readerTexts(ctx, author.locale).t, t);
  await forEachLimited(author.chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, render(author.locale), buttons));
      return { result: `message:${message.message_id}` };
    }),
  );
}

/** A button per entry fits Telegram's keyboard this many times; past it, /history has them all. */
const CAUGHT_UP_BUTTONS = 30;

// Occurrences of one rule the scheduler recorded in one run (catching up after downtime): one notice
// listing them, not one each (a rule missed for ten days was ten messages to every member). The rule's
// author gets a [🔎 <date>] button per entry, which brings that entry's card (Undo, Change category or
// wallet, Withdraw while it waits) as a new message, the list staying.
async function recurringCaughtUp(ctx: JobContext, family: FamilyInfo, ids: number[]): Promise<void> {
  const entries = ids.map((id) => transactionView(ctx.deps, id, family.id)).filter((t) => t !== undefined);
  const first = entries[0];
  if (!first) return;
  // The occurrence date is the last part of the idempotency key recurring:<ruleId>:<date>.
  const dateOf = (t: Transaction) => t.idempotencyKey?.split(':')[2] ?? '';
  const render = (locale: Locale) =>
    [
      ctx.texts.t(locale, 'notify-recurring-caught-up', { count: entries.length, family: family.name }),
      ...entries.map((t) => {
        const line = `• ${calendarDay(locale, dateOf(t))}: ${ctx.texts.t(locale, 'tx-summary', summaryVars(ctx.deps, t, locale))}`;
        return t.status === 'pending_approval' ? `${line} ⏳` : line;
      }),
      ...(entries.some((t) => t.status === 'pending_approval') ? [ctx.texts.t(locale, 'notify-recurring-caught-up-pending')] : []),
    ].join('\n');
  const members = membersOf(ctx.deps, family);
  await tell(ctx, members.filter((m) => m.userId !== first.createdBy), render);
  const author = members.find((m) => m.userId === first.createdBy);
  if (!author) return;
  const kb = new InlineKeyboard();
  entries.slice(0, CAUGHT_UP_BUTTONS).forEach((t, i) => {
    kb.text(ctx.texts.t(author.locale, 'notify-recurring-caught-up-open', { date: calendarDay(author.locale, dateOf(t), { year: false }) }), callbackData.openEntry(t.id, family.id));
    if (i % 3 === 2) kb.row();
  });
  await forEachLimited(author.chatIds, ctx.fanOut, (chatId) =>
    deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, render(author.locale), { reply_markup: kb }));
      return { result: `message:${message.message_id}` };
    }),
  );
}

// A rule the scheduler stopped (its wallet or category archived, its creator no longer
// able to record entries): the creator, if still in the family, and the people who manage
// the family's budgets hear that nothing was recorded and why; once per chat.
export async function recurringStopped(ctx: JobContext, p: Payload<'recurring.stopped'>): Promise<void> {
  // Its notices of a date it could not pay stop offering to pay or skip.
  await retireUnpaidNotices(ctx, p.ruleId);
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const rule = ctx.deps.db.select().from(recurringRules).where(eq(recurringRules.id, p.ruleId)).get();
  if (!family || !rule || rule.familyId !== family.id) return;
  const wallet = ctx.deps.db.select({ name: wallets.name, nameKey: wallets.nameKey }).from(wallets).where(eq(wallets.id, rule.walletId)).get();
  const category = rule.categoryId !== null ? ctx.deps.db.select({ name: categories.name, nameKey: categories.nameKey }).from(categories).where(eq(categories.id, rule.categoryId)).get() : undefined;
  const readers = membersOf(ctx.deps, family).filter((m) => m.userId === rule.createdBy || can(m.role, 'manage_budgets'));
  const creator = nameOf(ctx.deps, rule.createdBy);
  await tell(ctx, readers, (locale) => {
    const why =
      p.cause === 'wallet_archived' && wallet
        ? ctx.texts.t(locale, 'notify-recurring-stopped-wallet', { wallet: displayName(wallet, locale) })
        : p.cause === 'category_archived' && category
          ? ctx.texts.t(locale, 'notify-recurring-stopped-category', { category: displayName(category, locale) })
          : p.cause === 'creator'
            ? ctx.texts.t(locale, 'notify-recurring-stopped-creator', { name: creator })
            : ctx.texts.t(locale, 'notify-recurring-stopped-other');
    return [
      ctx.texts.t(locale, 'notify-recurring-stopped', { kind: rule.kind, amount: formatMoney(rule.amountMinor, rule.currency, locale), date: calendarDay(locale, p.date), family: family.name, why }),
      ...(rule.description ? [ctx.texts.t(locale, 'notify-line-description', { description: rule.description })] : []),
      ctx.texts.t(locale, 'notify-recurring-stopped-again'),
    ].join('\n');
  });
}


// A budget alert goes to the person whose expense crossed the level and to
// the approvers (owners, admins): once per crossing, one message per chat.
// It is weighed again first: an expense undone or corrected since the alert
// was queued, or a budget removed, drops it (budgetAlertStands).
export async function budgetThreshold(ctx: JobContext, p: Payload<'budget.threshold'>): Promise<void> {
  const family = familyInfo(ctx.deps, p.familyId, ctx.defaultLocale);
  const standing = family ? budgetAlertStands(ctx.deps.db, p) : undefined;
  if (!family || !standing) return;
  const { budget, limitMinor } = standing;
  const category = budget.categoryId !== null ? ctx.deps.db.select().from(categories).where(eq(categories.id, budget.categoryId)).get() : undefined;
  const members = membersOf(ctx.deps, family);
  const spender = p.spenderId ? members.find((m) => m.userId === p.spenderId) : undefined;
  const readers = members.filter((m) => m.userId === spender?.userId || can(m.role, 'approve_transaction'));
  await tell(ctx, readers, (locale) =>
    [
      ctx.texts.t(locale, 'notify-budget-threshold', {
        // A default category in the reader's language ("🛒 Продукты"), as on their cards; a typed one as typed.
        budget: category ? categoryLabel(category, locale) : ctx.texts.t(locale, 'notify-budget-all'),
        percent: percent(locale, p.percent, 100),
        period: monthName(locale, p.period),
      }),
      ctx.texts.t(locale, 'notify-budget-limit', {
        amount: formatMoney(limitMinor, budget.currency, locale),
        period: ctx.texts.t(locale, `notify-period-${budget.period}`),
      }),
      ...(spender ? [ctx.texts.t(locale, 'notify-budget-spent-by', { name: spender.name })] : []),
    ].join('\n'),
  );
}
