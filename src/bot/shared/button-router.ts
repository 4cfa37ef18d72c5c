// Routes a concept's buttons to their handlers: `m1:<area>:<action>:<args>`
// (shared/callback-data.ts) → one handler per area/action. Each concept has
// its own router; a button of another concept goes on (`next`), and one nobody
// knows reaches the fallback ("outdated"). Buttons only: questions that need a
// typed answer are conversations (shared/ask.ts). In a group only the buttons
// of the read-only views (history pages, report months) work, and only where
// the group may see those views: any other press there (forged on a card) is
// pointed to the private chat, so it never shows the group what it may not see.
import type { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { requireFamily, requireUser, scopeInFamily, type FamilyScope } from '../runtime/guards.js';
import { parseCb } from './callback-data.js';
import { viewInGroup } from './visibility.js';
import { guarded } from './replies.js';
import { FlatComposer } from '../runtime/flat-composer.js';

/** A handler may return a short toast for the pressed button, or an alert (a refusal). */
export type ButtonAnswer = string | { alert: string } | void;
export type ButtonHandler = (ctx: BotContext, scope: FamilyScope, args: string[]) => Promise<ButtonAnswer>;
export type UserButtonHandler = (ctx: BotContext, userId: number, args: string[]) => Promise<ButtonAnswer>;
type Route = ({ needs: 'family'; handler: ButtonHandler } | { needs: 'user'; handler: UserButtonHandler }) & { inGroup?: boolean };

/**
 * A button that must act on the family its message was about, whichever family is active when it is
 * pressed, ends its data with `f<familyId>` (familyArg): the handler then gets that family's scope (the
 * presser's role there), and one who is not in it (any more) is told the button is out of date.
 * Buttons without it work in the active family.
 */
export function familyArg(familyId: number): string {
  return `f${familyId}`;
}

function namedFamily(args: string[]): { familyId: number; args: string[] } | undefined {
  const last = args.at(-1);
  const m = last === undefined ? null : /^f(\d{1,15})$/.exec(last);
  return m ? { familyId: Number(m[1]), args: args.slice(0, -1) } : undefined;
}

async function scopeIn(ctx: BotContext, familyId: number): Promise<FamilyScope | undefined> {
  if ((await requireUser(ctx)) === undefined) return undefined;
  const scope = scopeInFamily(ctx, familyId);
  if (scope) return scope;
  await ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button'), show_alert: true }).catch(() => undefined);
  return undefined;
}

/** In a group (the gate made the group's family the active one): a view's button, on that family, where the group reads views. */
function allowedInGroup(ctx: BotContext, route: Route, args: string[]): boolean {
  const named = namedFamily(args);
  return route.inGroup === true && viewInGroup(ctx) && (named === undefined || named.familyId === ctx.app.familyId);
}

export class ButtonRouter {
  private readonly buttons = new Map<string, Route>();

  /**
   * A button that works in the active family, or in the family its data names (familyArg). `inGroup`: a
   * read-only view's button, which also works on that view read in the family group.
   */
  button(area: string, action: string, handler: ButtonHandler, opts: { inGroup?: boolean } = {}): void {
    this.buttons.set(`${area}:${action}`, { needs: 'family', handler, ...(opts.inGroup ? { inGroup: true } : {}) });
  }

  /** A button whose data names its family: it needs a known person, not an active family. */
  userButton(area: string, action: string, handler: UserButtonHandler): void {
    this.buttons.set(`${area}:${action}`, { needs: 'user', handler });
  }

  composer(): Composer<BotContext> {
    const c = new FlatComposer<BotContext>();
    c.callbackQuery(/^m1:/, async (ctx, next) => {
      const parsed = parseCb(ctx.callbackQuery.data);
      const route = parsed ? this.buttons.get(`${parsed.area}:${parsed.action}`) : undefined;
      // Another concept's button (each concept has its own router); the fallback answers unknown ones.
      if (!parsed || !route) return next();
      if (ctx.chat && ctx.chat.type !== 'private' && !allowedInGroup(ctx, route, parsed.args)) {
        await ctx.answerCallbackQuery({ text: ctx.t('groups-button-private', { bot: ctx.me.username }), show_alert: true });
        return;
      }
      let run: () => Promise<ButtonAnswer>;
      if (route.needs === 'family') {
        const named = namedFamily(parsed.args);
        const scope = named ? await scopeIn(ctx, named.familyId) : await requireFamily(ctx);
        if (!scope) return;
        const args = named ? named.args : parsed.args;
        run = () => route.handler(ctx, scope, args);
      } else {
        const userId = await requireUser(ctx);
        if (userId === undefined) return;
        run = () => route.handler(ctx, userId, parsed.args);
      }
      let answer: { text?: string; show_alert?: boolean } = {};
      const ok = await guarded(ctx, async () => {
        const result = await run();
        if (typeof result === 'string') answer = { text: result };
        else if (result) answer = { text: result.alert, show_alert: true };
      });
      if (ok) await ctx.answerCallbackQuery(answer).catch(() => undefined);
    });
    return c;
  }
}
