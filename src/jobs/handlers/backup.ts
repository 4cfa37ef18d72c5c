// A scheduled backup that failed: the instance owner hears about it in their
// private chat (the owner is whoever created the first family), in their
// language: the stable reason, the backup folder and what to check. The raw
// error was logged where it happened; it never reaches the chat.
import { dirname } from 'node:path';
import { BACKUP_FAILURE_REASONS, instanceOwnerId, type BackupFailureReason, type OutboxMessage } from '../../domain/index.js';
import { deliverOnce, type JobContext } from './context.js';
import { person } from './recipients.js';

type Payload = Extract<OutboxMessage, { topic: 'backup.failed' }>['payload'];

/** The reason and folder of a notice; a row written before they existed ({ error, path }) reads as 'other' in the folder of its path. */
function noticeOf(p: Payload): { reason: BackupFailureReason; folder: string } {
  const row = p as Partial<Payload> & { path?: unknown };
  const reason = BACKUP_FAILURE_REASONS.includes(row.reason as BackupFailureReason) ? (row.reason as BackupFailureReason) : 'other';
  const folder = typeof row.folder === 'string' ? row.folder : typeof row.path === 'string' ? dirname(row.path) : '';
  return { reason, folder };
}

export async function backupFailed(ctx: JobContext, p: Payload): Promise<void> {
  const notice = noticeOf(p);
  const ownerId = instanceOwnerId(ctx.deps.db);
  if (ownerId === undefined) {
    ctx.log.warn(notice, 'backup failed and the server has no owner yet to tell');
    return;
  }
  const owner = person(ctx.deps, ownerId, ctx.defaultLocale);
  for (const chatId of owner?.chatIds ?? []) {
    await deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, ctx.texts.t(owner!.locale, 'backup-failed', notice)));
      return { result: `message:${message.message_id}` };
    });
  }
}
