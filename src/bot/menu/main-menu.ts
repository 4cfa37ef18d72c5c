// The main menu (@grammyjs/menu, inline): the three ways to record money,
// then the views (wallets, history, pending approvals, reports, settings).
// The menu keeps no state of its own; labels are rendered per person, and
// every button carries the family the menu names, in which it works.
import { Menu } from '@grammyjs/menu';
import { getFamily, pendingTransactions } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { showPending } from '../approvals/pending.js';
import { showHistory } from '../history/history.js';
import { showReports } from '../reports/reports.js';
import { showSettings } from '../settings/settings.js';
import { showWallets } from '../wallets/wallets.js';
import { TX_CONVERSATION, type TxKind } from '../transactions/conversation.js';
import { leaveOpenFlows } from '../shared/leave-flows.js';
import { say } from '../shared/view.js';
import { scopeInFamily, type FamilyScope } from '../runtime/guards.js';

/** A Menu that can also be rendered to a plain keyboard (to send it from inside a conversation's external()). */
export class MainMenu extends Menu<BotContext> {
  async keyboard(ctx: BotContext): Promise<{ inline_keyboard: Awaited<ReturnType<Menu<BotContext>['render']>> }> {
    return { inline_keyboard: await this.render(ctx) };
  }
}

/**
 * Enters the transaction conversation, leaving any other one first and saying so (the menu may be pressed
 * mid-conversation); in family `familyId` when given (the menu's), else in the active one.
 */
export async function startTransaction(ctx: BotContext, kind: TxKind, familyId?: number): Promise<void> {
  await leaveOpenFlows(ctx);
  // Without a family no second argument: stored as JSON, an undefined one would come back as null.
  if (familyId === undefined) await ctx.conversation.enter(TX_CONVERSATION, kind);
  else await ctx.conversation.enter(TX_CONVERSATION, kind, familyId);
}

/** The family a menu was drawn for ("Home: what would you like to do?"): every button's payload. */
function menuFamily(ctx: BotContext): string {
  return ctx.app.familyId === null ? '' : String(ctx.app.familyId);
}

/** The family the pressed menu names, or undefined for a menu drawn before its buttons carried it (the active one). */
function pressedFamily(ctx: BotContext): number | undefined {
  return typeof ctx.match === 'string' && /^\d{1,15}$/.test(ctx.match) ? Number(ctx.match) : undefined;
}

async function refuseStale(ctx: BotContext): Promise<void> {
  // The menu has answered the press already (autoAnswer): the refusal is a message (once for a double tap).
  await say(ctx, ctx.t('manage-stale-button'));
}

/**
 * A record button records in the family its menu was drawn for, also after a /family switch; one who is no
 * longer in it is told the button is out of date. A menu drawn before the buttons carried it uses the active family.
 */
async function recordFromMenu(ctx: BotContext, kind: TxKind): Promise<void> {
  const familyId = pressedFamily(ctx);
  if (familyId !== undefined && !scopeInFamily(ctx, familyId)) return refuseStale(ctx);
  await startTransaction(ctx, kind, familyId);
}

/** A view that shows family `named` (the presser's scope there), or the active family without one. */
type FamilyView = (ctx: BotContext, named?: FamilyScope) => Promise<void>;

/**
 * A view button opens its view for the family its menu was drawn for, with the presser's role there, also after a
 * /family switch (its buttons then carry that family too); as the record buttons, one no longer in it is told the
 * button is out of date, and a menu drawn before the buttons carried it opens the active family's.
 */
async function openFromMenu(ctx: BotContext, view: FamilyView): Promise<void> {
  const familyId = pressedFamily(ctx);
  if (familyId === undefined) return view(ctx);
  const scope = scopeInFamily(ctx, familyId);
  if (!scope) return refuseStale(ctx);
  await view(ctx, scope);
}

function pendingCount(ctx: BotContext): number {
  const { user, familyId, deps } = ctx.app;
  return user && familyId !== null ? pendingTransactions(deps, user.id, familyId).length : 0;
}

export function createMainMenu(): MainMenu {
  // A fixed fingerprint: the pending count in a label changes often, which must
  // not make an older menu message "outdated"; the layout itself never changes.
  const menu = new MainMenu('m', {
    fingerprint: () => 'v1',
    onMenuOutdated: async (ctx) => {
      await ctx.answerCallbackQuery({ text: ctx.t('menu-outdated') });
    },
  });
  menu
    .text({ text: (ctx) => ctx.t('menu-expense'), payload: menuFamily }, (ctx) => recordFromMenu(ctx, 'expense'))
    .text({ text: (ctx) => ctx.t('menu-income'), payload: menuFamily }, (ctx) => recordFromMenu(ctx, 'income'))
    .text({ text: (ctx) => ctx.t('menu-transfer'), payload: menuFamily }, (ctx) => recordFromMenu(ctx, 'transfer'))
    .row()
    .text({ text: (ctx) => ctx.t('menu-wallets'), payload: menuFamily }, (ctx) => openFromMenu(ctx, showWallets))
    .text({ text: (ctx) => ctx.t('menu-history'), payload: menuFamily }, (ctx) => openFromMenu(ctx, showHistory))
    .row()
    .text({ text: (ctx) => ctx.t('menu-pending', { count: pendingCount(ctx) }), payload: menuFamily }, (ctx) => openFromMenu(ctx, showPending))
    .text({ text: (ctx) => ctx.t('menu-reports'), payload: menuFamily }, (ctx) => openFromMenu(ctx, showReports))
    .row()
    .text({ text: (ctx) => ctx.t('menu-settings'), payload: menuFamily }, (ctx) => openFromMenu(ctx, showSettings));
  return menu;
}

/** Sends the main menu with the family's name. */
export async function sendMainMenu(ctx: BotContext, menu: MainMenu, intro?: string): Promise<void> {
  const { user, familyId, deps } = ctx.app;
  const family = user && familyId !== null ? getFamily(deps, user.id, familyId).name : '';
  const title = ctx.t('menu-title', { family });
  await ctx.reply(intro ? `${intro}\n\n${title}` : title, { reply_markup: await menu.keyboard(ctx) });
}
