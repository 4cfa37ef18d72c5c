// A request sent with an Idempotency-Key before two accounts were merged, and
// retried with the same key after: the client's session now belongs to the
// surviving account, and its retry must get the first answer, not a second
// effect. The absorbed account's stored answers and ledger keys move with it.
import { afterEach, describe, expect, it } from 'vitest';
import { createBindingCode } from '../../src/domain/auth/binding.js';
import { createFamily, createInvite, ensureTelegramUser, joinFamily, leaveFamily, listWallets } from '../../src/domain/index.js';
import { startApi, type Account, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

/** Bob's web login owns a family; his Telegram account was a member of it, recorded an income over the API and left. */
async function bobBeforeTheMerge() {
  const web = await api.account('Bob');
  const family = createFamily(api.db.deps, web.userId, { name: 'Home', baseCurrency: 'USD' });
  const cash = listWallets(api.db.deps, web.userId, family.id)[0]!;
  const tg = ensureTelegramUser(api.db.deps, { chatId: 902, firstName: 'Bob' }).user;
  joinFamily(api.db.deps, tg.id, createInvite(api.db.deps, web.userId, { familyId: family.id, role: 'member' }).code);
  const body = { family_id: family.id, to_wallet_id: cash.id, amount: '12.50', description: 'Refund' };
  return { web, family, tg, body, tgToken: await api.tokenFor(tg.id) };
}

function record(token: string, body: object, key: string) {
  return api.request('POST', '/api/v1/transactions', { token, body, headers: { 'Idempotency-Key': key } });
}

async function merge(web: Account, chatId: number) {
  const res = await api.request('POST', '/api/v1/auth/telegram/confirm', {
    token: web.token,
    body: { code: createBindingCode(api.db.deps, { chatId }).code, chat_id: chatId, confirm: true },
  });
  expect(res.status).toBe(200);
  expect(res.body['user_id']).toBe(web.userId);
}

describe('Idempotency-Key across an account merge', () => {
  it('a retry after the merge gets the first answer and records nothing more', async () => {
    api = await startApi();
    const { web, family, tg, body, tgToken } = await bobBeforeTheMerge();
    const first = await record(tgToken, body, 'refund-1');
    expect(first.status).toBe(201);
    leaveFamily(api.db.deps, tg.id, family.id);

    await merge(web, 902);
    // The client, now the surviving account (its session moved; a fresh token names the survivor), retries.
    const retry = await record(await api.tokenFor(web.userId), body, 'refund-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(api.count(`transactions where family_id = ${family.id} and amount_minor = 1250`)).toBe(1);
    // The same key with another request is still refused, as before the merge.
    const other = await record(await api.tokenFor(web.userId), { ...body, amount: '13.00' }, 'refund-1');
    expect(other.status).toBe(422);
  });

  it('finds the ledger\'s key even when the stored answer is gone (pruned): the entry, not a second one', async () => {
    api = await startApi();
    const { web, family, tg, body, tgToken } = await bobBeforeTheMerge();
    expect((await record(tgToken, body, 'refund-1')).status).toBe(201);
    api.db.conn.sqlite.prepare('delete from idempotent_responses').run();
    leaveFamily(api.db.deps, tg.id, family.id);

    await merge(web, 902);
    const retry = await record(await api.tokenFor(web.userId), body, 'refund-1');
    expect(retry.status).toBe(201);
    expect(api.count(`transactions where family_id = ${family.id} and amount_minor = 1250`)).toBe(1);
  });

  it('a key both accounts used keeps the survivor\'s answer', async () => {
    api = await startApi();
    const { web, family, tg, body, tgToken } = await bobBeforeTheMerge();
    const mine = await record(web.token, { ...body, amount: '1.00' }, 'same-key');
    expect((await record(tgToken, body, 'same-key')).status).toBe(201);
    leaveFamily(api.db.deps, tg.id, family.id);

    await merge(web, 902);
    const retry = await record(await api.tokenFor(web.userId), { ...body, amount: '1.00' }, 'same-key');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(mine.body);
    expect(api.count(`transactions where family_id = ${family.id}`)).toBe(2);
  });
});
