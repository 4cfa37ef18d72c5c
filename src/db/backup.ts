// Online backup through SQLite's backup API: consistent while the app runs.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Sqlite } from './connection.js';

export async function backupDatabase(sqlite: Sqlite, target: string): Promise<void> {
  mkdirSync(dirname(resolve(target)), { recursive: true });
  await sqlite.backup(target);
}
