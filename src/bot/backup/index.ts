// /backup: the instance owner gets the whole database as a file in their
// private chat, after a warning that it holds every family's books, optionally
// encrypted with a passphrase they type (OpenSSL `enc` format, see
// db/backup-crypto.ts; `finance-bot restore` reads it). The passphrase message
// is deleted from the chat right after it is read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputFile } from 'grammy';
import { backupDatabase } from '../../db/backup.js';
import { encryptBackup } from '../../db/backup-crypto.js';
import type { Sqlite } from '../../db/connection.js';
import { isInstanceOwner } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { day } from '../runtime/format.js';
import { defineConversation } from '../runtime/conversation-registry.js';
import { ask, type Convo } from '../shared/ask.js';
import { FlatComposer } from '../runtime/flat-composer.js';

export const BACKUP_CONVERSATION = 'backup';
const MIN_PASSPHRASE = 8;
/** Bots may upload documents up to 50 MB; a larger database is backed up with the CLI. */
const MAX_UPLOAD_BYTES = 49 * 1024 * 1024;

/** Makes a checked copy in a private temporary folder and returns its bytes (encrypted when a passphrase is given). */
function backupBytes(ctx: BotContext, passphrase: string | undefined): Buffer {
  // The core's handle is Drizzle's; its better-sqlite3 connection is the one the app writes with.
  const sqlite = (ctx.app.deps.db as unknown as { $client: Sqlite }).$client;
  const dir = mkdtempSync(join(tmpdir(), 'finance-bot-backup-'));
  try {
    const copy = backupDatabase(sqlite, join(dir, 'finance.db'));
    const plain = readFileSync(copy.path);
    return passphrase ? encryptBackup(plain, passphrase) : plain;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function backupConversation(conversation: Convo, ctx: ConversationContext): Promise<void> {
  let prompt = ctx.t('backup-warning');
  let passphrase: string | undefined;
  for (;;) {
    const answer = await ask(
      conversation,
      ctx,
      'bk',
      { text: prompt, keyboard: [[{ text: ctx.t('backup-plain-button'), callback_data: 'bk:plain' }], [{ text: ctx.t('conv-cancel'), callback_data: 'bk:x' }]] },
      { freeText: true },
    );
    if (answer.type === 'cancel') {
      await answer.ctx.reply(ctx.t('backup-cancelled'));
      return;
    }
    if (answer.type === 'button') break;
    // The passphrase must not stay in the chat history.
    await answer.ctx.deleteMessage().catch(() => undefined);
    if (answer.text.length >= MIN_PASSPHRASE) {
      passphrase = answer.text;
      break;
    }
    prompt = ctx.t('backup-passphrase-short');
  }
  await ctx.reply(ctx.t('backup-working'));
  // Made and sent in one external step: the file never enters the conversation's stored state.
  const error = await conversation.external(async (outer) => {
    try {
      const bytes = backupBytes(outer, passphrase);
      if (bytes.length > MAX_UPLOAD_BYTES) return 'too_large';
      const date = new Date(outer.app.deps.clock()).toISOString().slice(0, 10);
      await outer.replyWithDocument(new InputFile(bytes, `finance-${date}.db${passphrase ? '.enc' : ''}`), {
        caption: outer.t(passphrase ? 'backup-caption-encrypted' : 'backup-caption-plain', { date: day(outer, date) }),
      });
      outer.app.log.info({ userId: outer.app.user?.id, encrypted: Boolean(passphrase), bytes: bytes.length }, 'backup sent to the instance owner');
      return null;
    } catch (err) {
      // The cause goes to the log; the person reads a localized sentence, never the library's English.
      outer.app.log.error({ err }, '/backup failed');
      return 'failed';
    }
  });
  if (error) await ctx.reply(ctx.t('backup-failed-now', { error }));
}

export const backupConversations = [defineConversation(backupConversation, BACKUP_CONVERSATION)];

export const backupFeature = new FlatComposer<BotContext>();

backupFeature.command('backup', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(ctx.t('backup-private-only'));
    return;
  }
  const user = ctx.app.user;
  if (!user || !isInstanceOwner(ctx.app.deps, user.id)) {
    await ctx.reply(ctx.t('backup-owner-only'));
    return;
  }
  await ctx.conversation.enter(BACKUP_CONVERSATION);
});
