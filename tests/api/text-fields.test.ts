// Text over the API goes through the core's one text rule: the schemas' maxLength
// of every field people type equals the core's limit (code points, counted the
// same way), a direction override or a control character is refused in a name
// and stripped from a note, and a transaction shows who entered it (origin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_RULES } from '../../src/domain/text/text.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let token: string;

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_000);
  token = await api.tokenFor(f.owner);
});
afterAll(async () => {
  await api.close();
});

/** Every field people type, by route, with the core's rule for it. */
const PERSON_TEXT: Record<string, { max: number }> = {
  'POST /api/v1/auth/register name': TEXT_RULES.userName,
  'POST /api/v1/families name': TEXT_RULES.familyName,
  'POST /api/v1/wallets name': TEXT_RULES.walletName,
  'POST /api/v1/transactions description': TEXT_RULES.transactionDescription,
  'POST /api/v1/transactions/{id}/reject reason': TEXT_RULES.reason,
  'DELETE /api/v1/transactions/{id} reason': TEXT_RULES.reason,
  'GET /api/v1/transactions q': TEXT_RULES.searchQuery,
  // Telegram's own names, given by the bot: stored made safe (stripped, cut at the limit), never refused.
  'POST /api/v1/auth/telegram/start username': TEXT_RULES.telegramName,
  'POST /api/v1/auth/telegram/start first_name': TEXT_RULES.telegramName,
};
/** String fields that are not free text a person types (codes, tokens, identifiers, amounts, dates), or are ignored. */
const NOT_PERSON_TEXT = new Set([
  'email', 'password', 'refresh_token', 'init_data', 'code', 'cursor', 'from', 'to', 'idempotency-key', 'x-signature', 'x-timestamp',
  'base_currency', 'currency', 'timezone', 'amount', 'to_amount', 'opening_balance', 'credit_limit', 'lang', 'file', 'month', 'period',
  'date', 'chat_id', 'family_id',
]);

type Field = { key: string; name: string; maxLength: number; deprecated: boolean };

function stringFields(key: string, name: string, schema: Record<string, unknown> | undefined, out: Field[], deprecated = false): void {
  if (!schema) return;
  const types = ([] as unknown[]).concat(schema['type']);
  if (types.includes('string') && typeof schema['maxLength'] === 'number') {
    out.push({ key: `${key} ${name}`, name, maxLength: schema['maxLength'], deprecated: deprecated || schema['deprecated'] === true });
  }
  for (const alt of (schema['anyOf'] ?? schema['oneOf'] ?? []) as Array<Record<string, unknown>>) stringFields(key, name, alt, out, deprecated);
  const props = schema['properties'] as Record<string, Record<string, unknown>> | undefined;
  for (const [n, s] of Object.entries(props ?? {})) stringFields(key, n, s, out, deprecated);
}

describe('the OpenAPI document and the core count text alike', () => {
  it('every person-typed string field has the core’s limit as its maxLength; every other string field is known not to be person text', async () => {
    type Op = { parameters?: Array<{ name: string; schema?: Record<string, unknown>; deprecated?: boolean }>; requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> } };
    const doc = await api.request<{ paths: Record<string, Record<string, Op>> }>('GET', '/docs/json');
    expect(doc.status).toBe(200);
    const fields: Field[] = [];
    for (const [path, ops] of Object.entries(doc.body.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) stringFields(key, p.name.toLowerCase(), p.schema, fields, p.deprecated === true);
        for (const c of Object.values(op.requestBody?.content ?? {})) stringFields(key, '', c.schema, fields);
      }
    }
    const seen = new Map(fields.map((x) => [x.key, x]));
    for (const [key, rule] of Object.entries(PERSON_TEXT)) {
      expect(seen.get(key)?.maxLength, key).toBe(rule.max);
    }
    const unclassified = fields.filter((x) => !(x.key in PERSON_TEXT) && !NOT_PERSON_TEXT.has(x.name) && !x.deprecated).map((x) => x.key);
    expect(unclassified).toEqual([]);
  });

  it('a name of exactly the limit in code points (astral emoji: two UTF-16 units each) is taken, one more is refused', async () => {
    const max = TEXT_RULES.walletName.max;
    const ok = await api.request('POST', '/api/v1/wallets', { token, body: { family_id: f.familyId, name: '💰'.repeat(max), type: 'cash' } });
    expect(ok.status).toBe(201);
    const before = snapshot(api);
    const long = await api.request('POST', '/api/v1/wallets', { token, body: { family_id: f.familyId, name: '💰'.repeat(max + 1), type: 'cash' } });
    expect(long.status).toBe(400);
    expect(snapshot(api)).toEqual(before);
  });
});

const BAD = [
  ['a right-to-left override (U+202E)', '\u202E'],
  ['a bell (U+0007)', '\u0007'],
] as const;

describe('names over the API: refused, nothing changed', () => {
  const cases: Array<[label: string, send: (name: string) => Promise<{ status: number; body: Record<string, unknown> }>]> = [
    ['family name', (name) => api.request('POST', '/api/v1/families', { token, body: { name, base_currency: 'USD' } })],
    ['wallet name', (name) => api.request('POST', '/api/v1/wallets', { token, body: { family_id: f.familyId, name, type: 'cash' } })],
    ['account name at registration', (name) => api.request('POST', '/api/v1/auth/register', { body: { email: `x${name.length}@example.com`, password: 'correct horse battery staple', name } })],
  ];
  for (const [label, send] of cases) {
    it.each(BAD)(`${label}: %s`, async (_, bad) => {
      const before = snapshot(api);
      const res = await send(`Sa${bad}vings`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation', field: 'name' } });
      expect(snapshot(api)).toEqual(before);
    });
    it.each([
      ['zero-width spaces', '\u200B\u200B'],
      ['a Hangul filler and a word joiner', '\u3164\u2060'],
    ])(`${label} that draws nothing (%s) is empty`, async (_, blank) => {
      const before = snapshot(api);
      const res = await send(blank);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation', field: 'name', reason: 'too_short' } });
      expect(snapshot(api)).toEqual(before);
    });
  }
});

describe('notes over the API: stripped', () => {
  it.each(BAD)('a transaction description, and the search for it: %s', async (_, bad) => {
    const res = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00', description: `pi${bad}zza ${bad.charCodeAt(0)}` } });
    expect(res.status).toBe(201);
    const view = await api.request('GET', `/api/v1/transactions/${res.body['id'] as number}`, { token });
    expect(view.body['description']).toBe(`pizza ${bad.charCodeAt(0)}`);
    const found = await api.request<{ transactions: Array<{ description: string }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&q=${encodeURIComponent(`piz${bad}za ${bad.charCodeAt(0)}`)}`, { token });
    expect(found.status).toBe(200);
    expect(found.body.transactions.map((t) => t.description)).toEqual([`pizza ${bad.charCodeAt(0)}`]);
  });

  it.each(BAD)('a reversal reason: %s', async (_, bad) => {
    const created = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '1.00' } });
    const id = created.body['id'] as number;
    const res = await api.request('DELETE', `/api/v1/transactions/${id}`, { token, body: { reason: `ty${bad}po` } });
    expect(res.status).toBe(200);
    const view = await api.request('GET', `/api/v1/transactions/${res.body['reversal_transaction_id'] as number}`, { token });
    expect(view.body['reason']).toBe('typo');
  });
});

describe('origin: who entered an entry', () => {
  it('an entry made over the API shows api:<session>; the bot’s chat:<id> and job:recurring show as stored; opening balances carry it too', async () => {
    const created = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '2.00' } });
    expect(created.status).toBe(201);
    const view = await api.request('GET', `/api/v1/transactions/${created.body['id'] as number}`, { token });
    const origin = view.body['origin'] as string;
    expect(origin).toMatch(/^api:.+/);

    const wallet = await api.request('POST', '/api/v1/wallets', { token, body: { family_id: f.familyId, name: 'Jar', type: 'cash', opening_balance: '5.00' } });
    expect(wallet.status).toBe(201);
    const list = await api.request<{ transactions: Array<{ kind: string; to_wallet_id: number | null; origin: string | null }> }>('GET', `/api/v1/transactions?family_id=${f.familyId}&limit=100`, { token });
    const opening = list.body.transactions.find((t) => t.kind === 'opening_balance' && t.to_wallet_id === wallet.body['id']);
    expect(opening?.origin).toBe(origin);
  });
});
