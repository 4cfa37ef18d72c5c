// A scheduled backup that failed: the instance owner hears about it in their
// private chat (the owner is whoever created the first family).
import { instanceOwnerId, type OutboxMessage } from '../../domain/index.js';
import { deliverOnce, type JobContext } from './context.js';
import { person } from './recipients.js';

type Payload = Extract<OutboxMessage, { topic: 'backup.failed' }>['payload'];

export async function backupFailed(ctx: JobContext, p: Payload): Promise<void> {
  const ownerId = instanceOwnerId(ctx.deps.db);
  if (ownerId === undefined) {
    ctx.log.warn({ path: p.path, error: p.error }, 'backup failed and the server has no owner yet to tell');
    return;
  }
  const owner = person(ctx.deps, ownerId, ctx.defaultLocale);
  for (const chatId of owner?.chatIds ?? []) {
    await deliverOnce(ctx, `chat:${chatId}`, async () => {
      const message = await ctx.sender.call((api) => api.sendMessage(chatId, ctx.texts.t(owner!.locale, 'backup-failed', { path: p.path, error: p.error })));
      return { result: `message:${message.message_id}` };
    });
  }
}
