// An answer given before its request's body has arrived (a 401 from the auth
// guard, a 429, a 415 or 413, any early refusal) closes the connection, as
// Fastify itself does when a body fails to parse: the rest of that body would
// otherwise still be owed on a kept-alive connection, and a client that
// stalls mid-body kept it open until the request deadline cut it (index.ts,
// REQUEST_TIMEOUT) with a second, raw 408 after the answer it already had.
// With "Connection: close" Node ends the socket once the answer is written.
import type { FastifyInstance } from 'fastify';

export function registerUnreadBodyClose(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const raw = req.raw;
    // A bodyless request is complete once its headers are read; only a body still owed matters.
    if (!raw.complete && (raw.headers['content-length'] !== undefined ? raw.headers['content-length'] !== '0' : raw.headers['transfer-encoding'] !== undefined)) {
      reply.header('connection', 'close');
    }
    done(null, payload);
  });
}
