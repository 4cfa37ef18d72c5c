// The memory budget of password hashing: scrypt with OWASP's parameters takes
// 128 MiB per hash, so logins at once must queue, not run side by side (libuv
// alone would run 4 at once: 512 MiB). Measured in a child process with the
// production parameters: how far its peak RSS (VmHWM, reset through
// /proc/self/clear_refs just before the logins) rises above its RSS before
// them. That rise is the hashing's own, whatever the runtime holds beside it
// (tsx with the app's sources under Node 24 holds ~120 MB more than under
// Node 20). 8 logins are enough to fail without the gate and keep the test
// short (each hash takes 0.3-4 s); the peak does not grow with the queue (50
// at once were measured by hand, see README).
import { describe, expect, it } from 'vitest';
import { scriptResult } from '../support/script.js';

const SCRIPT = `
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './src/db/connection.ts';
import { runMigrations } from './src/db/migrate.ts';
import { authenticate, registerUser } from './src/domain/index.ts';
const conn = openDatabase(join(mkdtempSync(join(tmpdir(), 'fb-pw-')), 'db.sqlite'));
runMigrations(conn.db);
const deps = { db: conn.db, clock: Date.now };
await registerUser(deps, { email: 'ann@example.org', password: 'a long enough passphrase', name: 'Ann' });
const status = (key) => Number(new RegExp(key + ':\\\\s+(\\\\d+) kB').exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const before = status('VmRSS');
writeFileSync('/proc/self/clear_refs', '5'); // the peak starts again from the RSS of now
const results = await Promise.allSettled(Array.from({ length: Number(process.env.LOGINS) }, (_, i) => authenticate(deps, { email: 'ann@example.org', password: i % 2 ? 'a long enough passphrase' : 'wrong password here' })));
console.log(JSON.stringify({ ok: results.filter((r) => r.status === 'fulfilled').length, refused: results.filter((r) => r.status === 'rejected').length, before, rise: status('VmHWM') - before }));
`;

describe('password hashing memory budget', () => {
  it('concurrent logins with production scrypt parameters raise the peak RSS by one hash, not by four', { timeout: 180_000 }, async () => {
    // Rejects with the child's output unless it exits 0.
    const r = await scriptResult<{ ok: number; refused: number; before: number; rise: number }>(SCRIPT, { env: { ...process.env, LOGINS: '8' } });
    expect(r.ok).toBe(4);
    expect(r.refused).toBe(4);
    // One hash is 128 MiB; two at once would be 256.
    expect(r.rise).toBeGreaterThan(100 * 1024 * 1024);
    expect(r.rise).toBeLessThan(192 * 1024 * 1024);
  });
});
