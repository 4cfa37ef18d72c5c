// A connection's writer may keep a transaction open across turns of the event
// loop: group commit (domain/group-commit.ts) holds one BEGIN IMMEDIATE open
// until the loop is idle. SQLite refuses some statements inside a transaction
// ("cannot VACUUM from within a transaction": the backup's VACUUM INTO), so
// whoever runs one on the writers' connection first asks that writer to commit
// what it holds. The db layer cannot import the domain's group commit; the
// group commit registers itself here instead.
import type { Sqlite } from './connection.js';

const settlers = new WeakMap<Sqlite, Set<() => void>>();

/** Registers `commit` as the way to close the transaction a writer holds open on `sqlite`; returns the unregistering function. */
export function registerOpenWrites(sqlite: Sqlite, commit: () => void): () => void {
  let set = settlers.get(sqlite);
  if (!set) settlers.set(sqlite, (set = new Set()));
  set.add(commit);
  return () => set.delete(commit);
}

/** Commits every transaction a registered writer holds open on `sqlite` (a no-op when none is). */
export function settleOpenWrites(sqlite: Sqlite): void {
  for (const commit of settlers.get(sqlite) ?? []) commit();
}
