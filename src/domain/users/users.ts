// People: created from a Telegram chat or with an email and a password.
import { eq } from 'drizzle-orm';
import { familyMembers, telegramIdentities, users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { DomainError, notFound, validation } from '../errors.js';
import { recordEvent } from '../events/events.js';
import { connectionOf, perConnection, rawColumns, rawQuery } from '../prepared.js';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js';
import { cleanText, safeForeignText, TEXT_RULES } from '../text/text.js';

export type User = typeof users.$inferSelect;
export type TelegramProfile = {
  chatId: number;
  telegramUserId?: number;
  username?: string | null;
  firstName?: string | null;
  languageCode?: string | null;
};

/** Finds the user of a Telegram chat, creating one on first contact. Refreshes username/first name. */
export function ensureTelegramUser(deps: CoreDeps, raw: TelegramProfile): { user: User; created: boolean } {
  const at = deps.clock();
  // Telegram's names cannot be refused: they are stored made safe by the text rule (controls and direction overrides stripped).
  const profile: TelegramProfile = {
    ...raw,
    username: safeForeignText(raw.username, TEXT_RULES.telegramName),
    firstName: safeForeignText(raw.firstName, TEXT_RULES.telegramName),
    languageCode: safeForeignText(raw.languageCode, { field: 'language_code', max: 16, kind: 'name' }),
  };
  return writeTx(deps, (tx) => {
    const identity = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, profile.chatId)).get();
    if (identity) {
      if (identity.username !== (profile.username ?? null) || identity.firstName !== (profile.firstName ?? null)) {
        tx.update(telegramIdentities)
          .set({ username: profile.username ?? null, firstName: profile.firstName ?? null })
          .where(eq(telegramIdentities.id, identity.id))
          .run();
      }
      const user = tx.select().from(users).where(eq(users.id, identity.userId)).get();
      if (!user) throw notFound('User');
      return { user, created: false };
    }
    const name = (profile.firstName ?? profile.username ?? `Telegram ${profile.chatId}`).slice(0, 64);
    const locale = profile.languageCode?.toLowerCase().startsWith('ru') ? 'ru' : profile.languageCode ? 'en' : null;
    const user = tx.insert(users).values({ name: safeForeignText(name, TEXT_RULES.userName) ?? `Telegram ${profile.chatId}`, locale, createdAt: at, updatedAt: at }).returning().get();
    tx.insert(telegramIdentities)
      .values({
        userId: user.id,
        chatId: profile.chatId,
        telegramUserId: profile.telegramUserId ?? profile.chatId,
        username: profile.username ?? null,
        firstName: profile.firstName ?? null,
        languageCode: profile.languageCode ?? null,
        boundAt: at,
      })
      .run();
    recordEvent(tx, { familyId: null, actorUserId: user.id, action: 'user.created', entityType: 'user', entityId: user.id, payload: { via: 'telegram' }, at });
    return { user, created: true };
  });
}

// The bot resolves the person behind every update: prepared once per connection, read raw (rawColumns).
const USER = rawColumns(users, undefined, 'u');
const statements = perConnection((q) => ({
  byChat: rawQuery<[number], User>(connectionOf(q), `SELECT ${USER.list} FROM telegram_identities ti JOIN users u ON u.id = ti.user_id WHERE ti.chat_id = ?`, USER.read),
}));

export function findUserByChat(deps: CoreDeps, chatId: number): User | undefined {
  return statements(deps.db).byChat.get(chatId);
}

export function getUser(deps: CoreDeps, userId: number): User {
  const user = deps.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw notFound('User');
  return user;
}

export function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw validation('email', 'This is not a valid email address');
  return e;
}

export async function registerUser(deps: CoreDeps, input: { email: string; password: string; name: string; locale?: string }): Promise<User> {
  const email = normalizeEmail(input.email);
  const name = cleanText(input.name, TEXT_RULES.userName);
  const weak = passwordWeakness(input.password, email);
  if (weak) throw validation('password', weak);
  const passwordHash = await hashPassword(input.password, deps.passwordParams);
  const at = deps.clock();
  return writeTx(deps, (tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new DomainError('conflict', 'An account with this email already exists', { field: 'email', reason: 'email_taken' });
    }
    const user = tx.insert(users).values({ email, passwordHash, name, locale: input.locale ?? null, createdAt: at, updatedAt: at }).returning().get();
    recordEvent(tx, { familyId: null, actorUserId: user.id, action: 'user.registered', entityType: 'user', entityId: user.id, payload: { via: 'email' }, at });
    return user;
  });
}

// A valid hash of a random password, verified when the email is unknown so
// both failure paths cost one scrypt and take similar time.
let dummyHash: Promise<string> | undefined;

/** Checks an email and password; one generic error for every failure. */
export async function authenticate(deps: CoreDeps, input: { email: string; password: string }): Promise<User> {
  const fail = () => new DomainError('unauthorized', 'Invalid email or password');
  let email: string;
  try {
    email = normalizeEmail(input.email);
  } catch {
    email = '';
  }
  const user = email ? deps.db.select().from(users).where(eq(users.email, email)).get() : undefined;
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-' + Math.random(), deps.passwordParams);
    await verifyPassword(input.password, await dummyHash);
    throw fail();
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) throw fail();
  return user;
}

export function setUserLocale(deps: CoreDeps, userId: number, locale: 'en' | 'ru'): void {
  if (locale !== 'en' && locale !== 'ru') throw validation('locale', 'Unsupported language');
  deps.db.update(users).set({ locale, updatedAt: deps.clock() }).where(eq(users.id, userId)).run();
}

/** True when the user belongs to any family (has "family data"). */
export function hasFamilyData(deps: CoreDeps, userId: number): boolean {
  return Boolean(deps.db.select({ id: familyMembers.id }).from(familyMembers).where(eq(familyMembers.userId, userId)).get());
}
