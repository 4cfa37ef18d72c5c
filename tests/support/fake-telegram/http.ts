import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, isRecord } from './errors.js';
import type { ApiCall, ApiParams, ApiResponse, UploadedFile } from './types.js';

export interface ParsedBody {
  params: ApiParams;
  uploads: UploadedFile[];
  via: ApiCall['via'];
}

/** Fields Telegram parses as JSON when they arrive as strings (form, multipart, query). */
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'explanation_entities', 'commands', 'scope',
  'menu_button', 'allowed_updates', 'media', 'reply_parameters', 'link_preview_options',
  'message_ids', 'results', 'options', 'permissions', 'reaction', 'prices', 'button',
]);
const NUMBER_FIELDS = new Set([
  'chat_id', 'message_id', 'from_chat_id', 'message_thread_id', 'reply_to_message_id', 'offset',
  'limit', 'timeout', 'cache_time', 'max_connections', 'user_id', 'duration', 'width', 'height',
  'until_date', 'direct_messages_topic_id',
]);
const BOOLEAN_FIELDS = new Set([
  'show_alert', 'disable_notification', 'protect_content', 'drop_pending_updates',
  'disable_web_page_preview', 'has_spoiler', 'allow_sending_without_reply', 'is_personal',
  'disable_content_type_detection', 'show_caption_above_media', 'allow_paid_broadcast',
  'revoke_messages', 'only_if_banned', 'for_channels', 'is_anonymous',
]);

/** Decodes a string value the way Telegram does for non-JSON transports. */
export function coerceField(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(key === 'reply_markup' ? "can't parse reply keyboard markup JSON object" : `can't parse ${key} JSON object`);
    }
  }
  if (NUMBER_FIELDS.has(key) && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Splits `type/subtype; a=b; c="d"` into the media type and lower-cased parameters. */
export function parseHeaderParams(header: string): { value: string; params: Map<string, string> } {
  const [value = '', ...rest] = splitParams(header);
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (key.endsWith('*')) {
      const m = /^[^']*'[^']*'(.*)$/.exec(v);
      params.set(key.slice(0, -1), decodeURIComponent(m?.[1] ?? v));
    } else if (!params.has(key)) {
      params.set(key, v);
    }
  }
  return { value: value.trim().toLowerCase(), params };
}

function splitParams(header: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"' && header[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

export function parseMultipart(body: Buffer, boundary: string): { fields: Map<string, string>; files: UploadedFile[] } {
  const fields = new Map<string, string>();
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badRequest('invalid multipart/form-data body');
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) break;
    const headerEnd = body.indexOf('\r\n\r\n', lineEnd);
    if (headerEnd < 0) throw badRequest('invalid multipart/form-data part');
    const headers = new Map<string, string>();
    for (const line of body.subarray(lineEnd + 2, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw badRequest('unterminated multipart/form-data part');
    const content = body.subarray(headerEnd + 4, next);
    const disposition = parseHeaderParams(headers.get('content-disposition') ?? '');
    const name = disposition.params.get('name');
    const filename = disposition.params.get('filename');
    if (name !== undefined) {
      if (filename !== undefined) {
        files.push({
          field: name,
          filename,
          size: content.length,
          contentType: headers.get('content-type') ?? 'application/octet-stream',
          data: Buffer.from(content),
        });
      } else {
        fields.set(name, content.toString('utf8'));
      }
    }
    pos = next + 2;
  }
  return { fields, files };
}

/** Decodes query string + body into Bot API parameters, replacing `attach://x` with `{ filename, size }`. */
export async function parseApiRequest(req: IncomingMessage, url: URL): Promise<ParsedBody> {
  const raw = await readBody(req);
  const params: ApiParams = {};
  const uploads: UploadedFile[] = [];
  let via: ApiCall['via'] = 'query';
  for (const [k, v] of url.searchParams) params[k] = coerceField(k, v);
  const { value: type, params: ctParams } = parseHeaderParams(req.headers['content-type'] ?? '');
  if (raw.length > 0 && type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (!isRecord(parsed)) throw badRequest('request body must be a JSON object');
    Object.assign(params, parsed);
    via = 'json';
  } else if (raw.length > 0 && type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) params[k] = coerceField(k, v);
    via = 'form';
  } else if (type === 'multipart/form-data') {
    const boundary = ctParams.get('boundary');
    if (boundary === undefined || boundary === '') throw badRequest('multipart/form-data without boundary');
    const { fields, files } = parseMultipart(raw, boundary);
    for (const [k, v] of fields) params[k] = coerceField(k, v);
    uploads.push(...files);
    via = 'multipart';
  }
  const byField = new Map(uploads.map((f) => [f.field, f]));
  const resolveAttach = (v: unknown, param: string | undefined): unknown => {
    if (typeof v === 'string' && v.startsWith('attach://')) {
      const file = byField.get(v.slice('attach://'.length));
      if (file === undefined) return v;
      if (param !== undefined) file.param = param;
      return { filename: file.filename, size: file.size };
    }
    if (Array.isArray(v)) return v.map((x) => resolveAttach(x, undefined));
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveAttach(x, undefined)]));
    return v;
  };
  for (const [k, v] of Object.entries(params)) params[k] = resolveAttach(v, k);
  // A file sent directly under the parameter name (curl -F document=@a.csv) is also accepted.
  for (const f of uploads) {
    if (!(f.field in params) && f.param === undefined) {
      params[f.field] = { filename: f.filename, size: f.size };
      f.param = f.field;
    }
  }
  return { params, uploads, via };
}

export function sendJson(res: ServerResponse, status: number, body: ApiResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export interface PostResult {
  status: number;
  contentType: string;
  body: string;
}

/** POSTs JSON with node:http(s); rejects on connection errors and on timeout. */
export function postJson(
  target: string,
  payload: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const data = JSON.stringify(payload);
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`Read timeout expired after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}
