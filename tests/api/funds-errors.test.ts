// The core's typed "not enough money" over HTTP: the wallet that cannot pay,
// its balance and the wallets that can, as decimal strings; wallets and
// categories carry their default-name key and a card's credit limit.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWallet } from '../../src/domain/index.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { snapshot, startApi, type TestApi } from './support.js';

let api: TestApi;
let f: FamilyFixture;
let owner: string;

beforeEach(async () => {
  api = await startApi();
  f = makeFamily(api.db.deps);
  fund(api.db.deps, f, f.cashId, 2_000); // 20.00
  owner = await api.tokenFor(f.owner);
});
afterEach(async () => {
  await api.close();
});

it('insufficient_funds names the wallet, its balance and the wallets that could pay', async () => {
  const bank = createWallet(api.db.deps, f.owner, { familyId: f.familyId, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 10_000 });
  const before = snapshot(api);
  const res = await api.request('POST', '/api/v1/transactions', { token: owner, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '50.00' } });
  expect(res.status).toBe(422);
  expect(res.body['error']).toEqual({
    code: 'insufficient_funds',
    message: 'Not enough money in "Cash"',
    reason: 'insufficient_funds',
    funds: {
      currency: 'USD',
      needed: '50.00',
      wallet: { wallet_id: f.cashId, name: 'Cash', name_key: 'default-wallet-cash', balance: '20.00', available: '20.00' },
      alternatives: [{ wallet_id: bank.id, name: 'Bank', name_key: null, balance: '100.00', available: '100.00' }],
    },
  });
  expect(snapshot(api)).toEqual(before);
});

it('wallets show their default-name key and a card’s credit limit', async () => {
  const card = createWallet(api.db.deps, f.owner, { familyId: f.familyId, name: 'Visa', type: 'card', currency: 'USD', creditLimitMinor: 50_000 });
  const res = await api.request('GET', `/api/v1/wallets?family_id=${f.familyId}`, { token: owner });
  expect(res.status).toBe(200);
  expect(res.body['wallets']).toEqual([
    { id: f.cashId, name: 'Cash', balance: '20.00', type: 'cash', currency: 'USD', name_key: 'default-wallet-cash', credit_limit: null, allow_negative: false },
    { id: card.id, name: 'Visa', balance: '0.00', type: 'card', currency: 'USD', name_key: null, credit_limit: '500.00', allow_negative: false },
  ]);
});
