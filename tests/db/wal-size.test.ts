// The WAL goes back to its usual size after a burst. SQLite reuses the WAL
// from its start after a checkpoint but never shrinks the file unless
// journal_size_limit says so: one big write (a CSV import, the first
// retention pass after an upgrade, writes piling up behind a long backup
// snapshot) left the -wal file at that size beside the database for ever.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT_BYTES } from '../../src/db/connection.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('WAL size', () => {
  it('a burst larger than the limit leaves a WAL no larger than the limit once later writes go on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-wal-'));
    dirs.push(dir);
    const path = join(dir, 'finance.db');
    const conn = openDatabase(path, { synchronous: 'NORMAL' });
    const { sqlite } = conn;
    sqlite.exec('CREATE TABLE burst (x BLOB)');
    const insert = sqlite.prepare('INSERT INTO burst VALUES (randomblob(8000))');
    const rows = Math.ceil((WAL_SIZE_LIMIT_BYTES * 1.5) / 8000);
    sqlite.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run();
    })();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    // The commit's automatic checkpoint copied the burst into the database; the next writes
    // start the WAL over, and it is cut back to the limit then.
    sqlite.exec('DELETE FROM burst');
    for (let i = 0; i < 3; i++) sqlite.prepare('INSERT INTO burst VALUES (1)').run();
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    conn.close();
  });
});
