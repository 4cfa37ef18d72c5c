// What the group tests read from the core, plus a look at the audit log.
import type { CoreDeps } from '../../../src/domain/index.js';
import { listEventsAll } from './events.js';

export { findGroup, getGroupSettings, linkGroup, listMembers, setUserLocale, updateGroupSettings } from '../../../src/domain/index.js';

/** Actor and reason of every audit event with this action. */
export function eventsOf(deps: CoreDeps, action: string): Array<{ actor: number | null; reason: unknown }> {
  return listEventsAll(deps, action).map((e) => ({ actor: e.actorUserId, reason: e.payload['reason'] }));
}
