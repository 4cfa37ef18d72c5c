// Telegram Mini App initData validation against vectors computed
// independently of our code: the signature is made here with the openssl
// command line (HMAC-SHA256 keyed "WebAppData" over the bot token, then over
// the data-check-string), so a mistake in our algorithm cannot hide behind the
// same mistake in the test.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { signInitData, validateInitData } from '../../src/domain/auth/init-data.js';

const BOT_TOKEN = '123456:AAE-test-token-for-the-mini-app-0001';
const OTHER_BOT_TOKEN = '654321:AAE-another-bots-token-000000000002';
const NOW_S = 1_790_000_000;
const NOW_MS = NOW_S * 1000;
const USER = JSON.stringify({ id: 7001, first_name: 'Ann', last_name: 'Smith', username: 'ann', language_code: 'ru', allows_write_to_pm: true });

function opensslHmacHex(keyHex: string | null, keyText: string | null, data: string): string {
  const args = ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', keyHex !== null ? `hexkey:${keyHex}` : `key:${keyText}`, '-hex'];
  const out = execFileSync('openssl', args, { input: data }).toString();
  return out.trim().split(/\s+/).pop() as string;
}

/** Signs like Telegram, with openssl: secret = HMAC("WebAppData", token); hash = HMAC(secret, dcs). */
function opensslSigned(fields: Record<string, string>, botToken = BOT_TOKEN): string {
  const dcs = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const secretHex = opensslHmacHex(null, 'WebAppData', botToken);
  const hash = opensslHmacHex(secretHex, null, dcs);
  return new URLSearchParams({ ...fields, hash }).toString();
}

const fields = (over: Record<string, string> = {}) => ({ auth_date: String(NOW_S - 60), query_id: 'AAHdF6IQAAAAAN0XohDhrOrc', user: USER, ...over });

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'unauthorized') return e.details['reason'] as string;
    throw e;
  }
  return undefined;
}

describe('Mini App initData', () => {
  it('accepts initData signed as Telegram signs it and reads the user', () => {
    const v = validateInitData(opensslSigned(fields()), BOT_TOKEN, { nowMs: NOW_MS });
    expect(v.user).toEqual({ id: 7001, firstName: 'Ann', lastName: 'Smith', username: 'ann', languageCode: 'ru' });
    expect(v.authDate).toBe(NOW_S - 60);
    expect(v.queryId).toBe('AAHdF6IQAAAAAN0XohDhrOrc');
  });

  it('signs exactly like the openssl reference (our signer is what the browser tests use)', () => {
    const f = fields({ start_param: 'x y&z', signature: 'abc' });
    expect(new URLSearchParams(signInitData(f, BOT_TOKEN)).get('hash')).toBe(new URLSearchParams(opensslSigned(f)).get('hash'));
  });

  it('refuses a tampered field', () => {
    const signed = new URLSearchParams(opensslSigned(fields()));
    signed.set('user', USER.replace('7001', '7002'));
    expect(refusal(() => validateInitData(signed.toString(), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
    const extra = new URLSearchParams(opensslSigned(fields()));
    extra.append('chat_type', 'private');
    expect(refusal(() => validateInitData(extra.toString(), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
  });

  it('refuses initData made for another bot', () => {
    expect(refusal(() => validateInitData(opensslSigned(fields(), OTHER_BOT_TOKEN), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
  });

  it('refuses a forged hash of the right shape and a malformed one', () => {
    const forged = new URLSearchParams({ ...fields(), hash: 'a'.repeat(64) }).toString();
    expect(refusal(() => validateInitData(forged, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
    const short = new URLSearchParams({ ...fields(), hash: 'abcd' }).toString();
    expect(refusal(() => validateInitData(short, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
    const twice = `${opensslSigned(fields())}&hash=${'b'.repeat(64)}`;
    expect(refusal(() => validateInitData(twice, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('bad_signature');
  });

  it('refuses initData without a hash, and no initData at all', () => {
    expect(refusal(() => validateInitData(new URLSearchParams(fields()).toString(), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('missing_hash');
    expect(refusal(() => validateInitData('', BOT_TOKEN, { nowMs: NOW_MS }))).toBe('missing');
  });

  it('refuses a stale auth_date, honours the configured window, and tolerates only small clock skew', () => {
    const hourOld = opensslSigned(fields({ auth_date: String(NOW_S - 3601) }));
    expect(refusal(() => validateInitData(hourOld, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('stale');
    expect(validateInitData(hourOld, BOT_TOKEN, { nowMs: NOW_MS, maxAgeS: 7200 }).authDate).toBe(NOW_S - 3601);
    const justInside = opensslSigned(fields({ auth_date: String(NOW_S - 3600) }));
    expect(validateInitData(justInside, BOT_TOKEN, { nowMs: NOW_MS }).user.id).toBe(7001);
    const future = opensslSigned(fields({ auth_date: String(NOW_S + 3600) }));
    expect(refusal(() => validateInitData(future, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('from_future');
    const noDate = opensslSigned({ user: USER });
    expect(refusal(() => validateInitData(noDate, BOT_TOKEN, { nowMs: NOW_MS }))).toBe('missing_auth_date');
  });

  it('refuses signed initData that names no user or a user without an id', () => {
    expect(refusal(() => validateInitData(opensslSigned({ auth_date: String(NOW_S) }), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('missing_user');
    expect(refusal(() => validateInitData(opensslSigned(fields({ user: '{"first_name":"x"}' })), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('malformed');
    expect(refusal(() => validateInitData(opensslSigned(fields({ user: '{not json' })), BOT_TOKEN, { nowMs: NOW_MS }))).toBe('malformed');
  });
});
