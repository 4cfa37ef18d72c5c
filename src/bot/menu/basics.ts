// /help, /menu, /cancel (outside a conversation), and the answer to text or
// buttons the bot does not understand.
import type { Composer } from 'grammy';
import { currencyExponent, defaultWallet } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { BOT_COMMANDS } from '../runtime/commands.js';
import { requireFamily } from '../runtime/guards.js';
import { sendMainMenu, type MainMenu } from './main-menu.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { pointAtCardButtons } from '../transactions/card-reply.js';
import { groupScope } from '../groups/scope.js';

export function createBasicsFeature(menu: MainMenu): Composer<BotContext> {
  const feature = new FlatComposer<BotContext>();
  // Every command of the "/" menu, in the reader's language: a new command is listed by adding it to BOT_COMMANDS.
  feature.command('help', (ctx) => ctx.reply([ctx.t('help-text'), ...BOT_COMMANDS.map((c) => `/${c} — ${ctx.t(`cmd-${c}`)}`)].join('\n')));
  feature.command('menu', async (ctx) => {
    if (!(await requireFamily(ctx))) return;
    await sendMainMenu(ctx, menu);
  });
  // Inside a conversation /cancel is its answer; reaching here means nothing was in progress.
  feature.command('cancel', (ctx) => ctx.reply(ctx.t('cancel-nothing')));
  return feature;
}

/** Last in the chain: text nobody handled (not a quick entry, not an answer awaited by a feature). */
export const fallbackFeature = new FlatComposer<BotContext>();
// A button nobody knows (a finished conversation's prompt, an old keyboard): stop the spinner and say so.
fallbackFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('manage-stale-button') }));
// An edit nobody applied (only an entry's own message corrects its entry): the person is told, or they would
// believe an answer, a note or a refused text had been changed. In a group so is a message meant for the bot
// (a reply to its question, a command, a mention; the gate let only a family member's through); the family's
// edited chatter among themselves stays unanswered.
fallbackFeature.on('edited_message', async (ctx) => {
  if (ctx.chat.type !== 'private' && (groupScope(ctx)?.addressing?.kind ?? 'plain') === 'plain') return;
  await ctx.reply(ctx.t('quick-edit-not-applied'), { reply_parameters: { message_id: ctx.editedMessage.message_id, allow_sending_without_reply: true } });
});
fallbackFeature.on('message', async (ctx) => {
  if (ctx.message.text?.startsWith('/')) await ctx.reply(ctx.t('help-unknown-command'));
  else if (ctx.app.familyId === null || ctx.app.user === undefined) await ctx.reply(ctx.t('start-needed'));
  else if (await pointAtCardButtons(ctx)) return;
  else {
    // The example is written in the decimals of the wallet a quick entry records from ("1 234" for won).
    const wallet = defaultWallet(ctx.app.deps, ctx.app.user.id, ctx.app.familyId);
    await ctx.reply(ctx.t('quick-hint', { exponent: wallet ? currencyExponent(wallet.currency) : 2 }));
  }
});
