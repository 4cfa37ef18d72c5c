import { eq } from 'drizzle-orm';
import { eventLog } from '../../../src/db/schema.js';
import type { CoreDeps } from '../../../src/domain/index.js';

export function listEventsAll(deps: CoreDeps, action: string): Array<{ actorUserId: number | null; payload: Record<string, unknown> }> {
  return deps.db
    .select()
    .from(eventLog)
    .where(eq(eventLog.action, action))
    .all()
    .map((e) => ({ actorUserId: e.actorUserId, payload: JSON.parse(e.payload) as Record<string, unknown> }));
}
