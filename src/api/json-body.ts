// The API's one body parser: JSON, UTF-8, exactly as sent. The bytes are
// decoded strictly (RFC 8259 §8.1: JSON exchanged between systems is UTF-8):
// decoding them as a string replaced every invalid byte with U+FFFD without a
// word, so a name sent as Latin-1 was stored as "Caf�" and an HMAC signature
// over the bytes could not match the text that was read. A charset other than
// UTF-8 in Content-Type is 415, not text read as if it were UTF-8.
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { assertExactNumbers } from './exact-json.js';

// ignoreBOM keeps a leading byte order mark in the text, where JSON.parse refuses it, as before.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** Throws 415 (reason unsupported_charset) when Content-Type names a charset other than UTF-8. */
export function assertUtf8Charset(contentType: string | undefined): void {
  const m = CHARSET.exec(contentType ?? '');
  if (!m) return;
  const charset = (m[1] ?? m[2] ?? '').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return;
  throw new ApiError(415, 'unsupported_media_type', `Send the body as application/json in UTF-8 (not ${charset.slice(0, 40) || 'an empty charset'})`, {
    reason: 'unsupported_charset',
  });
}

/** The body's text, or 400 invalid_json (reason invalid_utf8) when its bytes are not UTF-8. */
export function decodeUtf8(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid UTF-8 text; send JSON encoded as UTF-8', { reason: 'invalid_utf8' });
  }
}

type Parse = (req: FastifyRequest, text: string, done: (err: Error | null, body?: unknown) => void) => void;

/**
 * A content-type parser (parseAs: 'buffer') over Fastify's own JSON parser
 * (`parseJson`, which refuses __proto__ and constructor keys): keeps the raw
 * text for HMAC signatures, reads an empty body as no body, and refuses
 * inexact numbers and repeated keys (exact-json.ts).
 */
export function jsonBodyParser(parseJson: Parse) {
  return (req: FastifyRequest, raw: string | Buffer, done: (err: Error | null, body?: unknown) => void): void => {
    let text: string;
    try {
      assertUtf8Charset(req.headers['content-type']);
      text = typeof raw === 'string' ? raw : decodeUtf8(raw);
    } catch (e) {
      return done(e as Error, undefined);
    }
    req.rawBody = text;
    // An empty body with a JSON content type is no body (curl -H 'Content-Type: application/json' -X POST).
    if (text.length === 0) return done(null, undefined);
    parseJson(req, text, (err, body) => {
      if (err) return done(err, undefined);
      try {
        assertExactNumbers(text);
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, body);
    });
  };
}
