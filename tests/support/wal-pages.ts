// Which b-trees (tables and indexes) a write reached, read from the WAL: each
// page a write touches is a WAL frame (two system calls and a share of the
// fsync), so the tests that pin these sets keep every index on a hot table
// tied to a query that reads it. The connection must not checkpoint meanwhile
// (PRAGMA wal_autocheckpoint = 0), or the WAL starts over.
import { readFileSync, statSync } from 'node:fs';
import type { Sqlite } from '../../src/db/connection.js';

/** The WAL's size now: pass it to treesWrittenSince after the write. */
export const walSize = (path: string): number => statSync(`${path}-wal`).size;

/** The sorted names of the b-trees whose pages the WAL received after byte `from`. */
export function treesWrittenSince(sqlite: Sqlite, path: string, from: number): string[] {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const owner = new Map((sqlite.prepare('SELECT pageno, name FROM dbstat').all() as Array<{ pageno: number; name: string }>).map((r) => [r.pageno, r.name]));
  const wal = readFileSync(`${path}-wal`);
  const trees = new Set<string>();
  // A WAL frame: a 24-byte header starting with the page number, then the page.
  for (let at = from; at + 24 <= wal.length; at += 24 + pageSize) trees.add(owner.get(wal.readUInt32BE(at)) ?? `page ${wal.readUInt32BE(at)}`);
  return [...trees].sort();
}
