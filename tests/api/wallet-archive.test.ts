// POST /api/v1/wallets/{id}/archive: the wallet of an open savings goal is not
// archived; the answer is the one error shape with a stable code and reason and
// the goals named, and the archive goes through once the goal is closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveGoal, createGoal, createWallet } from '../../src/domain/index.js';
import { makeFamily, makeUser, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { startApi, type TestApi } from './support.js';

let t: TestDb;
let api: TestApi;
let f: FamilyFixture;
let owner: string;

beforeAll(async () => {
  t = createTestDb();
  api = await startApi({ db: t });
  f = makeFamily(t.deps);
  owner = await api.tokenFor(f.owner);
});
afterAll(async () => {
  await api.close();
  t.cleanup();
});

const archive = (walletId: number, token = owner, familyId = f.familyId) => api.request('POST', `/api/v1/wallets/${walletId}/archive`, { token, body: { family_id: familyId } });

describe('POST /api/v1/wallets/{id}/archive', () => {
  it('refuses the wallet of an open goal with 409 invalid_state / wallet_has_goals naming the goal; archives it once the goal is closed', async () => {
    const piggy = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Piggy', type: 'savings', currency: 'USD' });
    const bike = createGoal(t.deps, f.owner, { familyId: f.familyId, name: 'Bike', targetMinor: 500_00, walletId: piggy.id });
    const refused = await archive(piggy.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      error: { code: 'invalid_state', reason: 'wallet_has_goals', message: expect.stringContaining('Bike'), goals: [{ id: bike.id, name: 'Bike' }] },
    });
    archiveGoal(t.deps, f.owner, { familyId: f.familyId, goalId: bike.id });
    const done = await archive(piggy.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: piggy.id, name: 'Piggy' });
  });

  it('a member may not archive, and another family’s wallet is not found', async () => {
    const jar = createWallet(t.deps, f.owner, { familyId: f.familyId, name: 'Jar', type: 'savings', currency: 'USD' });
    const member = await api.tokenFor(f.members.member);
    expect((await archive(jar.id, member)).body).toMatchObject({ error: { code: 'forbidden' } });
    const other = makeFamily(t.deps);
    const stranger = await api.tokenFor(makeUser(t.deps, 'Stranger'));
    // Not a member of the family named: not found, as everywhere in the API.
    expect((await archive(jar.id, owner, other.familyId)).status).toBe(404);
    expect((await archive(jar.id, stranger)).status).toBe(404);
    expect((await archive(other.cashId)).status).toBe(404);
  });
});
