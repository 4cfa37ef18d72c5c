// /settings: the person's language (anyone), and for owners and admins the
// family's currency, approval threshold and time zone, each asked in a
// conversation (shared/one-value.ts). Typed values go to the core unchanged;
// it checks zones and currency codes.
import { InlineKeyboard } from 'grammy';
import {
  can,
  getFamily,
  listThresholds,
  listWallets,
  setApprovalThreshold,
  setUserLocale,
  updateFamilySettings,
} from '../../domain/index.js';
import { LOCALES } from '../../config.js';
import type { BotContext, ConversationContext } from '../context.js';
import { money } from '../runtime/format.js';
import { refreshApp } from '../runtime/app-state.js';
import { isLocale } from '../runtime/i18n.js';
import { requireFamily, scopeInFamily, type FamilyScope } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb } from '../shared/callback-data.js';
import type { Convo } from '../shared/ask.js';
import { familyArg, type ButtonRouter } from '../shared/button-router.js';
import { askOneValue, type OneValue, type Outcome } from '../shared/one-value.js';
import { show, type View } from '../shared/view.js';
import { amountAnswerCurrencies, readAmountAnswer } from '../shared/amount-answer.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { nextRow, rowsOf } from '../../presentation/keyboard.js';

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB', 'UAH', 'KZT'];

/** In family `named` (a main menu's: the presser's scope there), else in the active one. */
export async function showSettings(ctx: BotContext, named?: FamilyScope): Promise<void> {
  const scope = named ?? (await requireFamily(ctx));
  if (scope) await show(ctx, settingsView(ctx, scope));
}

/**
 * The currencies an approval limit applies to: the family's own first, then the
 * other currencies its active wallets hold. A member's entry in a currency with
 * no limit always waits, so each one is shown and can be set.
 */
function limitCurrencies(ctx: BotContext, scope: FamilyScope, baseCurrency: string): string[] {
  const others = listWallets(ctx.app.deps, scope.userId, scope.familyId).map((w) => w.currency);
  return [baseCurrency, ...[...new Set(others)].filter((c) => c !== baseCurrency).sort()];
}

/** "$500.00 · EUR: every amount": each currency's limit, the family's own first and unlabelled as before. */
function thresholdsText(ctx: BotContext, scope: FamilyScope, baseCurrency: string): string {
  const limits = new Map(listThresholds(ctx.app.deps, scope.userId, scope.familyId).map((t) => [t.currency, t.amountMinor]));
  return limitCurrencies(ctx, scope, baseCurrency)
    .map((currency) => {
      const limit = limits.get(currency);
      if (limit !== undefined) return money(ctx, limit, currency);
      return currency === baseCurrency ? ctx.t('manage-settings-threshold-none') : ctx.t('manage-settings-threshold-none-in', { currency });
    })
    .join(' · ');
}

function settingsView(ctx: BotContext, scope: FamilyScope): View {
  const deps = ctx.app.deps;
  const family = getFamily(deps, scope.userId, scope.familyId);
  const text = ctx.t('manage-settings-summary', {
    language: ctx.t('manage-language-name', { locale: ctx.app.locale }),
    family: family.name,
    currency: family.baseCurrency,
    threshold: thresholdsText(ctx, scope, family.baseCurrency),
    timezone: family.timezone,
    familyLanguage: ctx.t('manage-language-name', { locale: family.locale }),
  });
  const keyboard = new InlineKeyboard().text(ctx.t('manage-settings-language'), cb('s', 'lang')).row();
  if (can(scope.role, 'manage_settings')) {
    keyboard
      .text(ctx.t('manage-settings-currency'), cb('s', 'cur', familyArg(scope.familyId)))
      .text(ctx.t('manage-settings-threshold'), cb('s', 'thr', familyArg(scope.familyId)))
      .row()
      .text(ctx.t('manage-settings-timezone'), cb('s', 'tz', familyArg(scope.familyId)))
      // The button names the value it sets (1: incomes wait, 0: they don't), so a double tap sets it once.
      .text(ctx.t('manage-settings-incomes', { on: family.incomesNeedApproval ? 'yes' : 'no' }), cb('s', 'inc', family.incomesNeedApproval ? '0' : '1', familyArg(scope.familyId)))
      .row()
      .text(ctx.t('manage-settings-family-language'), cb('s', 'flang', familyArg(scope.familyId)));
  }
  return { text, keyboard };
}

export function registerSettings(router: ButtonRouter): void {
  router.button('s', 'v', (ctx, scope) => show(ctx, settingsView(ctx, scope)));

  router.button('s', 'lang', async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const locale of LOCALES) keyboard.text(ctx.t('manage-language-name', { locale }), cb('s', 'l', locale));
    nextRow(keyboard).text(ctx.t('manage-back'), cb('s', 'v'));
    await show(ctx, { text: ctx.t('manage-settings-choose-language'), keyboard });
  });
  router.button('s', 'l', async (ctx, scope, [locale]) => {
    if (!isLocale(locale)) return ctx.t('manage-stale-button');
    setUserLocale(ctx.app.deps, scope.userId, locale);
    // ctx.t follows ctx.app.locale: re-read it so this very reply is in the new language.
    await refreshApp(ctx);
    const view = settingsView(ctx, scope);
    await show(ctx, { text: `${ctx.t('manage-language-changed')}\n\n${view.text}`, ...(view.keyboard ? { keyboard: view.keyboard } : {}) });
  });

  // The family's language: the family group's shared messages (approval and join cards, the pinned
  // summary) are written in it. Set at creation from the creator's language; owners and admins change it
  // here (each person's own language is the button above). The summary follows at once: a press in a
  // private chat refreshes it (groups/gate.ts).
  router.button('s', 'flang', async (ctx, scope) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    const keyboard = new InlineKeyboard();
    for (const locale of LOCALES) keyboard.text(ctx.t('manage-language-name', { locale }), cb('s', 'fl', locale, familyArg(scope.familyId)));
    nextRow(keyboard).text(ctx.t('manage-back'), cb('s', 'v', familyArg(scope.familyId)));
    await show(ctx, { text: ctx.t('manage-settings-choose-family-language'), keyboard });
  });
  router.button('s', 'fl', async (ctx, scope, [locale]) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    if (!isLocale(locale)) return ctx.t('manage-stale-button');
    updateFamilySettings(ctx.app.deps, scope.userId, { familyId: scope.familyId, locale });
    const view = settingsView(ctx, scope);
    const changed = ctx.t('manage-family-language-changed', { language: ctx.t('manage-language-name', { locale }) });
    await show(ctx, { text: `${changed}\n\n${view.text}`, ...(view.keyboard ? { keyboard: view.keyboard } : {}) });
  });

  // Whether members' incomes wait for approval too (default: they don't). The
  // button carries the value it sets, so pressing it twice (or two admins at
  // once) sets that value once; a button from before it carried one
  // (`m1:s:inc`) changes nothing and shows the settings as they are.
  router.button('s', 'inc', async (ctx, scope, [value]) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    if (value !== '0' && value !== '1') {
      await show(ctx, settingsView(ctx, scope));
      return ctx.t('manage-stale-button');
    }
    const on = value === '1';
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    if (family.incomesNeedApproval !== on) updateFamilySettings(ctx.app.deps, scope.userId, { familyId: scope.familyId, incomesNeedApproval: on });
    await show(ctx, settingsView(ctx, scope));
    return ctx.t('manage-settings-incomes-changed', { on: on ? 'yes' : 'no' });
  });

  // Currency, approval limit, time zone: one question each, asked in a conversation.
  for (const [action, field] of [['cur', 'currency'], ['thr', 'threshold'], ['tz', 'timezone']] as const) {
    router.button('s', action, async (ctx, scope) => {
      if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
      await leaveOpenFlows(ctx);
      // The question is about the family the screen was about (its button names it), also after a /family switch.
      await ctx.conversation.enter(SETTINGS_CONVERSATION, field, scope.familyId);
    });
  }
}

export const SETTINGS_CONVERSATION = 'settings-value';
export type SettingsField = 'currency' | 'threshold' | 'timezone';

/** What a changed setting replies: the confirmation, then the settings screen again (of the family changed). */
function changed(outer: BotContext, scope: FamilyScope, message: string): Outcome {
  const view = settingsView(outer, scope);
  return { ok: true, text: `${message}\n\n${view.text}`, keyboard: (view.keyboard ? rowsOf(view.keyboard) : []) };
}

const P = 'st';

function settingsQuestion(field: SettingsField, familyId: number | undefined): OneValue {
  return {
    prefix: P,
    amountStep: field === 'threshold',
    question(outer) {
      const scope = scopeInFamily(outer, familyId);
      if (!scope) return { refused: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
      if (!can(scope.role, 'manage_settings')) return { refused: notAllowedText(outer, scope.role) };
      const family = getFamily(outer.app.deps, scope.userId, scope.familyId);
      if (field === 'currency') {
        const choices = COMMON_CURRENCIES.filter((c) => c !== family.baseCurrency);
        const rows = [choices.slice(0, 3), choices.slice(3)].map((row) => row.map((c) => ({ text: c, callback_data: `${P}:v:${c}` })));
        return { prompt: outer.t('manage-settings-ask-currency', { currency: family.baseCurrency }), keyboard: rows, familyId: scope.familyId };
      }
      if (field === 'threshold') {
        const others = limitCurrencies(outer, scope, family.baseCurrency).slice(1);
        const ask = outer.t('manage-settings-ask-threshold', { currency: family.baseCurrency });
        if (others.length === 0) return { prompt: ask, familyId: scope.familyId };
        return { prompt: `${ask}\n${outer.t('manage-settings-ask-threshold-other', { currencies: others.join(', '), example: others[0] ?? '' })}`, familyId: scope.familyId };
      }
      return { prompt: outer.t('manage-settings-ask-timezone', { timezone: family.timezone }), familyId: scope.familyId };
    },
    apply(outer, value) {
      // The person's role in the family now: the core checks it; one no longer in it has nothing left to answer.
      const scope = scopeInFamily(outer, familyId);
      if (!scope) return { ok: false, final: true, text: outer.t(familyId === undefined ? 'start-no-family' : 'conv-not-in-family') };
      const deps = outer.app.deps;
      if (field === 'currency') {
        const family = updateFamilySettings(deps, scope.userId, { familyId: scope.familyId, baseCurrency: value });
        return changed(outer, scope, outer.t('manage-settings-currency-changed', { currency: family.baseCurrency }));
      }
      if (field === 'timezone') {
        const family = updateFamilySettings(deps, scope.userId, { familyId: scope.familyId, timezone: value });
        return changed(outer, scope, outer.t('manage-settings-timezone-changed', { timezone: family.timezone }));
      }
      const family = getFamily(deps, scope.userId, scope.familyId);
      // The limit is in the family's currency unless the answer names another one its wallets hold
      // ("100 EUR"); a currency it holds none of is refused ("$50" may be USD or CAD: the one it holds).
      const held = limitCurrencies(outer, scope, family.baseCurrency);
      const named = amountAnswerCurrencies(value);
      const currency = named === undefined ? family.baseCurrency : named.find((c) => held.includes(c));
      if (currency === undefined) return { ok: false, text: outer.t('manage-settings-threshold-no-wallet', { named: named?.[0] ?? '', currencies: held.join(', ') }) };
      // Only an amount: "12 bus" (a note with no place here) and a minus are refused.
      const read = readAmountAnswer(value, currency, { allowZero: true });
      if (!read.ok) return { ok: false, text: outer.t(read.error.key, read.error.vars) };
      const amountMinor = read.minor;
      setApprovalThreshold(deps, scope.userId, { familyId: scope.familyId, currency, amountMinor });
      return changed(outer, scope, outer.t('manage-settings-threshold-changed', { amount: money(outer, amountMinor, currency) }));
    },
  };
}

/**
 * One setting of family `familyId` (the settings screen's; the active family when not given: a conversation
 * stored before it was passed), whichever family is active when it is answered.
 */
export async function settingsConversation(conversation: Convo, ctx: ConversationContext, field: SettingsField, familyId?: number): Promise<void> {
  await askOneValue(conversation, ctx, settingsQuestion(field, familyId));
}
