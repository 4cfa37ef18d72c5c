// Dates the API reads, over real HTTP: a day or date-time from 1970-01-01 to
// 9999-12-31, as the reports' months already keep (1970-01 to 9999-11).
// JavaScript's Date reads a year 0–99 as 1900–1999, so the history's
// from=0050-01-01T00:00:00Z meant 1950 and answered 200, and the export took
// from=1969-12-31. Both are now a 400 validation naming the field, reason
// date_out_of_range, and nothing is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type Refusal = { error: { code: string; field?: string; reason?: string; message: string } };

async function exportCsv(query: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${api.url}/api/v1/transactions/export.csv?family_id=${a.familyId}&${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

describe('the dates the API accepts', () => {
  it('the history refuses from/to before 1970-01-01 (0050 is not 1950), naming the field', async () => {
    for (const [field, value] of [
      ['from', '0050-01-01T00:00:00Z'],
      ['from', '0050-01-01'],
      ['from', '0099-12-31T23:00:00-01:00'],
      ['from', '1969-12-31'],
      ['to', '0026-03-01'],
    ] as const) {
      const r = await api.request<Refusal>('GET', `/api/v1/transactions?family_id=${a.familyId}&${field}=${encodeURIComponent(value)}`, { token });
      expect(r.status, value).toBe(400);
      expect(r.body.error, value).toMatchObject({ code: 'validation', field, reason: 'date_out_of_range' });
      expect(r.body.error.message, value).toMatch(/from 1970-01-01 to 9999-12-31/);
    }
  });

  it('the history reads the ends of the range', async () => {
    const r = await api.request<{ transactions: unknown[] }>('GET', `/api/v1/transactions?family_id=${a.familyId}&from=1970-01-01T00:00:00Z&to=9999-12-31`, { token });
    expect(r.status).toBe(200);
  });

  it('the export refuses from/to outside the range with a 400 naming the field; no CSV is sent', async () => {
    for (const [field, query] of [
      ['from', 'from=0050-01-01'],
      ['from', 'from=1969-12-31'],
      ['to', 'to=0099-12-31'],
      ['to', 'from=1970-01-01&to=0050-01-01'],
    ] as const) {
      const r = await exportCsv(query);
      expect(r.status, query).toBe(400);
      const body = JSON.parse(r.text) as Refusal;
      expect(body.error, query).toMatchObject({ code: 'validation', field, reason: 'date_out_of_range' });
      expect(body.error.message, query).toMatch(/from 1970-01-01 to 9999-12-31/);
    }
  });

  it('the export reads 1970-01-01 to 9999-12-31', async () => {
    const r = await exportCsv('from=1970-01-01&to=9999-12-31');
    expect(r.status).toBe(200);
    expect(r.text.split('\n')[0]).toMatch(/^id,date,/);
  });
});
