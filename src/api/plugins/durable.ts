// No answer leaves before the writes it reflects are on disk. With group
// commit (src/domain/group-commit.ts) a use case's writes are committed with
// the others of its batch a moment after the handler returns; this hook holds
// every response (reads included: they may have seen the open batch) until
// that commit. A failed commit turns the answer into a 500: the client retries
// with its Idempotency-Key, and nothing it was told happened is missing.
import type { FastifyInstance } from 'fastify';
import { durable } from '../../domain/index.js';
import type { ApiContext } from '../context.js';

export function registerDurableReplies(app: FastifyInstance, ctx: ApiContext): void {
  if (!ctx.core.commits) return;
  app.addHook('onSend', async (_req, _reply, payload) => {
    await durable(ctx.core);
    return payload;
  });
}
