// The core of web logins without HTTP: the merge re-points everything an
// absorbed account left behind, and refuses what it must never do.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eventLog, transactions, users } from '../../src/db/schema.js';
import { confirmBinding, createBindingCode, rotateRefreshToken, startSession } from '../../src/domain/auth/index.js';
import { mergeAccountsIn } from '../../src/domain/auth/merge.js';
import { createInvite, createTransaction, ensureTelegramUser, joinFamily, leaveFamily, registerUser, writeTx, DomainError } from '../../src/domain/index.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { fund, makeFamily } from '../support/builders.js';

let db: TestDb;
beforeEach(() => {
  db = createTestDb();
});
afterEach(() => {
  db.cleanup();
});

it('an absorbed account that once was in a family hands its history to the survivor', async () => {
  const deps = db.deps;
  const f = makeFamily(deps);
  fund(deps, f, f.cashId, 10_000);
  // A web account joins a family, records something, then leaves: no family data, but history.
  const web = await registerUser(deps, { email: 'web@example.com', password: 'correct horse battery', name: 'Web' });
  joinFamily(deps, web.id, createInvite(deps, f.owner, { familyId: f.familyId, role: 'member' }).code);
  const t = createTransaction(deps, web.id, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100 }).transaction;
  leaveFamily(deps, web.id, f.familyId);
  const session = startSession(deps, web.id);
  // Its Telegram twin owns a family of its own.
  const tg = ensureTelegramUser(deps, { chatId: 8080, firstName: 'Tg' }).user;
  joinFamily(deps, tg.id, createInvite(deps, f.owner, { familyId: f.familyId, role: 'viewer' }).code);

  const result = confirmBinding(deps, web.id, { code: createBindingCode(deps, { chatId: 8080 }).code });
  expect(result).toMatchObject({ userId: tg.id, outcome: 'email_into_telegram', absorbedUserId: web.id });
  expect(deps.db.select().from(transactions).where(eq(transactions.id, t.id)).get()?.createdBy).toBe(tg.id);
  expect(deps.db.select().from(eventLog).where(eq(eventLog.actorUserId, web.id)).all()).toEqual([]);
  expect(deps.db.select().from(users).where(eq(users.id, web.id)).get()).toBeUndefined();
  // The web login's session carries on, as the survivor.
  expect(rotateRefreshToken(deps, session.refreshToken).userId).toBe(tg.id);
});

it('never absorbs an account that has family data', () => {
  const f = makeFamily(db.deps);
  expect(() => writeTx(db.deps, (tx) => mergeAccountsIn(tx, db.clock(), f.owner, f.members.admin))).toThrow(DomainError);
  expect(db.deps.db.select().from(users).where(eq(users.id, f.owner)).get()).toBeDefined();
});

it('a binding code is hashed at rest and made of unambiguous characters', () => {
  const { code, expiresIn, expiresAt } = createBindingCode(db.deps, { chatId: 1 });
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect(expiresIn).toBe(600);
  expect(expiresAt).toBe(db.clock() + 600_000);
  const stored = db.conn.sqlite.prepare('select code_hash from binding_codes').get() as { code_hash: string };
  expect(stored.code_hash).not.toContain(code);
});

it('refuses a chat id that is not one', () => {
  expect(() => createBindingCode(db.deps, { chatId: 0 })).toThrow(/chat_id/);
  expect(() => createBindingCode(db.deps, { chatId: 1.5 })).toThrow(/chat_id/);
});
