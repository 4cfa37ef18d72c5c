// Wires the adapters for a role. Each part starts with explicit dependencies
// and returns a stop function; main.ts stops them in reverse order.
import type { AppRole, Config } from './config.js';
import type { Connection } from './db/connection.js';
import type { CoreDeps } from './domain/deps.js';
import type { Logger } from './logger.js';

export type RunningPart = { name: string; stop: () => Promise<void> };
export type AppContext = { config: Config; log: Logger; conn: Connection; role: AppRole };

export async function startParts(app: AppContext): Promise<RunningPart[]> {
  const deps: CoreDeps = { db: app.conn.db, clock: Date.now };
  void deps;
  const parts: RunningPart[] = [];
  return parts;
}
