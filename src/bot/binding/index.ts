// Answers from an account's own chats about its logins: [Allow] / [Deny] when
// someone asks to connect another chat to the account (`bind:<code id>:a|d`),
// and [Disconnect] under "a new chat / login was connected" (`unbind:c:<chat
// id>`, `unbind:e`). The jobs send those messages (src/jobs/handlers/binding.ts);
// every rule is the core's (domain/auth/binding.ts, connections.ts).
import { decideBinding, describeTelegramAccount, disconnectLogin } from '../../domain/auth/index.js';
import { isDomainError, type DomainError } from '../../domain/index.js';
import { quoteMarks } from '../../presentation/quotes.js';
import type { BotContext } from '../context.js';
import { FlatComposer } from '../runtime/flat-composer.js';
import { requestKeyOf } from '../shared/request-key.js';

export const bindingFeature = new FlatComposer<BotContext>();

function refusal(ctx: BotContext, e: DomainError): string {
  const reason = typeof e.details['reason'] === 'string' ? e.details['reason'] : '';
  if (reason === 'already_decided') return ctx.t('binding-already-decided');
  if (reason === 'not_connected') return ctx.t('binding-not-connected');
  if (reason === 'same_chat') return ctx.t('binding-same-chat');
  if (e.code === 'expired') return ctx.t('binding-expired');
  // The reason's code picks the words in the reader's language (never the core's English message).
  if (e.code === 'conflict') return ctx.t('binding-refused', { reason: reason || 'other' });
  return ctx.t('binding-no-request');
}

/** Appends the outcome to the pressed message and drops its buttons (a failed edit changes nothing). */
async function settle(ctx: BotContext, outcome: string): Promise<void> {
  const original = ctx.callbackQuery?.message?.text ?? '';
  await ctx.editMessageText(original ? `${original}\n\n${outcome}` : outcome).catch((err: unknown) => {
    ctx.app.log.debug({ err }, 'binding message not edited');
  });
}

async function answer(ctx: BotContext, run: () => string): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  try {
    const outcome = run();
    await ctx.answerCallbackQuery();
    await settle(ctx, outcome);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    await ctx.answerCallbackQuery({ text: refusal(ctx, e), show_alert: true });
  }
}

bindingFeature.callbackQuery(/^bind:(\d{1,15}):(a|d)$/, (ctx) =>
  answer(ctx, () => {
    const decision = decideBinding(ctx.app.deps, { codeId: Number(ctx.match[1]), deciderChatId: ctx.chat?.id ?? 0, allow: ctx.match[2] === 'a' });
    if (decision.status === 'denied') return ctx.t('binding-denied');
    return ctx.t('binding-allowed', { telegram: describeTelegramAccount(decision.result.telegram, quoteMarks(ctx.app.locale)) });
  }),
);

bindingFeature.callbackQuery(/^unbind:(?:c:(-?\d{1,16})|e)$/, (ctx) =>
  answer(ctx, () => {
    const chat = ctx.match[1];
    // Keyed by the press: handled again after a crash, it says "Disconnected" again, not "not connected".
    disconnectLogin(ctx.app.deps, ctx.chat?.id ?? 0, chat === undefined ? { kind: 'email' } : { kind: 'chat', chatId: Number(chat) }, { requestKey: requestKeyOf(ctx) });
    return ctx.t('binding-disconnected');
  }),
);
