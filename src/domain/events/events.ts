// The audit event log. Written inside the same transaction as the change it
// describes; read by owners and admins.
import { and, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import { eventLog } from '../../db/schema.js';
import type { CoreDeps, Q } from '../deps.js';
import { requireMember } from '../families/access.js';
import { connectionOf, perConnection } from '../prepared.js';

export type EventInput = {
  familyId: number | null;
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: number | string;
  payload?: Record<string, unknown>;
  at: number;
};

/** event_log.family_id of an event outside any family (a part of the key cannot be NULL; no family has id 0). */
export const NO_FAMILY = 0;

/** event_log.log_key = family_id * KEY_SPAN + id (drizzle/0022): a family's events are one range of the rowid. */
const KEY_SPAN = 2 ** 32;

/**
 * The family's events (ids below `beforeId` when given), as a range of the log's rowid: the
 * condition every read of one family's log goes through, so it reads that range and nothing else.
 */
export function familyEvents(familyId: number, beforeId?: number): SQL {
  const base = familyId * KEY_SPAN;
  // A cursor past the family's span must not reach into the next family's range.
  const below = beforeId === undefined ? KEY_SPAN : Math.min(Math.max(Math.trunc(beforeId), 0), KEY_SPAN);
  return and(gt(eventLog.logKey, base), lt(eventLog.logKey, base + below))!;
}

// Every change records an event: prepared once per connection. The log's rowid is family_id * 2^32 + id
// (drizzle/0022): the id is one more than the family's newest, read by the insert itself (the last key
// of the family's range: the page this row goes to). An insert holds the database's write lock from its
// start (inside the caller's BEGIN IMMEDIATE, or its own statement transaction), so no other process can
// take the same id: ids grow in write order.
// A VALUES row whose key and id are scalar subqueries (each run once per insert, the second seek on the
// page the first just read), not INSERT … SELECT … FROM (subquery): SQLite materialises a FROM-subquery in an
// ephemeral table first, ~2 µs more per event (EXPLAIN shows OpenEphemeral; tests/domain/event-log.test.ts).
// Positional parameters, the family bound once per use: better-sqlite3 binds named ones (and ?NNN) by looking
// each name up on the object given.
const newest = (column: 'log_key' | 'id') =>
  `(SELECT ${column} FROM event_log WHERE log_key > ? * ${KEY_SPAN} AND log_key < (? + 1) * ${KEY_SPAN} ORDER BY log_key DESC LIMIT 1)`;
/** The insert's SQL (exported for the test that reads its plan). */
export const INSERT_EVENT_SQL = `INSERT INTO event_log (log_key, family_id, id, actor_user_id, action, entity_type, entity_id, payload, created_at)
     VALUES (coalesce(${newest('log_key')}, ? * ${KEY_SPAN}) + 1, ?, coalesce(${newest('id')}, 0) + 1, ?, ?, ?, ?, ?, ?)`;
const statements = perConnection((q) => ({
  insert: connectionOf(q).prepare<[number, number, number, number, number, number, number | null, string, string, string, string, number]>(INSERT_EVENT_SQL),
}));

export function recordEvent(q: Q, e: EventInput): void {
  const f = e.familyId ?? NO_FAMILY;
  statements(q).insert.run(f, f, f, f, f, f, e.actorUserId, e.action, e.entityType, String(e.entityId), JSON.stringify(e.payload ?? {}), e.at);
}

export type EventView = {
  /** Unique within the family; grows in the order its events were written. */
  id: number;
  familyId: number;
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
  createdAt: number;
};

export function listEvents(
  deps: CoreDeps,
  actorId: number,
  input: { familyId: number; limit?: number; beforeId?: number },
): EventView[] {
  requireMember(deps.db, input.familyId, actorId, 'view_audit');
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const rows = deps.db
    .select({
      id: eventLog.id,
      familyId: eventLog.familyId,
      actorUserId: eventLog.actorUserId,
      action: eventLog.action,
      entityType: eventLog.entityType,
      entityId: eventLog.entityId,
      payload: eventLog.payload,
      createdAt: eventLog.createdAt,
    })
    .from(eventLog)
    .where(familyEvents(input.familyId, input.beforeId))
    .orderBy(desc(eventLog.logKey))
    .limit(limit)
    .all();
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/**
 * The payload of the event `action` on one entity recorded at `at` in a family's
 * log (null: events outside any family), or undefined. Walks the family's log from
 * its newest entry (its key), so it is cheap for a recent event.
 */
export function eventPayloadAt(q: Q, e: { familyId: number | null; action: string; entityType: string; entityId: number | string; at: number }): Record<string, unknown> | undefined {
  const row = q
    .select({ payload: eventLog.payload })
    .from(eventLog)
    .where(
      and(
        familyEvents(e.familyId ?? NO_FAMILY),
        eq(eventLog.action, e.action),
        eq(eventLog.entityType, e.entityType),
        eq(eventLog.entityId, String(e.entityId)),
        eq(eventLog.createdAt, e.at),
      ),
    )
    .orderBy(desc(eventLog.logKey))
    .get();
  return row ? (JSON.parse(row.payload) as Record<string, unknown>) : undefined;
}
