// Signatures already seen inside their validity window. A signature is only
// accepted once; rows older than the window are useless (the timestamp check
// refuses them anyway) and are dropped as new ones arrive.
import { lt } from 'drizzle-orm';
import type { DB } from '../../db/connection.js';
import { hmacReplays } from '../../db/schema.js';

/** Records a signature; false when it was already recorded (a replay). */
export function rememberSignature(db: DB, signature: string, expiresAt: number, now: number): boolean {
  db.delete(hmacReplays).where(lt(hmacReplays.expiresAt, now)).run();
  const result = db.insert(hmacReplays).values({ signature, expiresAt }).onConflictDoNothing().run();
  return result.changes === 1;
}
