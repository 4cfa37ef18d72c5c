/**
 * The bot's context types. USAGE:
 * - Outside conversations handlers get `BotContext`. `ctx.app` is set for every update by
 *   runtime/app-state.ts before any feature runs: `ctx.app.deps` (CoreDeps for core calls),
 *   `ctx.app.config`, `ctx.app.log` (child logger with update_id), `ctx.app.user` (the users row of
 *   this chat, or undefined before /start), `ctx.app.familyId` and `ctx.app.role` (active family and
 *   the person's role in it, or null), `ctx.app.locale` ('en' | 'ru', the one ctx.t() uses).
 *   Use `requireFamily(ctx)` (runtime/guards.ts) to get `{ userId, familyId, role }` or have the
 *   person told to /start. Text always comes from `ctx.t('manage-…')` (Fluent, locales/<lang>/*.ftl);
 *   money through `money(ctx, minor, currency)` (runtime/format.ts). After changing what ctx.app
 *   reflects (user locale, active family, membership) call `await refreshApp(ctx)`
 *   (runtime/app-state.ts): it re-reads ctx.app and renegotiates the i18n locale.
 * - ctx.t throws on a missing Fluent variable: pass every `{ $var }` the message uses.
 * - Core calls may throw DomainError: let it propagate; the error boundary (runtime/errors.ts)
 *   answers with a localized message (errors-… keys) and the bot keeps running. Catch only
 *   where you want a more specific reply.
 * - `ctx.session` (chat-scoped, stored in bot_sessions) is small: put a concept's small state under
 *   `ctx.session.manage` (a free-form record of primitives) — never money or rules, and never
 *   the state of a question: questions are conversations (shared/ask.ts).
 * - Inside a conversation the context is `ConversationContext` (no session, no ctx.app, no
 *   ctx.conversation): read app data through `conversation.external((outer) => …)`.
 */
import type { Context, SessionFlavor } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { Config, Locale } from '../config.js';
import type { CoreDeps, Role, User } from '../domain/index.js';
import type { Logger } from '../logger.js';

/** Chat-scoped state persisted in bot_sessions (key `s:<chatId>`). Keep it small and JSON-safe. */
export type SessionData = {
  /** Free slot for small per-chat view state: paging cursors, the wallet being renamed… */
  manage?: Record<string, string | number | boolean | null>;
  /** The text a conversation just took as an answer, to recognise its copy (runtime/answer-repeat.ts). */
  answer?: { text: string; at: number; messageId: number };
  /** The button press that started or answered a question, to recognise a double tap (runtime/press-repeat.ts). */
  press?: { id: string; from: number; messageId: number; data: string; at: number; say?: string };
};

export const initialSession = (): SessionData => ({});

/** Per-update application state, set by runtime/app-state.ts. */
export type AppState = {
  deps: CoreDeps;
  config: Config;
  log: Logger;
  /** The person of this chat; undefined until /start created them. */
  user: User | undefined;
  /** Active family (users.active_family_id or their first), null when they have none. */
  familyId: number | null;
  role: Role | null;
  locale: Locale;
};

export type AppFlavor = { app: AppState };

export type BotContext = ConversationFlavor<Context & SessionFlavor<SessionData> & I18nFlavor & AppFlavor>;

/** The context inside a conversation function (plugins installed there: i18n + auto-retry). */
export type ConversationContext = Context & I18nFlavor;
