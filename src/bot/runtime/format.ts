// Display helpers shared by features: money, percentages and dates in the person's locale.
import { formatMoney } from '../../domain/index.js';
import { calendarDay } from '../../presentation/dates.js';
import { percent as formatPercent, type PercentOptions } from '../../presentation/percent.js';
import type { BotContext } from '../context.js';

/** Formats minor units in the currency for the person of this update (e.g. "$1,234.56", "1 234,56 ₽"). */
export function money(ctx: Pick<BotContext, 'app'>, minor: number | bigint, currency: string): string {
  return formatMoney(minor, currency, ctx.app.locale);
}

/** part / whole as a percent for the person of this update ("75%", "75 %"): see presentation/percent.ts. */
export function percent(ctx: Pick<BotContext, 'app'>, part: number | bigint, whole: number | bigint, opts?: PercentOptions): string {
  return formatPercent(ctx.app.locale, part, whole, opts);
}

/** A calendar day (YYYY-MM-DD) for the person of this update: "Jun 30, 2027" / "30 июн. 2027 г." (presentation/dates.ts). */
export function day(ctx: Pick<BotContext, 'app'>, isoDay: string, opts?: { year?: boolean }): string {
  return calendarDay(ctx.app.locale, isoDay, opts);
}
