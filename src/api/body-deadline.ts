// A request body must finish arriving within BODY_TIMEOUT_MS of its headers.
// Fastify sets no such limit (its requestTimeout is 0, and Node's own request
// timeout does not cover a body still being read), so a client that sent
// headers and then trickled its body, or stopped, held its connection for
// ever: enough of them and the server runs out of sockets. Added per route, to
// the routes that take a body only (a GET pays nothing). A late body gets the
// same raw 408 as any other request Node gives up on (client-errors.ts), and
// its connection is closed.
import type { FastifyReply, FastifyRequest, preParsingHookHandler } from 'fastify';
import { clientErrorHandler } from './client-errors.js';

/** Ample for a 64 KB body on a slow phone. */
export const BODY_TIMEOUT_MS = 30_000;

const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether any method of a route may carry a body. */
export const takesBody = (methods: readonly string[]): boolean => methods.some((m) => !BODILESS.has(m));

export function bodyDeadline(ms: number): preParsingHookHandler {
  return (req: FastifyRequest, _reply: FastifyReply, payload, done) => {
    const timer = setTimeout(() => {
      const late = Object.assign(new Error('The request body took too long to arrive'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
      clientErrorHandler(late, req.raw.socket);
    }, ms);
    const stop = () => clearTimeout(timer);
    payload.once('end', stop);
    payload.once('close', stop);
    payload.once('error', stop);
    done(null, payload);
  };
}
