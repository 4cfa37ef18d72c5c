// #14: POST /api/v1/families and POST /api/v1/wallets over real HTTP, with the
// instance policy the server runs with (invite: the first creator owns the
// instance, others need the owner's invite). Creation is audited; a refusal or
// bad input answers the one error shape and leaves every table as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite, joinFamily } from '../../src/domain/index.js';
import { allRows, createTestDb, type TestDb } from '../support/db.js';
import { startApi, type Account, type TestApi } from './support.js';

let t: TestDb;
let api: TestApi;
let ann: Account; // the first creator: the instance owner
let bob: Account; // a stranger (no invite)
let mia: Account; // a member of Ann's family (by her invite)
let vic: Account; // a viewer of Ann's family
let home: number; // Ann's family
let away: number; // Mia's own family (allowed: she joined by the owner's invite)

type Row = Record<string, unknown>;

/**
 * Every row of every table: equal before and after means nothing changed. The
 * access log is left out: it records every request (refused ones too), after
 * the response.
 */
function dump(): Record<string, Row[]> {
  const sqlite = api.db.conn.sqlite;
  const tables = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'access_log' order by name`).all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
  return Object.fromEntries(tables.map((name) => [name, allRows(sqlite, name) as Row[]]));
}

const post = (path: string, token: string, body: unknown) => api.request('POST', `/api/v1${path}`, { token, body });

function eventsOf(action: string): Array<{ family_id: number; actor_user_id: number; entity_id: string; payload: string }> {
  return api.db.conn.sqlite.prepare(`select family_id, actor_user_id, entity_id, payload from event_log where action = ? order by id`).all(action) as never;
}

beforeAll(async () => {
  t = createTestDb();
  api = await startApi({ db: { ...t, deps: { ...t.deps, instancePolicy: { mode: 'invite', allowedTelegramIds: [] } } } });
  ann = await api.account('Ann');
  bob = await api.account('Bob');
  mia = await api.account('Mia');
  vic = await api.account('Vic');
});
afterAll(async () => {
  await api.close();
  t.cleanup();
});

describe('POST /api/v1/families', () => {
  it('the first creator gets the family as owner, with a Cash wallet and the default categories; audited', async () => {
    const res = await post('/families', ann.token, { name: '  Home  ', base_currency: 'eur', timezone: 'Europe/Berlin' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'Home', base_currency: 'EUR', timezone: 'Europe/Berlin', locale: 'en', role: 'owner', created_at: expect.any(String) });
    home = res.body['id'] as number;
    const wallets = await api.request<{ wallets: Row[] }>('GET', `/api/v1/wallets?family_id=${home}`, { token: ann.token });
    expect(wallets.body.wallets).toEqual([expect.objectContaining({ name: 'Cash', currency: 'EUR', balance: '0.00', type: 'cash' })]);
    const categories = await api.request<{ categories: Row[] }>('GET', `/api/v1/categories?family_id=${home}`, { token: ann.token });
    expect(categories.body.categories.length).toBeGreaterThan(3);
    expect(eventsOf('family.created')).toEqual([expect.objectContaining({ family_id: home, actor_user_id: ann.userId, entity_id: String(home) })]);
    expect(JSON.parse(eventsOf('family.created')[0]!.payload)).toMatchObject({ name: 'Home', baseCurrency: 'EUR', timezone: 'Europe/Berlin' });
    const owner = api.db.conn.sqlite.prepare(`select value from instance_settings where key = 'owner_user_id'`).get() as { value: string };
    expect(owner.value).toBe(String(ann.userId));

    // Mia and Vic join by Ann's invites (core calls: the invite flow is tested elsewhere).
    joinFamily(api.db.deps, mia.userId, createInvite(api.db.deps, ann.userId, { familyId: home, role: 'member' }).code);
    joinFamily(api.db.deps, vic.userId, createInvite(api.db.deps, ann.userId, { familyId: home, role: 'viewer' }).code);
  });

  it('a stranger is refused by the instance policy: 403 with reason instance_policy, nothing written', async () => {
    const before = dump();
    const res = await post('/families', bob.token, { name: 'Mine', base_currency: 'USD' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: expect.any(String), reason: 'instance_policy' } });
    expect(dump()).toEqual(before);
  });

  it("someone the owner invited may create a family of their own", async () => {
    const res = await post('/families', mia.token, { name: 'Away', base_currency: 'USD', locale: 'ru' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Away', base_currency: 'USD', locale: 'ru', role: 'owner' });
    away = res.body['id'] as number;
  });

  const long = 'x'.repeat(65);
  const familyCases: Array<[string, unknown, number, string, string?]> = [
    ['an empty name', { name: '', base_currency: 'USD' }, 400, 'validation', 'name'],
    ['a name of spaces only', { name: '   ', base_currency: 'USD' }, 400, 'validation', 'name'],
    ['a name of 65 characters', { name: long, base_currency: 'USD' }, 400, 'validation', 'name'],
    ['a name with a control character', { name: 'Ho\u0007me', base_currency: 'USD' }, 400, 'validation', 'name'],
    ['a name with a text-direction override', { name: 'Home\u202e', base_currency: 'USD' }, 400, 'validation', 'name'],
    ['a name that is a number', { name: 5, base_currency: 'USD' }, 400, 'validation', 'name'],
    ['no name', { base_currency: 'USD' }, 400, 'validation', 'name'],
    ['no currency', { name: 'Home' }, 400, 'validation', 'base_currency'],
    ['an unknown currency', { name: 'Home', base_currency: 'XYZ' }, 400, 'validation', 'base_currency'],
    ['a currency of 4 letters', { name: 'Home', base_currency: 'USDT' }, 400, 'validation', 'base_currency'],
    ['an unknown time zone', { name: 'Home', base_currency: 'USD', timezone: 'Mars/Olympus' }, 400, 'validation', 'timezone'],
    ['an unknown locale', { name: 'Home', base_currency: 'USD', locale: 'de' }, 400, 'validation', 'locale'],
    ['an unknown field', { name: 'Home', base_currency: 'USD', owner_id: 1 }, 400, 'validation', 'owner_id'],
  ];

  it.each(familyCases)('%s: a clear 400 in the one error shape, nothing written', async (_name, body, status, code, field) => {
    const before = dump();
    // The owner: only the input can be wrong.
    const res = await post('/families', ann.token, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String), ...(field ? { field } : {}), ...((res.body as { error?: { reason?: string } }).error?.reason ? { reason: expect.any(String) } : {}) } });
    expect(dump()).toEqual(before);
  });

  it('without a token: 401, nothing written', async () => {
    const before = dump();
    const res = await api.request('POST', '/api/v1/families', { body: { name: 'Home', base_currency: 'USD' } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(dump()).toEqual(before);
  });
});

describe('POST /api/v1/wallets', () => {
  it('an owner adds a wallet in the base currency and one with an opening balance, both audited', async () => {
    const plain = await post('/wallets', ann.token, { family_id: home, name: 'Bank', type: 'bank' });
    expect(plain.status).toBe(201);
    expect(plain.body).toEqual({ id: expect.any(Number), name: 'Bank', balance: '0.00', type: 'bank', currency: 'EUR', name_key: null, credit_limit: null, allow_negative: false });
    const txBefore = api.count('transactions');
    const savings = await post('/wallets', ann.token, { family_id: home, name: 'Dollars', type: 'savings', currency: 'usd', opening_balance: '1200.50' });
    expect(savings.status).toBe(201);
    expect(savings.body).toMatchObject({ name: 'Dollars', currency: 'USD', balance: '1200.50', type: 'savings' });
    // The opening balance is a ledger entry, not a bare number.
    expect(api.count('transactions')).toBe(txBefore + 1);
    const entry = api.db.conn.sqlite.prepare(`select kind, to_wallet_id, amount_minor, created_by from transactions order by id desc limit 1`).get();
    expect(entry).toEqual({ kind: 'opening_balance', to_wallet_id: savings.body['id'], amount_minor: 120_050, created_by: ann.userId });
    const created = eventsOf('wallet.created').filter((e) => e.family_id === home);
    expect(created.map((e) => [e.actor_user_id, Number(e.entity_id)])).toEqual([
      [ann.userId, plain.body['id']],
      [ann.userId, savings.body['id']],
    ]);
    const listed = await api.request<{ wallets: Row[] }>('GET', `/api/v1/wallets?family_id=${home}`, { token: vic.token });
    expect(listed.body.wallets.map((w) => w['name'])).toEqual(['Cash', 'Bank', 'Dollars']);
  });

  it('a card may start in debt within its credit limit, or without a floor when it may go negative (as in the bot)', async () => {
    const limited = await post('/wallets', ann.token, { family_id: home, name: 'Visa', type: 'card', opening_balance: '-300', credit_limit: '500' });
    expect(limited.status).toBe(201);
    expect(limited.body).toMatchObject({ name: 'Visa', type: 'card', balance: '-300.00', credit_limit: '500.00', allow_negative: false });
    const open = await post('/wallets', ann.token, { family_id: home, name: 'Amex', type: 'card', opening_balance: -2000, allow_negative: true });
    expect(open.status).toBe(201);
    expect(open.body).toMatchObject({ name: 'Amex', type: 'card', balance: '-2000.00', credit_limit: null, allow_negative: true });
  });

  it('a member and a viewer may not add a wallet: 403, nothing written', async () => {
    for (const who of [mia, vic]) {
      const before = dump();
      const res = await post('/wallets', who.token, { family_id: home, name: 'Mine', type: 'cash' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden', message: expect.any(String) } });
      expect(dump()).toEqual(before);
    }
  });

  it("another family's id answers exactly as a family that does not exist", async () => {
    const before = dump();
    const foreign = await post('/wallets', ann.token, { family_id: away, name: 'Sneaky', type: 'cash', currency: 'XYZ' });
    const missing = await post('/wallets', ann.token, { family_id: 999_999, name: 'Sneaky', type: 'cash', currency: 'XYZ' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ error: { code: 'not_found' } });
    expect(foreign.text).toBe(missing.text.replace('999999', String(away)));
    expect(foreign.body).toEqual(missing.body);
    // A stranger with no family at all gets the same answer for a real family.
    const stranger = await post('/wallets', bob.token, { family_id: home, name: 'Sneaky', type: 'cash' });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toEqual((await post('/wallets', bob.token, { family_id: 999_999, name: 'Sneaky', type: 'cash' })).body);
    expect(dump()).toEqual(before);
  });

  const wallet = (extra: Record<string, unknown>) => ({ family_id: home, name: 'Spare', type: 'cash', ...extra });
  const walletCases: Array<[string, () => unknown, number, string, string?]> = [
    ['an empty name', () => wallet({ name: '' }), 400, 'validation', 'name'],
    ['a name of spaces only', () => wallet({ name: '  ' }), 400, 'validation', 'name'],
    ['a name of 65 characters', () => wallet({ name: 'x'.repeat(65) }), 400, 'validation', 'name'],
    ['a name with a control character', () => wallet({ name: 'Spa\u0000re' }), 400, 'validation', 'name'],
    ['a name with a text-direction override', () => wallet({ name: '\u202eSpare' }), 400, 'validation', 'name'],
    ['an unknown type', () => wallet({ type: 'crypto' }), 400, 'validation', 'type'],
    ['an unknown currency', () => wallet({ currency: 'XYZ' }), 400, 'validation', 'currency'],
    ['a currency that is not letters', () => wallet({ currency: '12$' }), 400, 'validation', 'currency'],
    ['a currency of 2 letters', () => wallet({ currency: 'US' }), 400, 'validation', 'currency'],
    ['a negative opening balance for cash', () => wallet({ opening_balance: '-5' }), 400, 'validation', 'opening_balance'],
    ['a negative opening balance for a bank account', () => wallet({ type: 'bank', opening_balance: -5 }), 400, 'validation', 'opening_balance'],
    ['a negative opening balance for a card that may not go negative', () => wallet({ type: 'card', opening_balance: '-5' }), 400, 'validation', 'opening_balance'],
    ['a card opening below its credit limit', () => wallet({ type: 'card', opening_balance: '-600', credit_limit: '500' }), 400, 'validation', 'opening_balance'],
    ['a credit limit on cash', () => wallet({ credit_limit: '100' }), 400, 'validation', 'credit_limit'],
    ['a negative credit limit', () => wallet({ type: 'card', credit_limit: '-100' }), 400, 'validation', 'credit_limit'],
    ['an opening balance with too many decimals', () => wallet({ opening_balance: '1.001' }), 400, 'validation', 'opening_balance'],
    ['an opening balance that is not a number', () => wallet({ opening_balance: 'lots' }), 400, 'validation', 'opening_balance'],
    ['an opening balance past the largest amount', () => wallet({ opening_balance: '99999999999999999999' }), 400, 'validation', 'opening_balance'],
    ['no family_id', () => ({ name: 'Spare', type: 'cash' }), 400, 'validation', 'family_id'],
    ['family_id as a string', () => wallet({ family_id: String(home) }), 400, 'validation', 'family_id'],
    ['family_id 0', () => wallet({ family_id: 0 }), 400, 'validation', 'family_id'],
    ['no type', () => ({ family_id: home, name: 'Spare' }), 400, 'validation', 'type'],
    ['an unknown field', () => wallet({ balance_minor: 100 }), 400, 'validation', 'balance_minor'],
  ];

  it.each(walletCases)('%s: a clear 400 in the one error shape, nothing written', async (_name, body, status, code, field) => {
    const before = dump();
    const res = await post('/wallets', ann.token, body());
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String), ...(field ? { field } : {}), ...((res.body as { error?: { reason?: string } }).error?.reason ? { reason: expect.any(String) } : {}) } });
    expect(dump()).toEqual(before);
  });
});

describe('Idempotency-Key on both routes', () => {
  const withKey = (path: string, token: string, key: string, body: unknown) => api.request('POST', `/api/v1${path}`, { token, body, headers: { 'idempotency-key': key } });

  it('a retried family creation gets the first answer and creates nothing more; another body with the key is 422', async () => {
    const first = await withKey('/families', ann.token, 'fam-1', { name: 'Cottage', base_currency: 'USD' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const before = dump();
    const again = await withKey('/families', ann.token, 'fam-1', { base_currency: 'USD', name: 'Cottage' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await withKey('/families', ann.token, 'fam-1', { name: 'Boat', base_currency: 'USD' });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: { code: 'idempotency_mismatch', message: expect.any(String), field: 'Idempotency-Key' } });
    // The same key on the other route is another request too.
    const elsewhere = await withKey('/wallets', ann.token, 'fam-1', { family_id: home, name: 'Cottage', type: 'cash' });
    expect(elsewhere.status).toBe(422);
    expect(dump()).toEqual(before);
    expect(eventsOf('family.created').filter((e) => e.entity_id === String(first.body['id']))).toHaveLength(1);
  });

  it('a retried wallet creation with an opening balance records one wallet and one entry; keys are per person', async () => {
    const body = { family_id: home, name: 'Piggy', type: 'savings', opening_balance: '10.00' };
    const first = await withKey('/wallets', ann.token, 'wal-1', body);
    expect(first.status).toBe(201);
    const before = dump();
    const again = await withKey('/wallets', ann.token, 'wal-1', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(dump()).toEqual(before);
    // Mia's key of the same text is hers: her request is her own (and a member may not add a wallet).
    const hers = await withKey('/wallets', mia.token, 'wal-1', body);
    expect(hers.status).toBe(403);
    expect(dump()).toEqual(before);
  });

  it('a key that is not 1-255 visible characters is refused before anything is written', async () => {
    const before = dump();
    for (const key of ['a b', 'x'.repeat(256)]) {
      const res = await withKey('/wallets', ann.token, key, { family_id: home, name: 'Spare', type: 'cash' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation' } });
    }
    expect(dump()).toEqual(before);
  });
});
