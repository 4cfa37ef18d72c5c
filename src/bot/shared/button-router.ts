// Routes a concept's buttons to their handlers: `m1:<area>:<action>:<args>`
// (shared/callback-data.ts) → one handler per area/action. Each concept has
// its own router; a button of another concept goes on (`next`), and one nobody
// knows reaches the fallback ("outdated"). Buttons only: questions that need a
// typed answer are conversations (shared/ask.ts).
import type { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { requireFamily, type FamilyScope } from '../runtime/guards.js';
import { parseCb } from './callback-data.js';
import { guarded } from './replies.js';
import { FlatComposer } from '../runtime/flat-composer.js';

/** A handler may return a short toast for the pressed button, or an alert (a refusal). */
export type ButtonAnswer = string | { alert: string } | void;
export type ButtonHandler = (ctx: BotContext, scope: FamilyScope, args: string[]) => Promise<ButtonAnswer>;

export class ButtonRouter {
  private readonly buttons = new Map<string, ButtonHandler>();

  button(area: string, action: string, handler: ButtonHandler): void {
    this.buttons.set(`${area}:${action}`, handler);
  }

  composer(): Composer<BotContext> {
    const c = new FlatComposer<BotContext>();
    c.callbackQuery(/^m1:/, async (ctx, next) => {
      const parsed = parseCb(ctx.callbackQuery.data);
      const handler = parsed ? this.buttons.get(`${parsed.area}:${parsed.action}`) : undefined;
      // Another concept's button (each concept has its own router); the fallback answers unknown ones.
      if (!parsed || !handler) return next();
      const scope = await requireFamily(ctx);
      if (!scope) return;
      let answer: { text?: string; show_alert?: boolean } = {};
      const ok = await guarded(ctx, async () => {
        const result = await handler(ctx, scope, parsed.args);
        if (typeof result === 'string') answer = { text: result };
        else if (result) answer = { text: result.alert, show_alert: true };
      });
      if (ok) await ctx.answerCallbackQuery(answer).catch(() => undefined);
    });
    return c;
  }
}
