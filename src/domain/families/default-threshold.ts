// The approval limit a family starts with in its base currency: a round amount
// worth about US$500, so ₩, ¥ or ₽ families do not get 500 won (a few cents)
// and have every coffee wait for a parent. It is only a starting value, set
// once when the family is created or changes its base currency; owners and
// admins change it in /settings (🔒 Approval limit), and a stored limit is
// never rewritten by this table.
import { currencyExponent } from '../money/currency.js';

/** What a currency missing from the table gets, in its own major units. */
export const DEFAULT_APPROVAL_THRESHOLD_MAJOR = 500;
/** The limit's worth: 5 × 100 US dollars (the table's unit), so the arithmetic stays in integers. */
const WORTH_IN_100_USD = 5;

/**
 * Roughly what 100 US dollars are in each currency, in its major units (late
 * 2025, rounded). Deliberately approximate and static: no live rates, no
 * network. It only has to pick the right round number, so an error of a few
 * tens of percent is harmless; a currency missing here keeps 500 of its units.
 */
const UNITS_PER_100_USD: Readonly<Record<string, number>> = {
  // Europe
  EUR: 86, GBP: 76, CHF: 80, SEK: 950, NOK: 1_000, DKK: 640, ISK: 12_500, PLN: 365, CZK: 2_100,
  HUF: 33_500, RON: 440, BGN: 170, RSD: 10_000, MDL: 1_700, TRY: 4_200,
  // Former USSR
  RUB: 8_000, UAH: 4_100, BYN: 300, KZT: 52_000, UZS: 1_200_000, KGS: 8_700, TJS: 930, AMD: 38_500, GEL: 270, AZN: 170,
  // Asia and the Pacific
  JPY: 15_000, KRW: 140_000, CNY: 710, HKD: 780, TWD: 3_100, INR: 8_800, IDR: 1_650_000, VND: 2_600_000, THB: 3_200,
  PHP: 5_800, MYR: 420, SGD: 130, PKR: 28_000, BDT: 12_000, LKR: 30_000, NPR: 14_000, MNT: 340_000, KHR: 400_000,
  LAK: 2_170_000, MMK: 210_000, AUD: 153, NZD: 175,
  // Middle East and Africa
  ILS: 330, AED: 367, SAR: 375, QAR: 364, KWD: 31, BHD: 38, OMR: 38, JOD: 71, IQD: 131_000, EGP: 4_800, MAD: 920,
  NGN: 150_000, KES: 12_900, ZAR: 1_750, GHS: 1_100, ETB: 14_000, TZS: 250_000, UGX: 360_000, XOF: 56_500, XAF: 56_500,
  // The Americas
  USD: 100, CAD: 140, MXN: 1_850, BRL: 540, ARS: 140_000, CLP: 95_000, COP: 390_000, PEN: 340, UYU: 4_000, PYG: 750_000,
};

/**
 * The default approval limit of a currency, in its minor units: the 1–2–5 step
 * (…, 200, 500, 1 000, 2 000, 5 000, …) nearest on a log scale to what
 * US$500 is in that currency (₩700 000 → ₩500 000, ¥75 000 → ¥100 000,
 * 43 000 ₽ → 50 000 ₽, $500 → $500); 500 major units for a currency not in the table.
 */
export function defaultApprovalThresholdMinor(currency: string): number {
  const per100 = UNITS_PER_100_USD[currency];
  const major = per100 === undefined ? DEFAULT_APPROVAL_THRESHOLD_MAJOR : nearestRoundStep(per100 * WORTH_IN_100_USD);
  return major * 10 ** currencyExponent(currency);
}

/** The 1–2–5 step nearest to a positive integer on a log scale: above the geometric mean of two neighbours, the larger one. */
function nearestRoundStep(target: number): number {
  const steps: number[] = [];
  for (let decade = 1; steps.length === 0 || steps[steps.length - 1]! < target; decade *= 10) steps.push(decade, 2 * decade, 5 * decade);
  let step = steps[0]!;
  // BigInt: the squares of large targets (millions of dong) pass 2^53.
  for (const next of steps.slice(1)) if (BigInt(target) * BigInt(target) >= BigInt(step) * BigInt(next)) step = next;
  return step;
}
