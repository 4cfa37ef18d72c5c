// One small key/value adapter over the bot_sessions table. It serves both the
// session plugin (key `s:<chat>`) and the conversations plugin (key `c:<chat>`),
// so a restart of the process resumes a conversation exactly where it waited.
//
// grammY writes a session back after every update that read it, changed or
// not; the adapter remembers the JSON it read and skips a write of the very
// same JSON, so an update that changes nothing writes nothing. Statements are
// prepared once (this runs for every update), and writes go through writeStatement
// so that, with group commit, they share the batch of the update's other writes.
import { writeStatement, type CoreDeps } from '../../domain/index.js';
import { connectionOf, perConnection } from '../../domain/prepared.js';

export type KeyValueAdapter<T> = {
  read(key: string): T | undefined;
  /** The same read, with when the value was last written. */
  readStamped(key: string): { value: T; updatedAt: number } | undefined;
  write(key: string, value: T): void;
  delete(key: string): void;
};

/** Keys read but not yet written back (an update that threw is not written back): bounded. */
const MAX_REMEMBERED = 10_000;

// Prepared once per connection (adapters are also made per call, e.g. the card store).
const statements = perConnection((q) => {
  const sqlite = connectionOf(q);
  return {
    select: sqlite.prepare<[string], { value: string; updated_at: number }>('SELECT value, updated_at FROM bot_sessions WHERE key = ?'),
    upsert: sqlite.prepare<[string, string, number]>(
      'INSERT INTO bot_sessions (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ),
    remove: sqlite.prepare<[string]>('DELETE FROM bot_sessions WHERE key = ?'),
  };
});

/** JSON values in bot_sessions. Synchronous (better-sqlite3), which both plugins accept. */
export function sqliteKeyValue<T>(deps: CoreDeps): KeyValueAdapter<T> {
  const { select, upsert, remove } = statements(deps.db);
  const lastRead = new Map<string, string>();
  const readStamped = (key: string): { value: T; updatedAt: number } | undefined => {
    const row = select.get(key);
    if (!row) {
      lastRead.delete(key);
      return undefined;
    }
    if (lastRead.size >= MAX_REMEMBERED) lastRead.clear();
    lastRead.set(key, row.value);
    return { value: JSON.parse(row.value) as T, updatedAt: row.updated_at };
  };
  return {
    read: (key) => readStamped(key)?.value,
    readStamped,
    write(key, value) {
      const json = JSON.stringify(value);
      const before = lastRead.get(key);
      lastRead.delete(key);
      if (before === json) return;
      writeStatement(deps, () => upsert.run(key, json, deps.clock()));
    },
    delete(key) {
      const had = lastRead.delete(key);
      // Nothing was stored under this key when it was read: nothing to delete.
      if (!had && !select.get(key)) return;
      writeStatement(deps, () => remove.run(key));
    },
  };
}

/** Records kept per chat message (key `<prefix>:<chat>:<message>`) in bot_sessions, through sqliteKeyValue. */
export function messageStore<T>(deps: CoreDeps, prefix: string) {
  const kv = sqliteKeyValue<T>(deps);
  const key = (chatId: number, messageId: number) => `${prefix}:${chatId}:${messageId}`;
  return {
    get: (chatId: number, messageId: number): T | undefined => kv.read(key(chatId, messageId)),
    set: (chatId: number, messageId: number, value: T): void => kv.write(key(chatId, messageId), value),
    drop: (chatId: number, messageId: number): void => kv.delete(key(chatId, messageId)),
  };
}
