// Retention of the bot's per-message records in bot_sessions. Every quick entry
// and every question leaves one (key `<kind>:<chat>:<message>` or
// `<kind>:<transaction>:<chat>:<message>`), and each is useful only for a while:
//
//   card:<chat>:<msg>        an edited quick entry finds its card (transactions/card-store.ts).
//                            Telegram lets a person edit a message for 48 hours (TDLib's
//                            edit_time_limit; a supergroup's admins with the pin right for
//                            ever), and an edit corrects the entry within the core's 48 hours
//                            (CORRECTION_WINDOW_MS); later the record lets the bot say the
//                            entry is too old rather than that the edit changes nothing. It
//                            also tells a repeated [Pay from X] / [Record] press that the
//                            entry is recorded, so it outlives those records: 90 days after
//                            its last write
//   shortfall:<chat>:<msg>   a refused entry, for [Pay from X] and an edit that retries it
//                            (transactions/quick-entry.ts): 7 days
//   newentry:<chat>:<msg>    a reply under a card waiting for [Record] / [Cancel]
//                            (transactions/card-reply.ts): 7 days
//   askedof:<chat>:<msg>     whose question this is, in a group (groups/question-owner.ts);
//                            a question lapses after 30 idle minutes (shared/ask.ts): 1 day
//   cardof:/digestof:<tx>:…  the cards and reminder digests a decision edits
//                            (presentation/card-registry.ts): kept while the request waits;
//                            once it is decided (or gone), 7 days after the decision
//
// Sessions (`s:`) and conversation state (`c:`) are one row per chat (per person
// in a group), not per message: never pruned here.
//
// The table has no index on updated_at (every card and session write would pay
// a page for it), so pruning walks the primary key a bounded chunk at a time,
// as processed_updates does (retention.ts): each step is one short statement.
import type { Q } from '../deps.js';
import { connectionOf, perConnection } from '../prepared.js';

const DAY = 24 * 3600 * 1000;

/**
 * How long a record of each kind is kept after its last write (updated_at), by
 * key prefix; `kept` kinds are never pruned. Every prefix the code writes is
 * listed (tests/domain/bot-records.test.ts checks the source against it).
 */
export const BOT_RECORD_RETENTION = {
  card: 90 * DAY,
  shortfall: 7 * DAY,
  newentry: 7 * DAY,
  askedof: 1 * DAY,
  /** After the request's decision (or its row's write, whichever is later); never while it waits. */
  cardof: 7 * DAY,
  digestof: 7 * DAY,
  s: 'kept',
  c: 'kept',
} as const;

/** Rows of bot_sessions one pruning step looks at: about a millisecond of the write lock. */
export const BOT_RECORDS_CHUNK = 2_000;

type Cutoffs = Record<'card' | 'shortfall' | 'newentry' | 'askedof' | 'decided', number>;

/** `key` within one prefix (';' follows ':'); `+key` keeps the planner on the chunk's range of the key (see removeRest). */
const inPrefix = (prefix: string) => `(+key >= '${prefix}:' AND +key < '${prefix};')`;

// A request's cards: the transaction id is the number after the prefix (CAST reads the longest integer prefix).
const requestId = "CAST(substr(key, instr(key, ':') + 1) AS INTEGER)";
const STALE = `(
  (${inPrefix('card')} AND updated_at < @card)
  OR (${inPrefix('shortfall')} AND updated_at < @shortfall)
  OR (${inPrefix('newentry')} AND updated_at < @newentry)
  OR (${inPrefix('askedof')} AND updated_at < @askedof)
  OR ((${inPrefix('cardof')} OR ${inPrefix('digestof')}) AND updated_at < @decided AND NOT EXISTS (
    SELECT 1 FROM transactions t WHERE t.id = ${requestId}
      AND (t.status = 'pending_approval' OR coalesce(t.decided_at, t.updated_at) >= @decided)))
)`;

/** A step's statements (exported for the test of their query plans). */
export const BOT_RECORDS_SQL = {
  // The key that ends a chunk: a walk of the table's own key (WITHOUT ROWID: its b-tree), no index needed.
  chunkEnd: 'SELECT key FROM bot_sessions WHERE key > ? ORDER BY key LIMIT 1 OFFSET ?',
  removeTo: `DELETE FROM bot_sessions WHERE key > @from AND key <= @to AND ${STALE}`,
  // The last chunk. Without the unary `+` in STALE the planner reads each prefix's whole range here
  // (an OR of key ranges) instead of the keys after @from: 170 ms at a million rows, measured.
  removeRest: `DELETE FROM bot_sessions WHERE key > @from AND ${STALE}`,
} as const;

const statements = perConnection((q) => {
  const sqlite = connectionOf(q);
  return {
    chunkEnd: sqlite.prepare<[string, number], { key: string }>(BOT_RECORDS_SQL.chunkEnd),
    removeTo: sqlite.prepare<[Cutoffs & { from: string; to: string }]>(BOT_RECORDS_SQL.removeTo),
    removeRest: sqlite.prepare<[Cutoffs & { from: string }]>(BOT_RECORDS_SQL.removeRest),
  };
});

/** The cutoffs of BOT_RECORD_RETENTION at `now`. */
function cutoffsAt(now: number): Cutoffs {
  const r = BOT_RECORD_RETENTION;
  return { card: now - r.card, shortfall: now - r.shortfall, newentry: now - r.newentry, askedof: now - r.askedof, decided: now - r.cardof };
}

/**
 * One step of pruning the bot's per-message records: among the next `limit`
 * rows of bot_sessions after key `after` (null: from the first), in key order,
 * deletes those past their kind's retention at `now`. Returns how many went and
 * where the next step starts; null when this step reached the end.
 */
export function pruneBotRecordsStep(q: Q, now: number, after: string | null, limit = BOT_RECORDS_CHUNK): { deleted: number; next: string | null } {
  const { chunkEnd, removeTo, removeRest } = statements(q);
  const from = after ?? '';
  const end = chunkEnd.get(from, Math.max(limit, 1) - 1)?.key;
  const cutoffs = cutoffsAt(now);
  const deleted = end === undefined ? removeRest.run({ ...cutoffs, from }).changes : removeTo.run({ ...cutoffs, from, to: end }).changes;
  return { deleted, next: end ?? null };
}
