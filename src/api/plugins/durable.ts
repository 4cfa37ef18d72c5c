// No answer leaves before the writes it reflects are on disk. With group
// commit (src/domain/group-commit.ts) a use case's writes are committed with
// the others of its batch a moment after the handler returns; this hook holds
// every response until that commit (a route that read through the writers'
// connection may have seen the open batch; the GET routes read committed
// snapshots, read-snapshots.ts, and only wait when a batch happens to be open). A failed commit turns the answer into a 500: the client retries
// with its Idempotency-Key, and nothing it was told happened is missing.
import type { FastifyInstance } from 'fastify';
import { allDurable, durable } from '../../domain/index.js';
import type { ApiContext } from '../context.js';

export function registerDurableReplies(app: FastifyInstance, ctx: Pick<ApiContext, 'core'>): void {
  if (!ctx.core.commits) return;
  // Callback style: when no batch is open (every GET, and most answers under light load) the reply goes on without a promise.
  app.addHook('onSend', (_req, _reply, payload, done) => {
    if (allDurable(ctx.core)) return done(null, payload);
    durable(ctx.core).then(
      () => done(null, payload),
      (err: Error) => done(err),
    );
  });
}
