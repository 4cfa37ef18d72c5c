// Routes this feature's buttons and typed answers to their handlers.
//
// Buttons: `m1:<area>:<action>:<args>` → one handler per area/action.
//
// Typed answers: a handler asks a question (ctx.session.manage.q) and the
// next text message answers it. Other features read plain text too (the
// quick entry: "50 coffee"), so a question must never swallow a message that
// was not meant for it. A text counts as the answer only when it directly
// follows the message that asked (private chat message ids are consecutive
// across both sides) or is a reply to it; anything else — a command, a
// notification in between, a forgotten prompt — drops the question and the
// text goes on to the next handler. Questions also lapse after a while.
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { cb, parseCb } from './callback-data.js';
import { guarded } from './replies.js';
import { lastShownMessageId, say } from './view.js';

/** A handler may return a short toast for the pressed button, or an alert (a refusal). */
export type ButtonAnswer = string | { alert: string } | void;
export type ButtonHandler = (ctx: BotContext, scope: FamilyScope, args: string[]) => Promise<ButtonAnswer>;
export type InputState = Record<string, string | number>;
export type InputHandler = (ctx: BotContext, scope: FamilyScope, text: string, state: InputState) => Promise<void>;

const QUESTION_TTL_MS = 15 * 60 * 1000;

export class ManageRouter {
  private readonly buttons = new Map<string, ButtonHandler>();
  private readonly inputs = new Map<string, InputHandler>();

  button(area: string, action: string, handler: ButtonHandler): void {
    this.buttons.set(`${area}:${action}`, handler);
  }

  input(question: string, handler: InputHandler): void {
    this.inputs.set(question, handler);
  }

  /** The middleware: typed answers first (before other text handlers), then buttons. */
  composer(): Composer<BotContext> {
    const c = new Composer<BotContext>();
    c.on('message:text', async (ctx, next) => {
      const pending = pendingQuestion(ctx);
      if (!pending) return next();
      const handler = this.inputs.get(pending.question);
      // Another concept's question: its own router decides.
      if (!handler) return next();
      const anchor = pending.state['qMsg'];
      const answers = ctx.message.reply_to_message?.message_id === anchor || ctx.message.message_id === Number(anchor) + 1;
      if (!answers || ctx.message.text.startsWith('/')) {
        clearQuestion(ctx);
        return next();
      }
      const scope = await requireFamily(ctx);
      if (!scope) return;
      await guarded(ctx, () => handler(ctx, scope, ctx.message.text.trim(), pending.state));
      // Still open (a bad answer was explained, or the next step asked): the answer now follows our last message.
      anchorQuestion(ctx);
    });
    c.callbackQuery(/^m1:/, async (ctx, next) => {
      const parsed = parseCb(ctx.callbackQuery.data);
      const handler = parsed ? this.buttons.get(`${parsed.area}:${parsed.action}`) : undefined;
      // Another concept's button (each concept has its own router); the fallback answers unknown ones.
      if (!parsed || !handler) return next();
      const scope = await requireFamily(ctx);
      if (!scope) return;
      const before = JSON.stringify(ctx.session.manage ?? null);
      let answer: { text?: string; show_alert?: boolean } = {};
      const ok = await guarded(ctx, async () => {
        const result = await handler(ctx, scope, parsed.args);
        if (typeof result === 'string') answer = { text: result };
        else if (result) answer = { text: result.alert, show_alert: true };
      });
      // A press that asked (or advanced) a question anchors it to the message it showed.
      if (JSON.stringify(ctx.session.manage ?? null) !== before) anchorQuestion(ctx);
      if (ok) await ctx.answerCallbackQuery(answer).catch(() => undefined);
    });
    return c;
  }
}

/** Opens (or advances) a question: the next typed answer goes to the input handler registered under `question`. */
export function setQuestion(ctx: BotContext, question: string, state: InputState = {}): void {
  const kept: InputState = {};
  for (const [k, v] of Object.entries(ctx.session.manage ?? {})) if (typeof v === 'string' || typeof v === 'number') kept[k] = v;
  ctx.session.manage = { ...kept, ...state, q: question, qAt: ctx.app.deps.clock() };
}

/**
 * Asks a question with a new message carrying a Cancel button (or the given
 * keyboard). `state` replaces what earlier steps remembered.
 */
export async function ask(ctx: BotContext, question: string, prompt: string, state: InputState = {}, keyboard?: InlineKeyboard): Promise<void> {
  ctx.session.manage = { ...state, q: question, qAt: ctx.app.deps.clock() };
  await say(ctx, prompt, keyboard ?? new InlineKeyboard().text(ctx.t('manage-cancel'), cb('x', 'cancel')));
  anchorQuestion(ctx);
}

export function clearQuestion(ctx: BotContext): void {
  if (ctx.session.manage) ctx.session.manage = undefined;
}

/** What earlier steps of the open question remembered. */
export function questionState(ctx: BotContext): InputState {
  const out: InputState = {};
  for (const [k, v] of Object.entries(ctx.session.manage ?? {})) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

function anchorQuestion(ctx: BotContext): void {
  const m = ctx.session.manage;
  const shown = lastShownMessageId(ctx);
  if (m && typeof m['q'] === 'string' && shown !== undefined) ctx.session.manage = { ...m, qMsg: shown };
}

function pendingQuestion(ctx: BotContext): { question: string; state: InputState } | undefined {
  const m = ctx.session.manage;
  if (!m || typeof m['q'] !== 'string') return undefined;
  const at = typeof m['qAt'] === 'number' ? m['qAt'] : 0;
  if (ctx.app.deps.clock() - at > QUESTION_TTL_MS) {
    clearQuestion(ctx);
    return undefined;
  }
  return { question: m['q'], state: questionState(ctx) };
}
