// The group's shared messages (approval cards and digests, join cards, the
// settings card, the pinned summary) are written in the family's language,
// whoever's press or command wrote or edited them: a card in English that a
// Russian-speaking admin decided must not end in Russian, nor flip languages
// with each press. Replies to one person (their card, their question, a toast)
// stay in that person's language.
import type { BotContext } from '../context.js';
import { isLocale } from '../runtime/i18n.js';
import { groupScope } from './scope.js';

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Texts in the family's language (the default language for one the bot does not speak). */
export function familyT(ctx: BotContext, familyLocale: string): Translate {
  const locale = isLocale(familyLocale) ? familyLocale : ctx.app.config.defaults.locale;
  return (key, vars = {}) => ctx.i18n.fluent.translate(locale, key, vars);
}

/** For a message the whole group shares: the family's language in a linked group, else the person's. */
export function sharedT(ctx: BotContext): Translate {
  const scope = groupScope(ctx);
  return scope ? familyT(ctx, scope.actor.familyLocale) : (key, vars) => ctx.t(key, vars);
}

/**
 * The update's context as seen in the family's language (its `t` and `app.locale`), for rendering a
 * whole-group message with the helpers that read the person's (transaction lines, money, dates). Only
 * for texts: it still sends, answers and reads through the update.
 */
export function inFamilyLanguage(ctx: BotContext, familyLocale: string): BotContext {
  const locale = isLocale(familyLocale) ? familyLocale : ctx.app.config.defaults.locale;
  const view = Object.create(ctx) as BotContext;
  Object.defineProperty(view, 'app', { value: { ...ctx.app, locale } });
  Object.defineProperty(view, 't', { value: familyT(ctx, locale) });
  return view;
}
