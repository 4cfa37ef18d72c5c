// Quotation marks of the reader's language around a quoted name or note:
// “Ann” in English, «Анна» in Russian (as the .ftl texts write them).

const MARKS: Record<string, readonly [string, string]> = { en: ['“', '”'], ru: ['«', '»'] };

/** The opening and closing marks of `locale` ("ru", "ru-RU"…); English ones for any other. */
export function quoteMarks(locale: string): readonly [string, string] {
  return MARKS[locale.toLowerCase().split(/[-_]/)[0] ?? ''] ?? (MARKS['en'] as readonly [string, string]);
}

/** `text` in the reader's quotation marks: quote('ru', 'кофе') → «кофе». */
export function quote(locale: string, text: string): string {
  const [open, close] = quoteMarks(locale);
  return `${open}${text}${close}`;
}
