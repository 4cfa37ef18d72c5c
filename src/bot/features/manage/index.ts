// Management features (bot-b): wallets, history, pending approvals, invites,
// members, settings, /link, reports and recurring rules. A thin adapter: every
// rule (roles, empty wallets, thresholds, time zones) is the core's; this
// module asks, calls one core function and shows the result or the refusal.
//
// Buttons carry `m1:<area>:<action>:<args>` (callback-data.ts); questions that
// need typed text remember what they asked in ctx.session.manage (router.ts).
// The main menu (bot-a) calls the show* functions below.
import { Composer } from 'grammy';
import type { BotContext } from '../../context.js';
import { registerHistory, showHistory } from './history.js';
import { registerInvite, showInvite } from './invite.js';
import { showLink } from './link.js';
import { registerMembers, showMembers } from './members.js';
import { showPending } from './pending.js';
import { registerRecurring, showRecurring } from './recurring.js';
import { showReports } from './reports.js';
import { guarded } from './errors.js';
import { ManageRouter, clearQuestion } from './router.js';
import { registerSettings, showSettings } from './settings.js';
import { registerWallets, showWallets } from './wallets.js';
import { show } from './view.js';

export { showHistory, showPending, showReports, showSettings, showWallets };

function buildManageFeature(): Composer<BotContext> {
  const router = new ManageRouter();
  registerWallets(router);
  registerHistory(router);
  registerInvite(router);
  registerMembers(router);
  registerSettings(router);
  registerRecurring(router);
  router.button('x', 'cancel', async (ctx) => {
    clearQuestion(ctx);
    await show(ctx, { text: ctx.t('manage-cancelled') });
  });

  const feature = new Composer<BotContext>();
  // The router comes first: it takes typed answers to our open question (and drops the question on a command).
  feature.use(router.composer());
  const commands: Record<string, (ctx: BotContext) => Promise<void>> = {
    wallets: showWallets,
    history: showHistory,
    pending: showPending,
    report: showReports,
    // bot-a's command menu lists /reports; both spellings work.
    reports: showReports,
    invite: showInvite,
    members: showMembers,
    settings: showSettings,
    recurring: showRecurring,
    link: showLink,
  };
  for (const [name, handler] of Object.entries(commands)) feature.command(name, (ctx) => guarded(ctx, () => handler(ctx)));
  return feature;
}

export const manageFeature: Composer<BotContext> = buildManageFeature();
