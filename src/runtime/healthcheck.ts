// `finance-bot healthcheck [role]`: Docker's HEALTHCHECK for every role. The
// running process rewrites its heartbeat row every few seconds, and only when
// the database can be written; this command (a second process in the same
// container, hence the same hostname) reads it. Roles with an HTTP server
// (all, api, a webhook bot) must also answer GET /health/ready.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Config } from '../config.js';
import { openReadOnly } from '../db/backup.js';
import { freshHeartbeats, HEARTBEAT_STALE_MS } from '../db/heartbeat.js';
import * as schema from '../db/schema.js';

export type HealthReport = { healthy: boolean; message: string };

/** `role` undefined: whichever role runs on this host (a container runs one process). */
export async function checkHealth(config: Config, role: string | undefined, now = Date.now()): Promise<HealthReport> {
  const path = resolve(config.database.path);
  // Never created here (openReadOnly needs the file): a wrong DATABASE_PATH is named as such.
  if (!existsSync(path)) return { healthy: false, message: `no database at ${path} (DATABASE_PATH=${config.database.path})` };
  let beats;
  try {
    const sqlite = openReadOnly(path);
    try {
      beats = freshHeartbeats(drizzle(sqlite, { schema }), now, { role, host: hostname() }).filter((b) => b.role !== 'probe');
    } finally {
      sqlite.close();
    }
  } catch (err) {
    return { healthy: false, message: `cannot read the heartbeats in ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!beats.length) {
    return { healthy: false, message: `no heartbeat from ${role ? `the ${role} role` : 'finance-bot'} on ${hostname()} in the last ${HEARTBEAT_STALE_MS / 1000} s (not running, stuck, or the database ${path} cannot be written)` };
  }
  const beat = beats[0]!;
  const running = role ?? beat.role;
  const http = running === 'all' || running === 'api' || (running === 'bot' && config.bot.mode === 'webhook' && Boolean(config.bot.token));
  if (http) {
    const host = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.http.host) ? '127.0.0.1' : config.http.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}/health/ready`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
      if (res.status !== 200) return { healthy: false, message: `${url} answered ${res.status}` };
    } catch (err) {
      return { healthy: false, message: `${url}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { healthy: true, message: `${running} healthy (pid ${beat.pid}, heartbeat ${Math.round((now - beat.beatAt) / 1000)} s ago)` };
}
