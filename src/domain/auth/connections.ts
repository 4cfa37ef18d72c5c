// Taking a chat or the email login off an account, from one of the account's
// own chats: the [Disconnect] button under "a new chat / login was connected".
// A chat cannot disconnect itself here (that would leave the decision to the
// newcomer). The account's sessions end with either (see below).
import { and, eq, isNull } from 'drizzle-orm';
import { sessions, telegramIdentities, users } from '../../db/schema.js';
import { writeTx, type CoreDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import { madeFor, rememberMade } from '../requests/request-keys.js';
import { recordAccountEvent } from './binding.js';

export type Disconnect = { kind: 'chat'; chatId: number } | { kind: 'email' };

const nothing = () => new DomainError('not_found', 'This is not connected to your account (any more)', { reason: 'not_connected' });

/**
 * Disconnects `target` from the account of `byChatId`. Codes: not_found (not connected to this account), validation
 * (a chat disconnecting itself). The same request (`requestKey`: a [Disconnect] press handled again after a crash)
 * finds its own disconnection and succeeds again, doing nothing more; another press is told it is not connected.
 */
export function disconnectLogin(deps: CoreDeps, byChatId: number, target: Disconnect, opts: { requestKey?: string } = {}): void {
  const at = deps.clock();
  writeTx(deps, (tx) => {
    const by = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, byChatId)).get();
    if (!by) throw nothing();
    const userId = by.userId;
    // made_id: the chat taken off, or the account whose email login was.
    const made = target.kind === 'chat' ? target.chatId : userId;
    if (madeFor(tx, 'disconnect', opts.requestKey) === made) return;
    if (target.kind === 'chat') {
      if (target.chatId === byChatId) throw new DomainError('validation', 'A chat cannot disconnect itself here', { reason: 'same_chat' });
      const t = tx.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, target.chatId)).get();
      if (!t || t.userId !== userId) throw nothing();
      tx.delete(telegramIdentities).where(eq(telegramIdentities.id, t.id)).run();
    } else {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user?.email) throw nothing();
      tx.update(users).set({ email: null, passwordHash: null, updatedAt: at }).where(eq(users.id, userId)).run();
    }
    // Every session of the account ends: a session does not record which chat or
    // login opened it (the Mini App opened from the chat just taken off is one of
    // them), and a disconnect is a security decision. Others log in again.
    tx.update(sessions)
      .set({ revokedAt: at, revokedReason: 'login_disconnected' })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .run();
    recordAccountEvent(tx, userId, {
      actorUserId: userId,
      action: 'binding.disconnected',
      entityType: target.kind === 'chat' ? 'telegram_chat' : 'email_login',
      entityId: target.kind === 'chat' ? target.chatId : userId,
      payload: { byChat: byChatId },
      at,
    });
    rememberMade(tx, 'disconnect', opts.requestKey, made, at);
  });
}
