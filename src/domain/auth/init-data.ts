// Telegram Mini App initData: the signed query string Telegram hands the page
// (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
// Checked as Telegram specifies: data-check-string = every field but `hash`,
// sorted by key, `key=value` joined with "\n"; secret = HMAC-SHA256(key
// "WebAppData", bot token); valid when hex HMAC-SHA256(secret, dcs) equals
// `hash` (constant-time), and `auth_date` is within the allowed age.
//
// Implemented here rather than with @telegram-apps/init-data-node: the
// algorithm is twenty lines of node:crypto, and the library brings its own
// schema and transformer packages into the single executable for no gain.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

/** Telegram's default for how old an initData may be before it is refused. */
export const INIT_DATA_MAX_AGE_S = 60 * 60;
/** A little clock skew between Telegram and us is tolerated for auth_date in the future. */
const FUTURE_SKEW_S = 60;
/** initData is a few hundred bytes; anything huge is not Telegram's. */
const MAX_INIT_DATA_LENGTH = 8192;

export type InitDataUser = {
  id: number;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
};

export type ValidInitData = {
  user: InitDataUser;
  /** Epoch seconds when Telegram signed it (the Mini App was opened). */
  authDate: number;
  queryId: string | null;
  startParam: string | null;
};

export type InitDataRefusal = 'missing' | 'malformed' | 'missing_hash' | 'bad_signature' | 'missing_auth_date' | 'stale' | 'from_future' | 'missing_user';

const refuse = (reason: InitDataRefusal, message: string) =>
  new DomainError('unauthorized', message, { field: 'init_data', reason });

/** The secret key a bot's initData is signed with. */
export function initDataSecret(botToken: string): Buffer {
  return createHmac('sha256', 'WebAppData').update(botToken).digest();
}

/** The string Telegram signs: every field except `hash`, sorted by key, `key=value` per line (values decoded). */
export function dataCheckString(params: URLSearchParams): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of params) if (k !== 'hash') pairs.push([k, v]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('\n');
}

/** Signs fields the way Telegram does (tests and tools; the server only validates). */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const params = new URLSearchParams(fields);
  params.delete('hash');
  const hash = createHmac('sha256', initDataSecret(botToken)).update(dataCheckString(params)).digest('hex');
  params.set('hash', hash);
  return params.toString();
}

function parseUser(json: string | null): InitDataUser {
  if (!json) throw refuse('missing_user', 'initData carries no user; open the app from a private chat with the bot');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw refuse('malformed', 'initData user is not valid JSON');
  }
  const u = raw as Record<string, unknown> | null;
  const id = u?.['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw refuse('malformed', 'initData user has no valid id');
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.slice(0, 128) : null);
  return { id, firstName: str(u?.['first_name']), lastName: str(u?.['last_name']), username: str(u?.['username']), languageCode: str(u?.['language_code']) };
}

/**
 * Validates initData for a bot; returns who opened the app. Refusals are
 * DomainError('unauthorized') with a reason: missing, malformed,
 * missing_hash, bad_signature (forged, tampered or another bot's), stale,
 * from_future, missing_auth_date, missing_user.
 */
export function validateInitData(initData: string, botToken: string, opts: { nowMs: number; maxAgeS?: number }): ValidInitData {
  if (typeof initData !== 'string' || initData.length === 0) throw refuse('missing', 'Send the Mini App initData');
  if (initData.length > MAX_INIT_DATA_LENGTH) throw refuse('malformed', 'initData is too long');
  const params = new URLSearchParams(initData);
  const hashes = params.getAll('hash');
  if (hashes.length === 0) throw refuse('missing_hash', 'initData is not signed (no hash)');
  const hash = hashes[0] as string;
  if (hashes.length > 1 || !/^[0-9a-f]{64}$/.test(hash)) throw refuse('bad_signature', 'initData signature is not valid');
  const expected = createHmac('sha256', initDataSecret(botToken)).update(dataCheckString(params)).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) throw refuse('bad_signature', 'initData signature is not valid');

  // Only signed data is read from here on.
  const authDateText = params.get('auth_date');
  if (!authDateText || !/^[0-9]{1,12}$/.test(authDateText)) throw refuse('missing_auth_date', 'initData has no auth_date');
  const authDate = Number(authDateText);
  const nowS = Math.floor(opts.nowMs / 1000);
  const maxAge = opts.maxAgeS ?? INIT_DATA_MAX_AGE_S;
  if (authDate > nowS + FUTURE_SKEW_S) throw refuse('from_future', 'initData auth_date is in the future; check the server clock');
  if (nowS - authDate > maxAge) throw refuse('stale', 'This Mini App session is too old; close the app and open it again');
  return { user: parseUser(params.get('user')), authDate, queryId: params.get('query_id'), startParam: params.get('start_param') };
}
