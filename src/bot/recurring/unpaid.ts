// [Pay from <wallet>] / [Skip this time] under "the recurring entry cannot be
// paid" (sent by the jobs, recurring.unpaid). Both are idempotent in the core:
// a second press, or a press after the other one, says what already happened;
// the same press handled again after a crash (its key) is answered as the first
// time. A press after the rule was stopped says so and takes the buttons off
// the notice.
import { isDomainError, payRecurringFrom, skipRecurringOccurrence, type UnpaidOutcome } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { errorTranslation } from '../shared/replies.js';
import { requireUser } from '../runtime/guards.js';
import { expandDate } from '../shared/callback-data.js';
import { resultText } from '../shared/transaction-text.js';
import { balancesVisible, cardTexts } from '../shared/visibility.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { requestKeyOf } from '../shared/request-key.js';

export const unpaidRecurringFeature = new FlatComposer<BotContext>();

// The rule's own family, not the active one: the notice may be answered after the person switched
// families (the core checks their membership and role in the rule's family).
async function settle(ctx: BotContext, run: (userId: number) => UnpaidOutcome): Promise<void> {
  const userId = await requireUser(ctx);
  if (userId === undefined) return;
  const { deps, locale } = ctx.app;
  let done: UnpaidOutcome;
  try {
    done = run(userId);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const tr = errorTranslation(e, locale, '', balancesVisible(ctx));
    if (tr.key === 'errors-rule-stopped') {
      // The rule was stopped since the notice was sent: its buttons can never act again, so they go, and the
      // notice says why (a toast for the press; the text stays for whoever looks at the notice later).
      await ctx.answerCallbackQuery({ text: ctx.t(tr.key, tr.vars) });
      await ctx.editMessageText(`${ctx.callbackQuery?.message?.text ?? ''}\n\n${ctx.t('recurring-unpaid-stopped')}`).catch(() => undefined);
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t(tr.key, tr.vars), show_alert: true });
    return;
  }
  const line = ctx.t(`recurring-unpaid-${done.outcome}`);
  await ctx.answerCallbackQuery({ text: line });
  const paid = done.transaction ? `\n${resultText(deps, done.transaction, cardTexts(ctx))}` : '';
  const original = ctx.callbackQuery?.message?.text ?? '';
  await ctx.editMessageText(`${original}\n\n${line}${paid}`).catch(() => undefined);
}

unpaidRecurringFeature.callbackQuery(/^rp:(\d+):(\d{8}):(\d+)$/, (ctx) =>
  settle(ctx, (userId) => payRecurringFrom(ctx.app.deps, userId, { ruleId: Number(ctx.match[1]), date: expandDate(ctx.match[2] as string), walletId: Number(ctx.match[3]), requestKey: requestKeyOf(ctx) })),
);

unpaidRecurringFeature.callbackQuery(/^rs:(\d+):(\d{8})$/, (ctx) =>
  settle(ctx, (userId) => skipRecurringOccurrence(ctx.app.deps, userId, { ruleId: Number(ctx.match[1]), date: expandDate(ctx.match[2] as string), requestKey: requestKeyOf(ctx) })),
);
