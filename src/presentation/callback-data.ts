// The one callback-data codec (the bot's buttons and the jobs' alike): `m1:<area>:<action>[:arg…]`.
// "m1" versions the format: a button from an older layout is recognised as
// stale instead of being misread. Arguments are ids and short codes only;
// state lives in the database or the session, never in the button.
export const CB_PREFIX = 'm1';
const MAX_BYTES = 64;

export function cb(area: string, action: string, ...args: Array<string | number>): string {
  const data = [CB_PREFIX, area, action, ...args].join(':');
  if (Buffer.byteLength(data, 'utf8') > MAX_BYTES) throw new Error(`callback data too long: ${data}`);
  return data;
}

export type ParsedCallback = { area: string; action: string; args: string[] };

export function parseCb(data: string): ParsedCallback | undefined {
  const [prefix, area, action, ...args] = data.split(':');
  if (prefix !== CB_PREFIX || !area || !action) return undefined;
  return { area, action, args };
}

/** A positive integer id argument, or undefined for anything else (a forged or stale button). */
export function idArg(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

// Buttons sent by the jobs (plain InlineKeyboards from the outbox handlers)
// and handled by the bot use these encoders too, so one module owns every
// callback data format. Dates travel as YYYYMMDD to stay short.
const compactDate = (date: string): string => date.replaceAll('-', '');
export const expandDate = (compact: string): string => `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;

export const callbackData = {
  /**
   * [🔎 <date>] under a notice listing several entries (recurring entries caught up): the entry's card as a
   * new message, the notice staying as it is (the bot's history feature; `f<id>` names the family as the
   * menus' buttons do).
   */
  openEntry: (transactionId: number, familyId: number): string => cb('h', 'n', transactionId, `f${familyId}`),
  /** [✅ Approve] / [❌ Reject] on an approval request. */
  approval: (transactionId: number, decision: 'a' | 'r'): string => `appr:${transactionId}:${decision}`,
  /** [Pay from <wallet>] on a recurring entry that could not be paid. */
  recurringPay: (ruleId: number, date: string, walletId: number): string => `rp:${ruleId}:${compactDate(date)}:${walletId}`,
  /** [Skip this time] on a recurring entry that could not be paid. */
  recurringSkip: (ruleId: number, date: string): string => `rs:${ruleId}:${compactDate(date)}`,
  /** The card under an entry (bot/transactions/card-buttons.ts), whoever sent it: the bot or a notification. */
  card: {
    category: (transactionId: number): string => `q:c:${transactionId}`,
    wallet: (transactionId: number): string => `q:w:${transactionId}`,
    undo: (transactionId: number): string => `q:u:${transactionId}`,
    withdraw: (transactionId: number): string => `q:x:${transactionId}`,
    /** Back from the category or wallet list to the card's buttons. */
    back: (transactionId: number): string => `q:k:${transactionId}`,
    setCategory: (transactionId: number, categoryId: number): string => `q:sc:${transactionId}:${categoryId}`,
    setWallet: (transactionId: number, walletId: number): string => `q:sw:${transactionId}:${walletId}`,
  },
  /** /undo's confirmation: [Yes] reverses, [No] keeps. */
  undo: (transactionId: number, answer: 'y' | 'n'): string => `u:${answer}:${transactionId}`,
  /** [Pay from <wallet>] under "Not enough money": the entry of the person's message <msg>, from that wallet. */
  payFrom: (messageId: number, walletId: number): string => `pf:${messageId}:${walletId}`,
  /** [Record] / [Cancel] under "Record … as a new entry?" (an entry sent as a reply to a card): the person's message <msg>. */
  newEntry: (messageId: number, answer: 'r' | 'c'): string => `ne:${answer}:${messageId}`,
};

/**
 * What the bot matches for the formats above (grammY callbackQuery triggers).
 * A press whose data starts like one of these but does not match (an older
 * layout, a forged id) falls through to the stale-button answer.
 */
export const callbackPatterns = {
  card: {
    /** q:c|w|k:<tx> — open categories, wallets, or back. */
    open: /^q:(c|w|k):(\d+)$/,
    /** q:sc|sw:<tx>:<id> — move the entry to that category or wallet. */
    set: /^q:(sc|sw):(\d+):(\d+)$/,
    undo: /^q:u:(\d+)$/,
    withdraw: /^q:x:(\d+)$/,
  },
  /** u:y|n:<tx> */
  undo: /^u:(y|n):(\d+)$/,
  /** pf:<msg>:<wallet> */
  payFrom: /^pf:(\d+):(\d+)$/,
  /** ne:r|c:<msg> */
  newEntry: /^ne:(r|c):(\d+)$/,
  /** Any button of an entry's card (q:…) or of an approval request (appr:…): the message shows an entry. */
  entryCard: /^(q|appr):/,
};
