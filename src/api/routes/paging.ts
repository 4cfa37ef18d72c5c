// Keyset paging over HTTP: next_cursor is an opaque string (the last id of the
// page, encoded); a client passes it back as ?cursor= for the next page.
import { badInput } from '../errors.js';

export const limitParam = { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: 'a number from 1 to 100 (default 20 for transactions, 50 for events)' } as const;

export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^id:([1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badInput('cursor', 'cursor is not valid; pass next_cursor from the previous page');
  return Number(m[1]);
}
