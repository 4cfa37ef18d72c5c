// Display helpers shared by features: money in the person's locale.
import { formatMoney } from '../../domain/index.js';
import type { BotContext } from '../context.js';

/** Formats minor units in the currency for the person of this update (e.g. "$1,234.56", "1 234,56 ₽"). */
export function money(ctx: Pick<BotContext, 'app'>, minor: number, currency: string): string {
  return formatMoney(minor, currency, ctx.app.locale);
}
