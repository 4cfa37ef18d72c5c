// /recurring: the family's recurring rules, adding one step by step (kind →
// wallet → amount → category → frequency → first date) and stopping one.
// The core (domain/recurring) checks roles, dates and wallets; the jobs
// runner turns each due date into an ordinary transaction.
import { InlineKeyboard } from 'grammy';
import {
  FREQUENCIES,
  addDays,
  createRecurringRule,
  deactivateRecurringRule,
  listRecurringRules,
  localDate,
  type Frequency,
  type RecurringRule,
} from '../../domain/recurring/index.js';
import { can, getFamily, getWallet, listCategories, listWallets, parseHumanAmount } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb, idArg } from '../shared/callback-data.js';
import { loadNames, type Names } from '../shared/transaction-line.js';
import { ask, clearQuestion, questionState, setQuestion, type InputState, type ManageRouter } from '../shared/button-router.js';
import { say, show, type View } from '../shared/view.js';

type Kind = 'expense' | 'income';
const isKind = (v: unknown): v is Kind => v === 'expense' || v === 'income';

export async function showRecurring(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, recurringView(ctx, scope));
}

function ruleLine(ctx: BotContext, r: RecurringRule, names: Names): string {
  return ctx.t('manage-recurring-line', {
    kind: r.kind,
    amount: money(ctx, r.amountMinor, r.currency),
    category: r.categoryId !== null ? (names.category.get(r.categoryId) ?? ctx.t('manage-tx-archived-category')) : ctx.t('manage-tx-no-category'),
    wallet: names.wallet.get(r.walletId) ?? '?',
    frequency: r.frequency,
    next: r.nextDate,
  });
}

function recurringView(ctx: BotContext, scope: FamilyScope): View {
  const rules = listRecurringRules(ctx.app.deps, scope.userId, scope.familyId);
  const names = loadNames(ctx, scope);
  const keyboard = new InlineKeyboard();
  rules.forEach((r, i) => {
    // The core lets the creator or an owner/admin stop a rule; others see no button.
    if ((r.createdBy === scope.userId && can(scope.role, 'create_transaction')) || can(scope.role, 'manage_budgets')) {
      keyboard.text(ctx.t('manage-recurring-stop', { n: i + 1 }), cb('r', 'stop', r.id));
      if (i % 3 === 2) keyboard.row();
    }
  });
  keyboard.row();
  if (can(scope.role, 'create_transaction')) keyboard.text(ctx.t('manage-recurring-add'), cb('r', 'add'));
  const lines = rules.map((r, i) => `${i + 1}. ${ruleLine(ctx, r, names)}`);
  return { text: [ctx.t('manage-recurring-title'), '', ...(lines.length ? lines : [ctx.t('manage-recurring-empty')])].join('\n'), keyboard };
}

const draft = questionState;

const cancelRow = (ctx: BotContext, k: InlineKeyboard): InlineKeyboard => k.row().text(ctx.t('manage-cancel'), cb('x', 'cancel'));

async function askWallet(ctx: BotContext, scope: FamilyScope, kind: Kind): Promise<void> {
  const wallets = listWallets(ctx.app.deps, scope.userId, scope.familyId);
  if (wallets.length === 1 && wallets[0]) return askAmount(ctx, scope, { rk: kind, rw: wallets[0].id });
  setQuestion(ctx, 'rec-wallet', { rk: kind });
  const k = new InlineKeyboard();
  wallets.forEach((w, i) => {
    k.text(`${w.name} (${w.currency})`, cb('r', 'w', w.id));
    if (i % 2 === 1) k.row();
  });
  await show(ctx, { text: ctx.t('manage-recurring-ask-wallet'), keyboard: cancelRow(ctx, k) });
}

async function askAmount(ctx: BotContext, scope: FamilyScope, state: InputState): Promise<void> {
  const wallet = getWallet(ctx.app.deps, scope.userId, scope.familyId, Number(state['rw']));
  await ask(ctx, 'rec-amount', ctx.t('manage-recurring-ask-amount', { currency: wallet.currency, wallet: wallet.name }), { ...draft(ctx), ...state });
}

async function askCategory(ctx: BotContext, scope: FamilyScope, kind: Kind): Promise<void> {
  const cats = listCategories(ctx.app.deps, scope.userId, scope.familyId, { kind, usageBy: scope.userId });
  const k = new InlineKeyboard();
  cats.forEach((c, i) => {
    k.text(`${c.emoji ? `${c.emoji} ` : ''}${c.name}`, cb('r', 'c', c.id));
    if (i % 2 === 1) k.row();
  });
  k.row().text(ctx.t('manage-recurring-no-category'), cb('r', 'c', 0));
  await say(ctx, ctx.t('manage-recurring-ask-category'), cancelRow(ctx, k));
}

async function askDate(ctx: BotContext, scope: FamilyScope): Promise<void> {
  const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
  const today = localDate(ctx.app.deps.clock(), family.timezone);
  setQuestion(ctx, 'rec-date');
  const k = new InlineKeyboard().text(ctx.t('manage-recurring-today', { date: today }), cb('r', 'd', today));
  const tomorrow = addDays(today, 1);
  k.text(ctx.t('manage-recurring-tomorrow', { date: tomorrow }), cb('r', 'd', tomorrow));
  await show(ctx, { text: ctx.t('manage-recurring-ask-date'), keyboard: cancelRow(ctx, k) });
}

async function finish(ctx: BotContext, scope: FamilyScope, startDate: string): Promise<void> {
  const d = draft(ctx);
  if (d['q'] !== 'rec-date' || !isKind(d['rk']) || typeof d['rw'] !== 'number' || typeof d['ra'] !== 'number' || typeof d['rf'] !== 'string') {
    clearQuestion(ctx);
    await say(ctx, ctx.t('manage-stale-button'));
    return;
  }
  const rule = createRecurringRule(ctx.app.deps, scope.userId, {
    familyId: scope.familyId,
    kind: d['rk'],
    walletId: d['rw'],
    categoryId: typeof d['rc'] === 'number' && d['rc'] > 0 ? d['rc'] : null,
    amountMinor: d['ra'],
    frequency: d['rf'] as Frequency,
    startDate: startDate.trim(),
  });
  clearQuestion(ctx);
  const view = recurringView(ctx, scope);
  const names = loadNames(ctx, scope);
  await say(ctx, `${ctx.t('manage-recurring-created', { rule: ruleLine(ctx, rule, names) })}\n\n${view.text}`, view.keyboard);
}

export function registerRecurring(router: ManageRouter): void {
  router.button('r', 'l', (ctx, scope) => show(ctx, recurringView(ctx, scope)));
  router.button('r', 'add', async (ctx, scope) => {
    if (!can(scope.role, 'create_transaction')) return { alert: notAllowedText(ctx, scope.role) };
    clearQuestion(ctx);
    setQuestion(ctx, 'rec-kind');
    const k = new InlineKeyboard()
      .text(ctx.t('manage-recurring-kind', { kind: 'expense' }), cb('r', 'k', 'expense'))
      .text(ctx.t('manage-recurring-kind', { kind: 'income' }), cb('r', 'k', 'income'));
    await say(ctx, ctx.t('manage-recurring-ask-kind'), cancelRow(ctx, k));
  });
  router.button('r', 'k', async (ctx, scope, [kind]) => {
    if (draft(ctx)['q'] !== 'rec-kind' || !isKind(kind)) return ctx.t('manage-stale-button');
    await askWallet(ctx, scope, kind);
  });
  router.button('r', 'w', async (ctx, scope, [id]) => {
    const walletId = idArg(id);
    if (draft(ctx)['q'] !== 'rec-wallet' || !walletId) return ctx.t('manage-stale-button');
    await askAmount(ctx, scope, { rw: walletId });
  });
  router.input('rec-amount', async (ctx, scope, text, state) => {
    const wallet = getWallet(ctx.app.deps, scope.userId, scope.familyId, Number(state['rw']));
    const amount = parseHumanAmount(text, wallet.currency);
    const kind = state['rk'];
    if (!isKind(kind)) return clearQuestion(ctx);
    setQuestion(ctx, 'rec-category', { ra: amount });
    await askCategory(ctx, scope, kind);
  });
  router.button('r', 'c', async (ctx, _scope, [id]) => {
    if (draft(ctx)['q'] !== 'rec-category' || (id !== '0' && !idArg(id))) return ctx.t('manage-stale-button');
    setQuestion(ctx, 'rec-frequency', { rc: Number(id) });
    const k = new InlineKeyboard();
    for (const f of FREQUENCIES) k.text(ctx.t('manage-recurring-frequency', { frequency: f }), cb('r', 'f', f));
    await show(ctx, { text: ctx.t('manage-recurring-ask-frequency'), keyboard: cancelRow(ctx, k) });
  });
  router.button('r', 'f', async (ctx, scope, [f]) => {
    if (draft(ctx)['q'] !== 'rec-frequency' || !(FREQUENCIES as readonly string[]).includes(f ?? '')) return ctx.t('manage-stale-button');
    setQuestion(ctx, 'rec-frequency', { rf: f as string });
    await askDate(ctx, scope);
  });
  router.button('r', 'd', async (ctx, scope, [date]) => {
    if (draft(ctx)['q'] !== 'rec-date' || !date) return ctx.t('manage-stale-button');
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
    await finish(ctx, scope, date);
  });
  router.input('rec-date', (ctx, scope, text) => finish(ctx, scope, text));
  for (const q of ['rec-kind', 'rec-wallet', 'rec-category', 'rec-frequency']) {
    router.input(q, (ctx) => say(ctx, ctx.t('manage-use-buttons')));
  }
  router.button('r', 'stop', async (ctx, scope, [id]) => {
    const ruleId = idArg(id);
    if (!ruleId) return ctx.t('manage-stale-button');
    deactivateRecurringRule(ctx.app.deps, scope.userId, { familyId: scope.familyId, ruleId });
    await show(ctx, recurringView(ctx, scope));
    return ctx.t('manage-recurring-stopped');
  });
}
