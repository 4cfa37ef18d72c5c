// GET /transactions/export.csv while the same person's export is still being
// made (here one the bot is sending, through the same core call): 429 in the
// error shape with Retry-After, before the first byte; when it is done, the
// export streams again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTransactionsCsv } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;

beforeAll(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 100_00);
});
afterAll(async () => {
  await api.close();
});

describe('one export at a time per person', () => {
  it('a second export is 429 export_running with Retry-After; another person’s is not held back; the next one after it works', async () => {
    const path = `/api/v1/transactions/export.csv?family_id=${f.familyId}`;
    const token = await api.tokenFor(f.owner);
    const inTheBot = exportTransactionsCsv(api.db.deps, f.owner, { familyId: f.familyId });
    inTheBot.next();

    const refused = await api.request('GET', path, { token });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String), reason: 'export_running' } });
    expect(refused.headers.get('retry-after')).toBe('5');
    // Another session of the same person is the same person.
    expect((await api.request('GET', path, { token: await api.tokenFor(f.owner) })).status).toBe(429);
    expect((await api.request('GET', path, { token: await api.tokenFor(f.members.viewer) })).status).toBe(200);

    expect([...inTheBot].length).toBeGreaterThan(0);
    const again = await api.request('GET', path, { token });
    expect(again.status).toBe(200);
    expect(again.text).toContain(',income,executed,100.00,USD,');
    // The streamed export gave its slot back when it ended.
    expect((await api.request('GET', path, { token })).status).toBe(200);
  });
});
