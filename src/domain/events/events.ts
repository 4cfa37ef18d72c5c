// The audit event log. Written inside the same transaction as the change it
// describes; read by owners and admins.
import { and, desc, eq, lt } from 'drizzle-orm';
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

/** event_log.family_id of an event outside any family (a key column cannot be NULL; no family has id 0). */
export const NO_FAMILY = 0;

// Every change records an event: prepared once per connection. The log is keyed (family_id, id)
// (WITHOUT ROWID, drizzle/0022): the id is one more than the family's newest, read by the insert
// itself (the last entry of the family's range of the key, the page this row goes to). An insert
// holds the database's write lock from its start (inside the caller's BEGIN IMMEDIATE, or its own
// statement transaction), so no other process can take the same id: ids grow in write order.
const statements = perConnection((q) => ({
  insert: connectionOf(q).prepare<[number, number | null, string, string, string, string, number, number]>(
    `INSERT INTO event_log (family_id, id, actor_user_id, action, entity_type, entity_id, payload, created_at)
     SELECT ?, coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ? FROM event_log WHERE family_id = ?`,
  ),
}));

export function recordEvent(q: Q, e: EventInput): void {
  const family = e.familyId ?? NO_FAMILY;
  statements(q).insert.run(family, e.actorUserId, e.action, e.entityType, String(e.entityId), JSON.stringify(e.payload ?? {}), e.at, family);
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
    .select()
    .from(eventLog)
    .where(and(eq(eventLog.familyId, input.familyId), input.beforeId ? lt(eventLog.id, input.beforeId) : undefined))
    .orderBy(desc(eventLog.id))
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
        eq(eventLog.familyId, e.familyId ?? NO_FAMILY),
        eq(eventLog.action, e.action),
        eq(eventLog.entityType, e.entityType),
        eq(eventLog.entityId, String(e.entityId)),
        eq(eventLog.createdAt, e.at),
      ),
    )
    .orderBy(desc(eventLog.id))
    .get();
  return row ? (JSON.parse(row.payload) as Record<string, unknown>) : undefined;
}
