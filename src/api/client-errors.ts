// Fastify's own refusals in the API's one error shape: a URL that cannot be
// decoded (frameworkErrors) and requests Node's HTTP parser rejects before
// Fastify sees them (clientError: oversized headers, timeouts, garbage).
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorCode, ErrorBody } from './errors.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

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
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

/** URL problems found while routing (a bad %-escape, an over-long path parameter). */
export function frameworkErrors(_err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody = { error: { code: 'bad_request', message: 'The URL is not valid (a broken %-escape or a part that is too long)' } };
  void reply.code(400).type('application/json; charset=utf-8').send(body);
}
