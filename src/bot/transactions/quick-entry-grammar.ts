// How people type money in the chat: the quick-entry grammar. Pure text
// reading, no database: amounts themselves are read by the core's money parser.
export type QuickEntry = { income: boolean; amountText: string; note: string };

// An amount with space-grouped thousands ("1 234,50") or without ("50", "12.5").
const QUICK = /^\s*([+\-−]?)\s*(\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?|\d[\d.,]*)(?:\s+([\s\S]*))?$/;

const INCOME_WORDS = new Set([
  'salary', 'income', 'wage', 'wages', 'paycheck', 'bonus', 'refund', 'cashback', 'dividends', 'interest',
  'зарплата', 'зп', 'аванс', 'премия', 'доход', 'возврат', 'кэшбэк', 'кешбэк', 'дивиденды', 'проценты',
]);

/** Reads a quick entry, or undefined when the text is not one (then it is not ours). */
export function parseQuickEntry(text: string): QuickEntry | undefined {
  const m = QUICK.exec(text);
  if (!m) return undefined;
  const note = (m[3] ?? '').trim();
  const firstWord = note.toLowerCase().split(/[^\p{L}\p{N}]+/u)[0] ?? '';
  return { income: m[1] === '+' || INCOME_WORDS.has(firstWord), amountText: m[2] as string, note };
}

/**
 * True when a text is clearly meant as a quick entry: an amount followed by
 * words, or a signed amount ("12 bus", "+50 refund"). A bare number is not
 * (it may answer a question).
 */
export function isClearQuickEntry(text: string): boolean {
  const entry = parseQuickEntry(text);
  return entry !== undefined && (entry.note !== '' || /^\s*[+\-−]/.test(text));
}
