// Shares of money in percent, computed on the integers: minor units (or
// BigInt sums of them) times 100 pass 2^53 for a won or dinar budget, and a
// float quotient then rounds across a level: a budget spent to the last won
// read 99 %, and 89.99… % of a limit fired the 90 % alert. Only the result is
// a number; how it is shown (the reader's locale) is for the adapters.
type Minor = number | bigint;

const big = (v: Minor): bigint => (typeof v === 'bigint' ? v : BigInt(v));

/** a / b rounded down (toward −∞), b ≠ 0. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export type Rounding = 'floor' | 'half-up' | 'half-away';

/**
 * part / whole in units of 10^-scale, as an exact integer: (1, 8, 3) → 125n. 'floor' rounds toward −∞,
 * 'half-up' rounds halves toward +∞ (as Math.round), 'half-away' rounds halves away from zero.
 * `whole` must not be 0. The one division behind every percent the app computes or shows.
 */
export function scaledRatio(part: Minor, whole: Minor, scale: number, rounding: Rounding): bigint {
  let num = big(part) * 10n ** BigInt(scale);
  let den = big(whole);
  if (den < 0n) [num, den] = [-num, -den];
  if (rounding === 'floor') return floorDiv(num, den);
  // round(x) = floor(x + 1/2) = floor((2·num + den) / (2·den)); away from zero mirrors it for negatives.
  if (rounding === 'half-away' && num < 0n) return -floorDiv(2n * -num + den, 2n * den);
  return floorDiv(2n * num + den, 2n * den);
}

/** Whole percent of `whole` that `part` is, rounded down: 799 of 1000 → 79. `whole` must be positive. */
export function wholePercent(part: Minor, whole: Minor): number {
  return Number(scaledRatio(part, whole, 2, 'floor'));
}

/** Whether `part` is at least `percent` % of `whole`, exactly: 800 of 1000 reaches 80, 799 does not. */
export function reachesPercent(part: Minor, whole: Minor, percent: number): boolean {
  return big(part) * 100n >= BigInt(percent) * big(whole);
}

/**
 * `part` as a percent of `whole` with one decimal, halves rounded up (as Math.round): 1 of 3 → 33.3,
 * 1 of 8 → 12.5, −1 of 16 → −6.2. `whole` must be positive.
 */
export function percentToTenth(part: Minor, whole: Minor): number {
  return Number(scaledRatio(part, whole, 3, 'half-up')) / 10;
}
