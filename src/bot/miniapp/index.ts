// The Mini App's doors in the bot: /app answers with a web_app button, and at
// start the chat menu button (beside the text field) is set to open the app.
// Telegram opens Mini Apps from https URLs only, so with a plain-http
// PUBLIC_URL (a local run) /app says why the app is unavailable instead. With
// REQUIRE_HMAC_VERIFICATION=true the app is off too: a browser cannot hold the
// HMAC secret, so every request it makes would be refused (401
// signature_missing), and a button that opens a broken page is worse than none.
import { InlineKeyboard, type Api } from 'grammy';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import { FlatComposer } from '../runtime/flat-composer.js';

/** The app's address (PUBLIC_URL/app/), or undefined when PUBLIC_URL is not https or the API takes signed requests only. */
export function miniAppUrl(config: Config): string | undefined {
  if (config.http.requireHmac) return undefined;
  const url = new URL(`${config.http.publicUrl}/app/`);
  return url.protocol === 'https:' ? url.toString() : undefined;
}

export const miniAppFeature = new FlatComposer<BotContext>();

miniAppFeature.command('app', async (ctx) => {
  const url = miniAppUrl(ctx.app.config);
  if (!url) {
    await ctx.reply(
      ctx.app.config.http.requireHmac ? ctx.t('miniapp-signed-only') : ctx.t('miniapp-needs-https', { url: ctx.app.config.http.publicUrl }),
    );
    return;
  }
  // web_app buttons exist in private chats only; in a group the bot names the way there.
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('miniapp-private-only', { username: ctx.me.username }));
    return;
  }
  await ctx.reply(ctx.t('miniapp-open-text'), { reply_markup: new InlineKeyboard().webApp(ctx.t('miniapp-open-button'), url) });
});

/**
 * Sets the default menu button of private chats to open the app (https only).
 * With http the button is left as it is (a button set in @BotFather stays).
 * A failure is logged, not fatal.
 */
export async function setMiniAppMenuButton(api: Api, config: Config, text: string, log: Logger): Promise<void> {
  const url = miniAppUrl(config);
  if (config.http.requireHmac) {
    log.warn('Mini App off: REQUIRE_HMAC_VERIFICATION=true refuses every unsigned request, and a browser cannot sign; the menu button is not set and /app says so');
    return;
  }
  if (!url) {
    log.info({ publicUrl: config.http.publicUrl }, 'Mini App menu button not set: PUBLIC_URL is not https');
    return;
  }
  try {
    await api.setChatMenuButton({ menu_button: { type: 'web_app', text, web_app: { url } } });
  } catch (err) {
    log.warn({ err }, 'setChatMenuButton failed; the menu button may not open the Mini App');
  }
}
