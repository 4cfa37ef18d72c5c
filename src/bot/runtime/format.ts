// Display helpers shared by features: money and percentages in the person's locale.
import { formatMoney } from '../../domain/index.js';
import { percent as formatPercent, type PercentOptions } from '../../presentation/percent.js';
import type { BotContext } from '../context.js';

/** Formats minor units in the currency for the person of this update (e.g. "$1,234.56", "1 234,56 ₽"). */
export function money(ctx: Pick<BotContext, 'app'>, minor: number, currency: string): string {
  return formatMoney(minor, currency, ctx.app.locale);
}

/** part / whole as a percent for the person of this update ("75%", "75 %"): see presentation/percent.ts. */
export function percent(ctx: Pick<BotContext, 'app'>, part: number, whole: number, opts?: PercentOptions): string {
  return formatPercent(ctx.app.locale, part, whole, opts);
}
