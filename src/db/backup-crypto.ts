// Passphrase encryption of a backup in OpenSSL's `enc` format, so a person can
// decrypt it without this app:
//
//   openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -md sha256 -in backup.db.enc -out backup.db
//
// Layout: "Salted__" (8 bytes), an 8-byte random salt, then AES-256-CBC
// ciphertext with PKCS#7 padding; key and IV are the 48 bytes of
// PBKDF2-HMAC-SHA256(passphrase, salt, 600000 iterations). OpenSSL stores no
// iteration count in the file, hence the fixed one (OWASP's figure for
// PBKDF2-SHA256). CBC carries no authentication tag: a wrong passphrase shows
// as a padding error or, about once in 256, as valid padding around bytes that
// are not a database; both are the same wrong-passphrase error here, and
// restore runs `integrity_check` on the result before using it.
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';

export const ENCRYPTED_MAGIC = Buffer.from('Salted__', 'latin1');
/** The first 16 bytes of every SQLite database file, so of every backup's plaintext. */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
export const PBKDF2_ITERATIONS = 600_000;
export const OPENSSL_DECRYPT_COMMAND = `openssl enc -d -aes-256-cbc -pbkdf2 -iter ${PBKDF2_ITERATIONS} -md sha256 -in FILE.enc -out FILE.db`;

export class BackupPassphraseError extends Error {
  override name = 'BackupPassphraseError';
}

function keyAndIv(passphrase: string, salt: Buffer): { key: Buffer; iv: Buffer } {
  const bytes = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, PBKDF2_ITERATIONS, 48, 'sha256');
  return { key: bytes.subarray(0, 32), iv: bytes.subarray(32, 48) };
}

export function isEncryptedBackup(head: Buffer): boolean {
  return head.length >= 16 && head.subarray(0, 8).equals(ENCRYPTED_MAGIC);
}

export function encryptBackup(plain: Buffer, passphrase: string): Buffer {
  if (!passphrase) throw new BackupPassphraseError('The passphrase is empty');
  const salt = randomBytes(8);
  const { key, iv } = keyAndIv(passphrase, salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([ENCRYPTED_MAGIC, salt, cipher.update(plain), cipher.final()]);
}

export function decryptBackup(data: Buffer, passphrase: string): Buffer {
  if (!isEncryptedBackup(data)) throw new BackupPassphraseError('The file is not in OpenSSL "Salted__" format');
  const salt = data.subarray(8, 16);
  const { key, iv } = keyAndIv(passphrase, salt);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  } catch {
    throw new BackupPassphraseError('Wrong passphrase (or a damaged file): decryption failed');
  }
  if (!plain.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new BackupPassphraseError('Wrong passphrase (or a damaged file): the decrypted data is not a SQLite database');
  }
  return plain;
}
