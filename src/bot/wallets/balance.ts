// /balance: every wallet's balance in one message.
import { formatMoney, listWallets } from '../../domain/index.js';
import type { BotContext } from '../context.js';
import { requireFamily } from '../runtime/guards.js';
import { walletName } from '../shared/transaction-text.js';

export async function showBalance(ctx: BotContext): Promise<void> {
  const scope = await requireFamily(ctx);
  if (!scope) return;
  const { deps, locale } = ctx.app;
  const lines = listWallets(deps, scope.userId, scope.familyId).map((w) =>
    ctx.t('balance-line', { wallet: walletName(w, locale), balance: formatMoney(w.balanceMinor, w.currency, locale) }),
  );
  await ctx.reply([ctx.t('balance-title'), ...lines].join('\n'));
}
