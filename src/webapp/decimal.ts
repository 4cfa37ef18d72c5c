// Exact decimal strings as the API writes them ("1234.50", "312.400", "5000"):
// the server writes every amount with its currency's ISO 4217 exponent
// (toDecimalString), so the page takes a currency's decimals from the text,
// never from Intl. Intl's digits follow CLDR, which differs from ISO: it shows
// HUF, COP, IDR and PKR with none (1,234.50 HUF read 1,235) and IQD with none
// instead of three.

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** Digits after the point: "1234.50" → 2, "312.400" → 3, "5000" → 0; anything else 0. */
export function decimalsOf(text: string): number {
  if (!DECIMAL.test(text)) return 0;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The text as an integer count of its own smallest units: "-12.50" → -1250n. */
function unitsOf(text: string, decimals: number): bigint {
  if (!DECIMAL.test(text)) return 0n;
  const [int = '0', frac = ''] = text.replace('-', '').split('.');
  const units = BigInt(int + frac.padEnd(decimals, '0'));
  return text.startsWith('-') ? -units : units;
}

/**
 * The exact sum of decimal strings of one currency, written with the most
 * decimals among them: ["1234.50", "-0.25"] → "1234.25". BigInt, so no sum of
 * balances is ever rounded, however large.
 */
export function sumDecimals(texts: readonly string[]): string {
  const decimals = Math.max(0, ...texts.map(decimalsOf));
  let total = 0n;
  for (const t of texts) total += unitsOf(t, decimals);
  const digits = (total < 0n ? -total : total).toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return total < 0n ? `-${text}` : text;
}
