// Refusals made before Fastify's hooks run, in the API's one error shape and
// with the headers every other answer carries (responseHeaders: security
// headers, Cache-Control: no-store): a URL that cannot be decoded
// (frameworkErrors), requests Node's HTTP parser rejects before Fastify sees
// them (clientError: oversized headers, timeouts, garbage), an Expect header
// the server cannot meet (Node's checkExpectation, else a bare 417) and an
// HTTP/1.1 request without Host (Node's own check answers a bare 400, so it is
// turned off and made here, after the security hook), and a request that
// arrives while the server closes (Fastify's own answer to it is a bare 503 in
// its own shape, so it is turned off: return503OnClosing). Each is a row in
// access_log, as every answer is (plugins/access-log.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ApiErrorCode, type ErrorBody } from './errors.js';
import { endpointOf, type AccessLog } from './plugins/access-log.js';
import { responseHeaders } from './plugins/security.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
const JSON_TYPE = 'application/json; charset=utf-8';

export function clientErrorBody(err: NodeJS.ErrnoException): { status: number; body: ErrorBody } {
  const make = (status: number, code: ApiErrorCode, message: string) => ({ status, body: { error: { code, message } } });
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return make(408, 'timeout', 'The request took too long to arrive');
  if (err.code === 'HPE_HEADER_OVERFLOW') return make(431, 'headers_too_large', 'The request headers (or the URL) are too large');
  return make(400, 'bad_request', 'The request could not be understood');
}

/** The request line at the start of what Node's parser refused, when it got that far. */
function requestLine(raw: unknown): { method: string; endpoint: string } {
  const m = Buffer.isBuffer(raw) ? /^([A-Z]{1,20}) (\S{1,8192}) HTTP\/\d\.\d\r?\n/.exec(raw.subarray(0, 8300).toString('latin1')) : null;
  return m ? { method: m[1] as string, endpoint: endpointOf(m[2] as string) } : { method: '-', endpoint: '-' };
}

type EarlyAnswers = {
  /** Replaces Fastify's default clientError handler, which answers in its own shape. */
  clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void;
  /** URL problems found while routing (a bad %-escape, an over-long path parameter): no hook has run yet. */
  frameworkErrors(err: Error, req: FastifyRequest, reply: FastifyReply): void;
  /** Node's checkExpectation: an Expect other than 100-continue, which the server cannot meet (RFC 9110 §10.1.1). */
  refuseExpectation(req: IncomingMessage, res: ServerResponse): void;
};

/**
 * The answers given before any hook of ours runs, each recorded in the access log itself (no onResponse
 * hook sees them). Their rows name the connection's address: the client's own, or the proxy's behind
 * one (X-Forwarded-For is read by Fastify for a routed request only). `requestTimeoutMs` is the
 * duration recorded for a request cut at its deadline (it took at least that long).
 */
export function createEarlyAnswers(log: AccessLog, requestTimeoutMs: number): EarlyAnswers {
  return {
    clientErrorHandler(err, socket) {
      // A reset connection has nobody left to answer.
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const { status, body } = clientErrorBody(err);
      const text = JSON.stringify(body);
      if (socket.writable) {
        const headers = Object.entries({ ...responseHeaders(), 'content-length': String(Buffer.byteLength(text)), 'content-type': JSON_TYPE, connection: 'close' })
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('');
        socket.write(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n${headers}\r\n${text}`);
        // A request cut at its deadline had its headers read (its body was still on the way): it is the
        // request of Node's in-flight answer on the socket (socket._httpMessage, what Node's own
        // clientError fallback checks). Otherwise what is known is the start of the refused bytes.
        const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
        const inFlight = timedOut ? (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage?.req : undefined;
        const { method, endpoint } = inFlight
          ? { method: inFlight.method ?? '-', endpoint: endpointOf(inFlight.url ?? '-') }
          : requestLine((err as { rawPacket?: unknown }).rawPacket);
        log.record({ method, endpoint, statusCode: status, userId: null, ipAddress: socket.remoteAddress ?? null, durationMs: timedOut ? requestTimeoutMs : 0 });
      }
      socket.destroy(err);
    },

    frameworkErrors(_err, req, reply) {
      const body: ErrorBody = { error: { code: 'bad_request', message: 'The URL is not valid (a broken %-escape or a part that is too long)' } };
      void reply.code(400).headers(responseHeaders()).type(JSON_TYPE).send(body);
      log.record({ method: req.method, endpoint: endpointOf(req.url), statusCode: 400, userId: null, ipAddress: req.socket.remoteAddress ?? null, durationMs: Math.round(reply.elapsedTime) });
    },

    refuseExpectation(req, res) {
      const body: ErrorBody = {
        error: { code: 'bad_request', message: 'The Expect header asks for something the server does not do (only 100-continue is understood)', reason: 'unsupported_expectation' },
      };
      const text = JSON.stringify(body);
      res.writeHead(417, { ...responseHeaders(), 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), connection: 'close' });
      res.end(text);
      // Refused as soon as its headers arrived: no time was spent on it.
      log.record({ method: req.method ?? '-', endpoint: endpointOf(req.url ?? '-'), statusCode: 417, userId: null, ipAddress: req.socket.remoteAddress ?? null, durationMs: 0 });
    },
  };
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
