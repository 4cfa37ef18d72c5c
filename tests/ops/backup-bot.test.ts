// /backup in the bot: only the instance owner, only in a private chat, gets
// the database; with a passphrase the file is OpenSSL-encrypted and restore
// reads it; the passphrase message is deleted from the chat.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from '../../src/db/backup.js';
import { isEncryptedBackup } from '../../src/db/backup-crypto.js';
import { restoreDatabase } from '../../src/db/restore.js';
import { startHarness, type Harness } from '../bot/support/harness.js';
import { seedFamily } from '../bot/support/seed.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fileOf(h: Harness, fileId: string): Buffer {
  return h.tg.store.files.get(fileId)!.data as Buffer;
}

describe('/backup', () => {
  it('sends the owner an encrypted file that restore reads, and refuses everyone else', { timeout: 60_000 }, async () => {
    h = await startHarness();
    const ann = h.person(9401, 'Ann');
    const bob = h.person(9402, 'Bob');
    seedFamily(h.db.deps, ann, [[bob, 'admin']]);

    bob.send('/backup');
    await bob.waitForMessage(/Only the owner of this finance-bot server/);

    ann.send('/backup');
    await ann.waitForMessage(/holds the whole server's books/);
    const secret = ann.send('correct horse battery');
    const doc = await ann.waitForMessage((m) => m.document !== undefined, { timeoutMs: 30_000 });
    expect(doc.document!.file_name).toMatch(/^finance-\d{4}-\d{2}-\d{2}\.db\.enc$/);
    // The caption names the day in the reader's language ("Nov 25, 2026"), not as the file name's ISO date.
    expect(doc.caption).toMatch(/^Encrypted backup of [A-Z][a-z]{2} \d{1,2}, \d{4} /);
    expect(ann.history().some((m) => m.message_id === secret)).toBe(false); // the passphrase was deleted
    const data = fileOf(h, doc.document!.file_id);
    expect(isEncryptedBackup(data)).toBe(true);
    const enc = join(h.db.dir, 'sent.db.enc');
    writeFileSync(enc, data);
    const target = join(h.db.dir, 'restored.db');
    await restoreDatabase({ file: enc, dbPath: target, passphrase: async () => 'correct horse battery' });
    expect(checkDatabaseFile(target)).toEqual([]);
    expect(bob.messages().some((m) => m.document !== undefined)).toBe(false);
  });

  it('a file without a passphrase is a SQLite database', { timeout: 60_000 }, async () => {
    h = await startHarness();
    const ann = h.person(9411, 'Ann');
    seedFamily(h.db.deps, ann);
    ann.send('/backup');
    await ann.waitForMessage(/holds the whole server's books/);
    ann.press(/Without a passphrase/);
    const doc = await ann.waitForMessage((m) => m.document !== undefined, { timeoutMs: 30_000 });
    expect(fileOf(h, doc.document!.file_id).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });
});
