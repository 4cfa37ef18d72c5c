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

/** Whole percent of `whole` that `part` is, rounded down: 799 of 1000 → 79. `whole` must be positive. */
export function wholePercent(part: Minor, whole: Minor): number {
  return Number(floorDiv(big(part) * 100n, big(whole)));
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
  const w = big(whole);
  // round(x) = floor(x + 1/2): floor((2·part·1000 + whole) / (2·whole)) tenths of a percent.
  return Number(floorDiv(2000n * big(part) + w, 2n * w)) / 10;
}
