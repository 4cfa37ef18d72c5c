// One small key/value adapter over the bot_sessions table. It serves both the
// session plugin (key `s:<chat>`) and the conversations plugin (key `c:<chat>`),
// so a restart of the process resumes a conversation exactly where it waited.
import { eq } from 'drizzle-orm';
import { botSessions } from '../../db/schema.js';
import type { CoreDeps } from '../../domain/index.js';

export type KeyValueAdapter<T> = {
  read(key: string): T | undefined;
  write(key: string, value: T): void;
  delete(key: string): void;
};

/** JSON values in bot_sessions. Synchronous (better-sqlite3), which both plugins accept. */
export function sqliteKeyValue<T>(deps: CoreDeps): KeyValueAdapter<T> {
  const { db } = deps;
  return {
    read(key) {
      const row = db.select({ value: botSessions.value }).from(botSessions).where(eq(botSessions.key, key)).get();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    write(key, value) {
      const json = JSON.stringify(value);
      const updatedAt = deps.clock();
      db.insert(botSessions)
        .values({ key, value: json, updatedAt })
        .onConflictDoUpdate({ target: botSessions.key, set: { value: json, updatedAt } })
        .run();
    },
    delete(key) {
      db.delete(botSessions).where(eq(botSessions.key, key)).run();
    },
  };
}
