// Refusals made before Fastify's hooks run, in the API's one error shape and
// with the headers every other answer carries (responseHeaders: security
// headers, Cache-Control: no-store): a URL that cannot be decoded
// (frameworkErrors), requests Node's HTTP parser rejects before Fastify sees
// them (clientError: oversized headers, timeouts, garbage), an Expect header
// the server cannot meet (Node's checkExpectation, else a bare 417) and an
// HTTP/1.1 request without Host (Node's own check answers a bare 400, so it is
// turned off and made here, after the security hook), and a request that
// arrives while the server closes (Fastify's own answer to it is a bare 503 in
// its own shape, so it is turned off: return503OnClosing).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorCode, type ErrorBody } from './errors.js';
import { responseHeaders } from './plugins/security.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
const JSON_TYPE = 'application/json; charset=utf-8';

export function clientErrorBody(err: NodeJS.ErrnoException): { status: number; body: ErrorBody } {
  const make = (status: number, code: ApiErrorCode, message: string) => ({ status, body: { error: { code, message } } });
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return make(408, 'timeout', 'The request took too long to arrive');
  if (err.code === 'HPE_HEADER_OVERFLOW') return make(431, 'headers_too_large', 'The request headers (or the URL) are too large');
  return make(400, 'bad_request', 'The request could not be understood');
}

/** Replaces Fastify's default clientError handler, which answers in its own shape. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = clientErrorBody(err);
  const text = JSON.stringify(body);
  if (socket.writable) {
    const headers = Object.entries({ ...responseHeaders(), 'content-length': String(Buffer.byteLength(text)), 'content-type': JSON_TYPE, connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n${headers}\r\n${text}`);
  }
  socket.destroy(err);
}

/** URL problems found while routing (a bad %-escape, an over-long path parameter): no hook has run yet. */
export function frameworkErrors(_err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { error: { code: 'bad_request', message: 'The URL is not valid (a broken %-escape or a part that is too long)' } };
  void reply.code(400).headers(responseHeaders()).type(JSON_TYPE).send(body);
}

/** Node's checkExpectation: an Expect other than 100-continue, which the server cannot meet (RFC 9110 §10.1.1). */
export function refuseExpectation(_req: IncomingMessage, res: ServerResponse): void {
  const body: ErrorBody = {
    error: { code: 'bad_request', message: 'The Expect header asks for something the server does not do (only 100-continue is understood)', reason: 'unsupported_expectation' },
  };
  const text = JSON.stringify(body);
  res.writeHead(417, { ...responseHeaders(), 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text);
}

/**
 * The refusals a request meets before any route, in one onRequest hook (register it after the security
 * headers' hook, so that they carry them):
 * - an HTTP/1.1 request must name its Host (RFC 9112 §3.2): 400 bad_request, reason missing_host (Node's
 *   own check, requireHostHeader, is off: it answers a bare 400);
 * - from the start of app.close() (its preClose hooks) a request still arriving on an open connection is
 *   503 unavailable, reason shutting_down (Fastify's return503OnClosing is off: a bare 503).
 * Either closes the connection with it.
 */
export function registerEarlyRefusals(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (req, _reply, done) => {
    const raw = req.raw;
    if (raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1 && raw.headers.host === undefined) {
      return done(new ApiError(400, 'bad_request', 'An HTTP/1.1 request must have a Host header', { reason: 'missing_host', headers: { connection: 'close' } }));
    }
    if (closing) {
      return done(new ApiError(503, 'unavailable', 'The server is shutting down; try again in a moment', { reason: 'shutting_down', headers: { connection: 'close' } }));
    }
    done();
  });
}
