// /link: a one-time code that binds this chat to a web (email) login. The
// person opens PUBLIC_URL/bind?code=… while logged in; the API confirms it.
// The code is derived from the /link message's key: the same message handled
// again (redelivered after a crash) shows the same code and leaves it live; a
// new /link message makes a new code, which replaces the chat's earlier one.
import { createBindingCode } from '../../domain/auth/binding.js';
import type { BotContext } from '../context.js';
import { say } from '../shared/view.js';
import { codeSecretOf, requestKeyOf } from '../shared/request-key.js';

export async function showLink(ctx: BotContext): Promise<void> {
  if (ctx.chat?.type !== 'private') {
    await say(ctx, ctx.t('manage-link-private-only'));
    return;
  }
  // The name Telegram gives this account is what the web page shows before anyone connects it.
  const { code, expiresIn } = createBindingCode(
    ctx.app.deps,
    { chatId: ctx.chat.id, username: ctx.from?.username ?? null, firstName: ctx.from?.first_name ?? null },
    { requestKey: { key: requestKeyOf(ctx), secret: codeSecretOf(ctx, 'binding-code') } },
  );
  const url = `${ctx.app.config.http.publicUrl}/bind?code=${encodeURIComponent(code)}`;
  await say(ctx, ctx.t('manage-link-code', { code, url, minutes: Math.round(expiresIn / 60) }));
}
