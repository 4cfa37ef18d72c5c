// Categories of expenses and incomes, and the category guess for quick entry.
import { and, asc, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { categories, transactions } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Q } from '../deps.js';
import { missingReference, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { requireMember } from '../families/access.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { cleanOptionalText, cleanText, TEXT_RULES } from '../text/text.js';
import { sharesWord, words } from './words.js';

export type Category = typeof categories.$inferSelect;
export type CategoryKind = 'expense' | 'income';

/** What recording an entry reads of its category: its kind and whether it is archived (the name only for an error: read again then). */
export type EntryCategory = Pick<Category, 'id' | 'kind' | 'archivedAt'>;

// Every categorised posting loads its category: prepared once per connection.
const CATEGORY = rawColumns(categories);
const ENTRY_CATEGORY = rawColumns(categories, ['id', 'kind', 'archivedAt']);
const statements = perConnection((q) => ({
  categoryOfFamily: rawQuery<[number, number], Category>(connectionOf(q), `SELECT ${CATEGORY.list} FROM categories WHERE id = ? AND family_id = ?`, CATEGORY.read),
  entryCategory: rawQuery<[number, number], EntryCategory>(connectionOf(q), `SELECT ${ENTRY_CATEGORY.list} FROM categories WHERE id = ? AND family_id = ?`, ENTRY_CATEGORY.read),
}));

/** categoryOfFamily's columns an entry needs (EntryCategory), the same not-found error. */
export function entryCategoryOfFamily(q: Q, familyId: number, categoryId: number, field?: string): EntryCategory {
  const c = statements(q).entryCategory.get(categoryId, familyId);
  if (!c) throw missingReference('category', categoryId, { categoryId, ...(field ? { field } : {}) });
  return c;
}

/** Loads a category of the given family (not found for another family's id); `field`: the input that named it, if any. */
export function categoryOfFamily(q: Q, familyId: number, categoryId: number, field?: string): Category {
  const c = statements(q).categoryOfFamily.get(categoryId, familyId);
  if (!c) throw missingReference('category', categoryId, { categoryId, ...(field ? { field } : {}) });
  return c;
}

function checkName(name: string): string {
  return cleanText(name, TEXT_RULES.categoryName);
}

export function createCategory(
  deps: CoreDeps,
  actorId: number,
  // requestKey: the request that asks for it (the bot's last answer); asked again, the category made first is answered (request-keys.ts).
  input: { familyId: number; kind: CategoryKind; name: string; emoji?: string | null; keywords?: string; requestKey?: string },
): Category {
  if (input.kind !== 'expense' && input.kind !== 'income') throw validation('kind', 'kind must be expense or income');
  const name = checkName(input.name);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_categories');
    const made = madeFor(tx, 'category', input.requestKey);
    if (made !== undefined) {
      const before = tx.select().from(categories).where(and(eq(categories.id, made), eq(categories.familyId, input.familyId))).get();
      if (before) return before;
    }
    const c = tx
      .insert(categories)
      .values({ familyId: input.familyId, kind: input.kind, name, emoji: checkEmoji(input.emoji), keywords: (cleanOptionalText(input.keywords, TEXT_RULES.keywords) ?? name).toLowerCase(), createdAt: at })
      .returning()
      .get();
    rememberMade(tx, 'category', input.requestKey, c.id, at);
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'category.created', entityType: 'category', entityId: c.id, payload: { name, kind: input.kind }, at });
    return c;
  });
}

export function renameCategory(deps: CoreDeps, actorId: number, input: { familyId: number; categoryId: number; name: string }): Category {
  const name = checkName(input.name);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_categories');
    const before = categoryOfFamily(tx, input.familyId, input.categoryId);
    // The same name again (a redelivered answer, a repeat) changes nothing and writes no event.
    if (before.name === name && before.nameKey === null) return before;
    const c = tx.update(categories).set({ name, nameKey: null }).where(eq(categories.id, before.id)).returning().get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'category.renamed', entityType: 'category', entityId: c.id, payload: { from: before.name, to: name }, at });
    return c;
  });
}

/** An emoji for a category: one pictographic symbol (with its modifiers), or null to remove it. */
export function checkEmoji(emoji: string | null | undefined): string | null {
  if (emoji === null || emoji === undefined) return null;
  if (emoji.trim() === '') return null;
  // The text rule first (valid Unicode, no controls or direction overrides, NFC), then: one emoji.
  const e = cleanText(emoji, TEXT_RULES.emoji);
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(e)];
  if (graphemes.length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(e) || e.length > 16) throw validation('emoji', 'Send a single emoji, like 🛒');
  return e;
}

/** Sets or removes a category's emoji. */
export function setCategoryEmoji(deps: CoreDeps, actorId: number, input: { familyId: number; categoryId: number; emoji: string | null }): Category {
  const emoji = checkEmoji(input.emoji);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_categories');
    const before = categoryOfFamily(tx, input.familyId, input.categoryId);
    if (before.emoji === emoji) return before;
    const c = tx.update(categories).set({ emoji }).where(eq(categories.id, before.id)).returning().get();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'category.emoji_set', entityType: 'category', entityId: c.id, payload: { from: before.emoji, to: emoji }, at });
    return c;
  });
}

export function archiveCategory(deps: CoreDeps, actorId: number, input: { familyId: number; categoryId: number }): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    requireMember(tx, input.familyId, actorId, 'manage_categories');
    const c = categoryOfFamily(tx, input.familyId, input.categoryId);
    if (c.archivedAt) return;
    tx.update(categories).set({ archivedAt: at }).where(eq(categories.id, c.id)).run();
    recordEvent(tx, { familyId: input.familyId, actorUserId: actorId, action: 'category.archived', entityType: 'category', entityId: c.id, at });
  });
}

// Every quick entry reads the person's recent entries to guess a category (and
// the family's categories when none matches): prepared once per connection,
// read raw (rawColumns).
const CATEGORY_IN_HISTORY = rawColumns(categories, undefined, 'c');
// The note's place in a history row: after the category's columns.
const DESCRIPTION_AT = Object.keys(getTableColumns(categories)).length;
const listStatements = perConnection((q) => ({
  all: rawQuery<[number], Category>(connectionOf(q), `SELECT ${CATEGORY.list} FROM categories WHERE family_id = ? AND archived_at IS NULL ORDER BY id`, CATEGORY.read),
  ofKind: rawQuery<[number, string], Category>(
    connectionOf(q),
    `SELECT ${CATEGORY.list} FROM categories WHERE family_id = ? AND archived_at IS NULL AND kind = ? ORDER BY id`,
    CATEGORY.read,
  ),
  // The person's entries of this kind with a live category, newest first (through the created_by index),
  // read row by row until a note shares a word: their latest entry usually does, so one or two rows
  // are read instead of 200. The category's columns come first, the note last (see categoryForEntry).
  history: connectionOf(q)
    .prepare<[string, number, number, string], unknown[]>(
      `SELECT ${CATEGORY_IN_HISTORY.list}, t.description FROM transactions t
       JOIN categories c ON c.id = t.category_id AND c.family_id = t.family_id AND c.archived_at IS NULL AND c.kind = ?
       WHERE t.family_id = ? AND t.created_by = ? AND t.kind = ? AND t.reversal_of IS NULL
       ORDER BY t.id DESC LIMIT 200`,
    )
    .raw(true),
}));

/** Active categories; with `usageBy`, that person's most used come first. */
export function listCategories(
  deps: CoreDeps,
  actorId: number,
  familyId: number,
  opts: { kind?: CategoryKind; usageBy?: number } = {},
): Category[] {
  requireMember(deps.db, familyId, actorId, 'view');
  if (opts.usageBy === undefined) {
    const s = listStatements(deps.db);
    return opts.kind ? s.ofKind.all(familyId, opts.kind) : s.all.all(familyId);
  }
  const where = and(eq(categories.familyId, familyId), isNull(categories.archivedAt), opts.kind ? eq(categories.kind, opts.kind) : undefined);
  const uses = sql<number>`(select count(*) from ${transactions} t where t.category_id = ${categories.id} and t.created_by = ${opts.usageBy} and t.reversal_of is null)`;
  return deps.db
    .select({ c: categories, uses })
    .from(categories)
    .where(where)
    .orderBy(desc(uses), asc(categories.id))
    .all()
    .map((r) => r.c);
}

/**
 * Guesses a category for quick entry: first the person's own history (the
 * category they used last with one of these words), then category names and
 * keywords. Returns undefined when nothing matches.
 */
export function guessCategory(deps: CoreDeps, actorId: number, familyId: number, kind: CategoryKind, text: string): Category | undefined {
  requireMember(deps.db, familyId, actorId, 'view');
  return guessIn(deps.db, actorId, familyId, kind, words(text), () => listStatements(deps.db).ofKind.all(familyId, kind));
}

/** `ofKind`: the family's active categories of the kind, read when the history has no match. */
function guessIn(q: Q, actorId: number, familyId: number, kind: CategoryKind, ws: string[], ofKind: () => Category[]): Category | undefined {
  if (ws.length === 0) return undefined;
  const s = listStatements(q);
  for (const row of s.history.iterate(kind, familyId, actorId, kind)) {
    // Returning from the loop ends the iterator, which resets the statement.
    const note = row[DESCRIPTION_AT] as string | null;
    if (note && sharesWord(note, ws)) return CATEGORY_IN_HISTORY.read(row);
  }
  for (const c of ofKind()) {
    const vocab = new Set([...words(c.name), ...words(c.keywords)]);
    if (ws.some((w) => vocab.has(w) || [...vocab].some((v) => v.length >= 4 && w.length >= 4 && (w.startsWith(v) || v.startsWith(w))))) return c;
  }
  return undefined;
}

// The catch-all categories every family starts with (families/defaults.ts).
const CATCH_ALL_EMOJI: Record<CategoryKind, string> = { expense: '📦', income: '💰' };

/**
 * The category a quick entry is filed under (the member is checked by the
 * caller): the guess from the note (guessCategory), else the kind's catch-all
 * (📦 Other, 💰 Other income: by its default emoji, else the newest of that
 * kind), else none. The family's categories are read only when the person's
 * history has no match.
 */
export function categoryForEntry(q: Q, actorId: number, familyId: number, kind: CategoryKind, note: string): Category | undefined {
  let listed: Category[] | undefined;
  const ofKind = () => (listed ??= listStatements(q).ofKind.all(familyId, kind));
  const guess = guessIn(q, actorId, familyId, kind, words(note), ofKind);
  if (guess) return guess;
  return ofKind().find((c) => c.emoji === CATCH_ALL_EMOJI[kind]) ?? ofKind().at(-1);
}
