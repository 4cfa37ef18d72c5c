// A chart is drawn on the main thread (resvg, 100-300 ms of CPU each). One
// account asking for charts without end must not hold the whole server: a
// person may start CHART_LIMITS.perPerson charts a minute (more is 429 with
// Retry-After, nothing drawn), and the process has a few on the way at most
// (more at once is 503 charts_busy: tests/charts/render-gate.test.ts). The bot's
// 🖼 Chart goes through the same gate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_LIMITS } from '../../src/charts/render-gate.js';
import { createInvite, createTransaction, joinFamily, listCategories } from '../../src/domain/index.js';
import { fund, makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
let a: FamilyFixture;

const chartPath = () => `/api/v1/reports/monthly/chart.png?family_id=${a.familyId}`;

/** A new viewer of family A (a person of their own, with their own chart allowance), logged in. */
async function newViewer(): Promise<string> {
  const id = makeUser(api.db.deps, 'Viewer');
  joinFamily(api.db.deps, id, createInvite(api.db.deps, a.owner, { familyId: a.familyId, role: 'viewer' }).code);
  return api.tokenFor(id);
}

beforeAll(async () => {
  api = await startApi();
  a = makeFamily(api.db.deps);
  fund(api.db.deps, a, a.cashId, 1000_00);
  const groceries = listCategories(api.db.deps, a.owner, a.familyId, { kind: 'expense' })[0]!;
  createTransaction(api.db.deps, a.owner, { familyId: a.familyId, fromWalletId: a.cashId, amountMinor: 42_50, categoryId: groceries.id });
  // The first chart loads the renderer (WASM, fonts): out of the way before the bursts.
  expect((await api.request('GET', chartPath(), { token: await newViewer() })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await api.close();
});

describe('charts asked for without end', () => {
  it('one person gets a few a minute; the next is 429 with Retry-After and is not drawn; another person still gets theirs', async () => {
    const flooder = await newViewer();
    for (let i = 0; i < CHART_LIMITS.perPerson; i++) expect((await api.request('GET', chartPath(), { token: flooder })).status).toBe(200);
    const refused = await api.request('GET', chartPath(), { token: flooder });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String), reason: 'too_many_requests' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Refused before its drawing starts: tests/charts/render-gate.test.ts (no timing asserted here).
    // Another session of the same person shares the allowance; someone else does not.
    expect((await api.request('GET', chartPath(), { token: await api.tokenFor(a.members.viewer) })).status).toBe(200);
    const sameUser = await api.request('GET', chartPath(), { token: flooder });
    expect(sameUser.status).toBe(429);
    expect((await api.request('GET', `/api/v1/wallets?family_id=${a.familyId}`, { token: flooder })).status).toBe(200);
  }, 60_000);

});
