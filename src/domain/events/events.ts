// The audit event log. Written inside the same transaction as the change it
// describes; read by owners and admins.
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
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

// Every change records an event: prepared once per connection.
const statements = perConnection((q) => ({
  insert: connectionOf(q).prepare<[number | null, number | null, string, string, string, string, number]>(
    'INSERT INTO event_log (family_id, actor_user_id, action, entity_type, entity_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
}));

export function recordEvent(q: Q, e: EventInput): void {
  statements(q).insert.run(e.familyId, e.actorUserId, e.action, e.entityType, String(e.entityId), JSON.stringify(e.payload ?? {}), e.at);
}

export type EventView = {
  id: number;
  familyId: number | null;
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
 * its newest entry (its index), so it is cheap for a recent event.
 */
export function eventPayloadAt(q: Q, e: { familyId: number | null; action: string; entityType: string; entityId: number | string; at: number }): Record<string, unknown> | undefined {
  const row = q
    .select({ payload: eventLog.payload })
    .from(eventLog)
    .where(
      and(
        e.familyId === null ? isNull(eventLog.familyId) : eq(eventLog.familyId, e.familyId),
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
