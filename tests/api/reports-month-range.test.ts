// The months a report answers for, over real HTTP. month=9999-12 answered
// next_month "10000-01" and to "+010000-01-01…", values the API itself refuses
// as input. A month is now 1970-01 to 9999-11 on every route that takes one
// (a 400 validation error naming the field otherwise), previous_month and
// next_month are null at those ends, and the trend shows no month before 1970-01.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstant } from '../../src/domain/dates/calendar.js';
import { makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let a: FamilyFixture;
let token: string;

beforeAll(async () => {
  api = await startApi();
  a = makeFamily(api.db.deps);
  token = await api.tokenFor(a.owner);
});
afterAll(async () => {
  await api.close();
});

type Monthly = { month: string; previous_month: string | null; next_month: string | null; from: string; to: string };
type Refusal = { error: { code: string; field?: string; message: string } };

const get = <T>(path: string) => api.request<T>('GET', `/api/v1${path}${path.includes('?') ? '&' : '?'}family_id=${a.familyId}`, { token });

describe('the months a report covers', () => {
  it('9999-12, 0000-01 and 1969-12 are refused on every route that takes a month, naming the field; nothing is answered', async () => {
    for (const month of ['9999-12', '0000-01', '1969-12']) {
      for (const [path, field] of [
        [`/reports/monthly?month=${month}`, 'month'],
        [`/reports/monthly/chart.png?month=${month}`, 'month'],
        [`/budgets?month=${month}`, 'month'],
        [`/reports/trend?until=${month}`, 'until'],
      ] as const) {
        const r = await get<Refusal>(path);
        expect(r.status, path).toBe(400);
        expect(r.body.error, path).toMatchObject({ code: 'validation', field });
        expect(r.body.error.message, path).toMatch(/from 1970-01 to 9999-11/);
      }
    }
  });

  it('9999-11: next_month is null and every value answered is one the API reads back', async () => {
    const r = await get<Monthly>('/reports/monthly?month=9999-11');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: '9999-11', previous_month: '9999-10', next_month: null, to: '9999-12-01T00:00:00.000Z' });
    expect(readInstant(r.body.to)).toBeDefined();
    expect((await get(`/reports/monthly?month=${r.body.previous_month!}`)).status).toBe(200);
    expect((await get('/budgets?month=9999-11')).status).toBe(200);
    const chart = await fetch(`${api.url}/api/v1/reports/monthly/chart.png?family_id=${a.familyId}&month=9999-11`, { headers: { authorization: `Bearer ${token}` } });
    expect(chart.status).toBe(200);
  });

  it('1970-01: previous_month is null, next_month is 1970-02, and each neighbour answered opens', async () => {
    const r = await get<Monthly>('/reports/monthly?month=1970-01');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month: '1970-01', previous_month: null, next_month: '1970-02', from: '1970-01-01T00:00:00.000Z' });
    expect((await get(`/reports/monthly?month=${r.body.next_month!}`)).status).toBe(200);
  });

  it('the trend until 1970-03 shows 1970-01 to 1970-03, no month before', async () => {
    const r = await get<{ months: string[] }>('/reports/trend?until=1970-03&months=12');
    expect(r.status).toBe(200);
    expect(r.body.months).toEqual(['1970-01', '1970-02', '1970-03']);
    const last = await get<{ months: string[] }>('/reports/trend?until=9999-11&months=2');
    expect(last.body.months).toEqual(['9999-10', '9999-11']);
  });
});
