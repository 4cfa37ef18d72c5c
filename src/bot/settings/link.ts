// /link: a one-time code that binds this chat to a web (email) login. The
// person opens PUBLIC_URL/bind?code=… while logged in; the API confirms it.
import { createBindingCode } from '../../domain/auth/binding.js';
import type { BotContext } from '../context.js';
import { say } from '../shared/view.js';

export async function showLink(ctx: BotContext): Promise<void> {
  if (ctx.chat?.type !== 'private') {
    await say(ctx, ctx.t('manage-link-private-only'));
    return;
  }
  // The name Telegram gives this account is what the web page shows before anyone connects it.
  const { code, expiresIn } = createBindingCode(ctx.app.deps, { chatId: ctx.chat.id, username: ctx.from?.username ?? null, firstName: ctx.from?.first_name ?? null });
  const url = `${ctx.app.config.http.publicUrl}/bind?code=${encodeURIComponent(code)}`;
  await say(ctx, ctx.t('manage-link-code', { code, url, minutes: Math.round(expiresIn / 60) }));
}
