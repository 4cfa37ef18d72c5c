// /start: creates the person on first contact, then either joins a family
// through an invite deep link (`/start i…`), shows the main menu to someone
// who has a family, or asks a newcomer for a family name, its currency and the
// cash they hold now (the Cash wallet's opening balance, an entry of its own
// kind so the ledger stays whole: every balance is a sum of transactions).
import type { Composer} from 'grammy';
import { InlineKeyboard } from 'grammy';
import { can, createFamily, currencyExponent, ensureTelegramUser, fieldOf, getActiveFamilyId, getFamily, isCurrencyCode, isDomainError, joinFamily, listFamiliesForUser, listThresholds } from '../../domain/index.js';
import { money } from '../runtime/format.js';
import type { BotContext, ConversationContext } from '../context.js';
import { refreshApp } from '../runtime/app-state.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { errorText } from '../shared/replies.js';
import { ask, navRow, noticeBoard, type Convo } from '../shared/ask.js';
import { sendMainMenu, type MainMenu } from '../menu/main-menu.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { requestKeyOf } from '../shared/request-key.js';

export const ONBOARDING_CONVERSATION = 'onboarding';
const P = 'ob';
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB'];

type Step = 'name' | 'currency' | 'balance' | 'save';
/** The question that asks for each field createFamily may refuse. */
const STEP_OF_FIELD: Record<string, Step> = { name: 'name', baseCurrency: 'currency', currency: 'currency', opening_balance: 'balance' };

export function onboardingConversation(menu: MainMenu) {
  return async function onboarding(conversation: Convo, ctx: ConversationContext): Promise<void> {
    const setup = await conversation.external((outer) => ({ defaultCurrency: outer.app.config.defaults.currency }));
    const t = ctx.t;
    let step: Step = 'name';
    let name = '';
    let currency = '';
    let opening = 0;
    // Set once the core refused one answer at save time: the corrected answer saves at once, the other answers kept.
    let refused = false;
    const notice = noticeBoard();
    for (;;) {
      let answer;
      if (step === 'save') {
        const input = { name, currency, opening };
        const created = await conversation.external((outer) => createFamilyFor(outer, menu, input));
        if (created.ok) return;
        notice.set(created.text);
        step = STEP_OF_FIELD[created.field] ?? 'balance';
        refused = true;
        continue;
      }
      if (step === 'name') {
        answer = await ask(conversation, ctx, P, { text: notice.with(`${t('onboarding-welcome')}\n\n${t('onboarding-ask-name')}`), keyboard: navRow(new InlineKeyboard(), t, P) });
        if (answer.type === 'text') {
          const typed = answer.text.trim().replace(/\s+/g, ' ');
          if (!typed || typed.length > 64) notice.set(t('errors-name'));
          else {
            name = typed;
            step = refused ? 'save' : 'currency';
          }
          continue;
        }
      } else if (step === 'currency') {
        const kb = new InlineKeyboard();
        for (const c of [...new Set([setup.defaultCurrency, ...COMMON_CURRENCIES])]) kb.text(c, `${P}:c:${c}`);
        answer = await ask(conversation, ctx, P, { text: notice.with(t('onboarding-ask-currency', { family: name })), keyboard: navRow(kb, t, P, { back: true }) });
        const picked = answer.type === 'button' && answer.action === 'c' ? answer.arg : answer.type === 'text' ? answer.text.trim().toUpperCase() : undefined;
        if (picked !== undefined) {
          if (isCurrencyCode(picked)) {
            // The cash was typed in the old currency: a new one asks for it again.
            step = refused && picked === currency ? 'save' : 'balance';
            currency = picked;
          } else notice.set(t('errors-currency'));
          continue;
        }
        if (answer.type === 'button' && answer.action === 'b') {
          step = 'name';
          continue;
        }
      } else {
        // An amount question: "5000 руб" or "$500" is the cash, never a quick entry (there is no family to record it in yet).
        answer = await ask(conversation, ctx, P, { text: notice.with(t('onboarding-ask-balance', { currency })), keyboard: navRow(new InlineKeyboard(), t, P, { back: true, skip: true }) }, { amountStep: true });
        let given: number | undefined;
        if (answer.type === 'text') {
          // Cash is never below zero; a currency other than the family's is refused, not read as this one.
          const read = readAmountAnswer(answer.text, currency, { allowZero: true });
          if (!read.ok) {
            notice.set(t(read.error.key, read.error.vars));
            continue;
          }
          given = read.minor;
        } else if (answer.type === 'button' && answer.action === 's') given = 0;
        else if (answer.type === 'button' && answer.action === 'b') {
          step = 'currency';
          continue;
        }
        if (given !== undefined) {
          opening = given;
          step = 'save';
          continue;
        }
      }
      if (answer.type === 'cancel') {
        await ctx.reply(t('onboarding-cancelled'));
        return;
      }
      notice.set(t('conv-use-buttons'));
    }
  };
}

/** Creates the family and shows the main menu; the core's refusal (its field and localized text) otherwise. */
async function createFamilyFor(outer: BotContext, menu: MainMenu, input: { name: string; currency: string; opening: number }): Promise<{ ok: true } | { ok: false; field: string; text: string }> {
  const { deps, user, locale } = outer.app;
  if (!user) throw new Error('onboarding without a user');
  // After a crash the same update may run this again: never make a second family.
  // One core call creates the family, its defaults and the Cash wallet's opening balance.
  if (getActiveFamilyId(deps, user.id) === null) {
    try {
      createFamily(deps, user.id, { name: input.name, baseCurrency: input.currency, locale, openingBalanceMinor: input.opening, origin: outer.chat ? `chat:${outer.chat.id}` : null });
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return { ok: false, field: fieldOf(e), text: errorText(outer, e) };
    }
  }
  await refreshApp(outer);
  await sendMainMenu(outer, menu, [outer.t('onboarding-done', { family: input.name }), limitLine(outer, user.id)].filter(Boolean).join('\n'));
  return { ok: true };
}

/** The approval limit the new family starts with (it depends on the currency), so the owner knows it and where to change it. */
function limitLine(ctx: BotContext, userId: number): string | undefined {
  const familyId = ctx.app.familyId;
  if (familyId === null) return undefined;
  const { baseCurrency } = getFamily(ctx.app.deps, userId, familyId);
  const limit = listThresholds(ctx.app.deps, userId, familyId).find((t) => t.currency === baseCurrency);
  return limit && ctx.t('onboarding-limit', { amount: money(ctx, limit.amountMinor, baseCurrency) });
}

export function createOnboardingFeature(menu: MainMenu): Composer<BotContext> {
  const feature = new FlatComposer<BotContext>();
  feature.command('start', async (ctx) => {
    const from = ctx.from;
    if (!from) return;
    const { deps } = ctx.app;
    ensureTelegramUser(deps, { chatId: ctx.chat.id, telegramUserId: from.id, username: from.username ?? null, firstName: from.first_name, languageCode: from.language_code ?? null });
    await refreshApp(ctx);
    const user = ctx.app.user;
    if (!user) return;
    const payload = ctx.match.trim();
    if (/^i[A-Za-z0-9_-]{4,}$/.test(payload)) {
      await leaveOpenFlows(ctx);
      // Keyed by the /start message: the same message handled again (after a crash) is told it joined, as the first time.
      const joined = joinFamily(deps, user.id, payload, { requestKey: requestKeyOf(ctx) });
      await refreshApp(ctx);
      const key = joined.alreadyMember ? 'start-already-member' : 'start-joined';
      let text = ctx.t(key, { family: joined.familyName, role: ctx.t(`role-${joined.role}`) });
      // Joining makes the new family the working one: someone with another family must know where entries go now.
      if (!joined.alreadyMember && listFamiliesForUser(deps, user.id).length > 1) text += `\n${ctx.t('start-joined-elsewhere', { family: joined.familyName })}`;
      // A newcomer who may record learns the one-message way first, not the menu's five steps.
      if (!joined.alreadyMember && can(joined.role, 'create_transaction')) {
        const { baseCurrency } = getFamily(deps, user.id, joined.familyId);
        text += `\n${ctx.t('quick-hint', { exponent: currencyExponent(baseCurrency) })}`;
      }
      await sendMainMenu(ctx, menu, text);
      return;
    }
    if (ctx.app.familyId !== null) {
      await sendMainMenu(ctx, menu, ctx.t('start-welcome-back', { name: user.name }));
      return;
    }
    await leaveOpenFlows(ctx);
    await ctx.conversation.enter(ONBOARDING_CONVERSATION);
  });
  return feature;
}
