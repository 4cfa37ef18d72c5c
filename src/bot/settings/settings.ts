// /settings: the person's language (anyone), and for owners and admins the
// family's currency, approval threshold and time zone. Typed values go to the
// core unchanged; it parses amounts and checks zones and currency codes.
import { InlineKeyboard } from 'grammy';
import {
  can,
  getFamily,
  listThresholds,
  parseHumanAmount,
  setApprovalThreshold,
  setUserLocale,
  updateFamilySettings,
} from '../../domain/index.js';
import { LOCALES } from '../../config.js';
import type { BotContext } from '../context.js';
import { money } from '../runtime/format.js';
import { refreshApp } from '../runtime/app-state.js';
import { isLocale } from '../runtime/i18n.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { notAllowedText } from '../shared/replies.js';
import { cb } from '../shared/callback-data.js';
import { ask, clearQuestion, type ManageRouter } from '../shared/button-router.js';
import { say, show, type View } from '../shared/view.js';

const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB', 'UAH', 'KZT'];

export async function showSettings(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (scope) await show(ctx, settingsView(ctx, scope));
}

function settingsView(ctx: BotContext, scope: FamilyScope): View {
  const deps = ctx.app.deps;
  const family = getFamily(deps, scope.userId, scope.familyId);
  const threshold = listThresholds(deps, scope.userId, scope.familyId).find((t) => t.currency === family.baseCurrency);
  const text = ctx.t('manage-settings-summary', {
    language: ctx.t('manage-language-name', { locale: ctx.app.locale }),
    family: family.name,
    currency: family.baseCurrency,
    threshold: threshold ? money(ctx, threshold.amountMinor, threshold.currency) : ctx.t('manage-settings-threshold-none'),
    timezone: family.timezone,
  });
  const keyboard = new InlineKeyboard().text(ctx.t('manage-settings-language'), cb('s', 'lang')).row();
  if (can(scope.role, 'manage_settings')) {
    keyboard
      .text(ctx.t('manage-settings-currency'), cb('s', 'cur'))
      .text(ctx.t('manage-settings-threshold'), cb('s', 'thr'))
      .row()
      .text(ctx.t('manage-settings-timezone'), cb('s', 'tz'));
  }
  return { text, keyboard };
}

async function afterFamilyChange(ctx: BotContext, scope: FamilyScope, message: string): Promise<void> {
  clearQuestion(ctx);
  const view = settingsView(ctx, scope);
  await say(ctx, `${message}\n\n${view.text}`, view.keyboard);
}

export function registerSettings(router: ManageRouter): void {
  router.button('s', 'v', (ctx, scope) => show(ctx, settingsView(ctx, scope)));

  router.button('s', 'lang', async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const locale of LOCALES) keyboard.text(ctx.t('manage-language-name', { locale }), cb('s', 'l', locale));
    keyboard.row().text(ctx.t('manage-back'), cb('s', 'v'));
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

  router.button('s', 'cur', async (ctx, scope) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    const keyboard = new InlineKeyboard();
    COMMON_CURRENCIES.filter((c) => c !== family.baseCurrency).forEach((c, i) => {
      keyboard.text(c, cb('s', 'c', c));
      if (i % 3 === 2) keyboard.row();
    });
    keyboard.row().text(ctx.t('manage-cancel'), cb('x', 'cancel'));
    await ask(ctx, 'family-currency', ctx.t('manage-settings-ask-currency', { currency: family.baseCurrency }), {}, keyboard);
  });
  router.button('s', 'c', async (ctx, scope, [currency]) => {
    if (!currency) return ctx.t('manage-stale-button');
    const family = updateFamilySettings(ctx.app.deps, scope.userId, { familyId: scope.familyId, baseCurrency: currency });
    await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
    await afterFamilyChange(ctx, scope, ctx.t('manage-settings-currency-changed', { currency: family.baseCurrency }));
  });
  router.input('family-currency', async (ctx, scope, text) => {
    const family = updateFamilySettings(ctx.app.deps, scope.userId, { familyId: scope.familyId, baseCurrency: text });
    await afterFamilyChange(ctx, scope, ctx.t('manage-settings-currency-changed', { currency: family.baseCurrency }));
  });

  router.button('s', 'thr', async (ctx, scope) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    await ask(ctx, 'threshold', ctx.t('manage-settings-ask-threshold', { currency: family.baseCurrency }));
  });
  router.input('threshold', async (ctx, scope, text) => {
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    const amountMinor = parseHumanAmount(text, family.baseCurrency, { allowZero: true });
    setApprovalThreshold(ctx.app.deps, scope.userId, { familyId: scope.familyId, currency: family.baseCurrency, amountMinor });
    await afterFamilyChange(ctx, scope, ctx.t('manage-settings-threshold-changed', { amount: money(ctx, amountMinor, family.baseCurrency) }));
  });

  router.button('s', 'tz', async (ctx, scope) => {
    if (!can(scope.role, 'manage_settings')) return { alert: notAllowedText(ctx, scope.role) };
    const family = getFamily(ctx.app.deps, scope.userId, scope.familyId);
    await ask(ctx, 'timezone', ctx.t('manage-settings-ask-timezone', { timezone: family.timezone }));
  });
  router.input('timezone', async (ctx, scope, text) => {
    const family = updateFamilySettings(ctx.app.deps, scope.userId, { familyId: scope.familyId, timezone: text });
    await afterFamilyChange(ctx, scope, ctx.t('manage-settings-timezone-changed', { timezone: family.timezone }));
  });
}
