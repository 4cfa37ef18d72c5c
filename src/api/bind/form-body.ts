// The binding page's one body parser: an HTML form (application/x-www-form-urlencoded),
// UTF-8 and exactly as sent, the same rule as the JSON API's (json-body.ts).
// @fastify/formbody decoded the body with Buffer.toString and fast-querystring:
// a raw Latin-1 byte or a percent-escape that is no UTF-8 (caf%E9) became U+FFFD
// without a word and was used (an email "caf\uFFFD@…" checked against the
// accounts), and a form declared as charset=iso-8859-1 was read as if UTF-8.
// Now: a charset other than UTF-8 is 415 (reason unsupported_charset), bytes or
// escapes that are not UTF-8 are 400 (reason invalid_utf8), and a field sent
// twice (code=a&code=b) is 400 (reason duplicate_field) rather than an array
// the form's schema refused in English. The page's error handler shows each in
// the reader's language.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { assertUtf8Charset } from '../json-body.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const invalidUtf8 = () => new ApiError(400, 'validation', 'The form is not valid UTF-8 text', { reason: 'invalid_utf8' });

/**
 * One name or value of the form: '+' is a space, %XX a byte, and the bytes must
 * be UTF-8 (decodeURIComponent refuses invalid, overlong and surrogate
 * sequences). A '%' not followed by two hex digits stays as it is, as the
 * WHATWG form parser keeps it (a browser sends a typed '%' as %25).
 */
function decodeComponent(s: string): string {
  const text = s.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    throw invalidUtf8();
  }
}

/** Parses a form body strictly; throws ApiError 400 (invalid_utf8, duplicate_field) or 415 (unsupported_charset). */
export function parseForm(contentType: string | undefined, raw: Buffer): Record<string, string> {
  assertUtf8Charset(contentType);
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw invalidUtf8();
  }
  // No prototype: a field named __proto__ or constructor is just a field.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1));
    if (Object.hasOwn(fields, name)) {
      throw new ApiError(400, 'validation', `The form has the field ${name.slice(0, 40)} more than once`, { reason: 'duplicate_field', field: name.slice(0, 40) });
    }
    fields[name] = value;
  }
  return fields;
}

export function formBodyParser(req: FastifyRequest, raw: string | Buffer, done: (err: Error | null, body?: unknown) => void): void {
  try {
    done(null, parseForm(req.headers['content-type'], typeof raw === 'string' ? Buffer.from(raw) : raw));
  } catch (e) {
    done(e as Error, undefined);
  }
}
