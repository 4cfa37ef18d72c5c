// POST /auth/telegram/start retried: with the same Idempotency-Key (re-signed,
// since a signature is accepted once) the client gets the code it was first
// given and no second code is made; without a key, starting again replaces
// the chat's code, as /link does.
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const START = '/api/v1/auth/telegram/start';

/** A freshly signed start (`ageS` seconds old, so two sends of one body are two signatures). */
function start(body: Record<string, unknown>, key: string | null, ageS = 0) {
  const raw = JSON.stringify(body);
  const headers = api.signed('POST', START, raw, { timestamp: Math.floor(api.db.clock() / 1000) - ageS });
  return api.request('POST', START, { raw, headers: key === null ? headers : { ...headers, 'Idempotency-Key': key } });
}

async function confirmWith(code: string, chatId: number) {
  const a = await api.account();
  return api.request('POST', '/api/v1/auth/telegram/confirm', { token: a.token, body: { code, chat_id: chatId, confirm: true } });
}

describe('telegram/start retried', () => {
  it('answers a retry with the same Idempotency-Key with the first code, which stays the live one', async () => {
    api = await startApi();
    const first = await start({ chat_id: 4242, first_name: 'Ann' }, 'start-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await start({ chat_id: 4242, first_name: 'Ann' }, 'start-1', 1);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(api.count('binding_codes')).toBe(1);
    expect(api.count("event_log where action = 'binding.code_created'")).toBe(1);
    // The code the client holds (from either answer) still connects the chat.
    expect((await confirmWith(first.body['code'] as string, 4242)).status).toBe(200);
  });

  it('refuses the same key for another chat with 422 and makes nothing', async () => {
    api = await startApi();
    expect((await start({ chat_id: 4242 }, 'start-1')).status).toBe(200);
    const other = await start({ chat_id: 5353 }, 'start-1', 1);
    expect(other.status).toBe(422);
    expect(other.body['error']).toMatchObject({ code: 'idempotency_mismatch', field: 'Idempotency-Key' });
    expect(api.count('binding_codes')).toBe(1);
  });

  it('without a key, starting again replaces the chat\'s code', async () => {
    api = await startApi();
    const first = await start({ chat_id: 4242 }, null);
    const second = await start({ chat_id: 4242 }, null, 1);
    expect(second.body['code']).not.toBe(first.body['code']);
    expect((await confirmWith(first.body['code'] as string, 4242)).status).toBe(410);
    expect((await confirmWith(second.body['code'] as string, 4242)).status).toBe(200);
  });

  it('gives two keys two codes, the later replacing the earlier', async () => {
    api = await startApi();
    const a = await start({ chat_id: 4242 }, 'start-1');
    const b = await start({ chat_id: 4242 }, 'start-2', 1);
    expect(b.body['code']).not.toBe(a.body['code']);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect((await confirmWith(b.body['code'] as string, 4242)).status).toBe(200);
  });
});
