// The API half of "across channels": a family made by a Telegram user, a
// binding code as the bot's /link makes it, then a brand-new email account
// confirms it over HTTP and works with the family's money over REST. (The
// bot half, /link and /balance through the fake Telegram, is the lead's e2e.)
import { afterEach, expect, it } from 'vitest';
import { createBindingCode } from '../../src/domain/auth/binding.js';
import { createFamily, createTransaction, ensureTelegramUser, getActiveFamilyId, listWallets } from '../../src/domain/index.js';
import { PASSWORD, startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

it('a family started in the bot is reachable from a new email login after /link', async () => {
  api = await startApi();
  const deps = api.db.deps;
  // In the bot: Ann talks to it from chat 31337 and creates a family with some cash.
  const ann = ensureTelegramUser(deps, { chatId: 31337, firstName: 'Ann', username: 'ann' }).user;
  const family = createFamily(deps, ann.id, { name: 'Ann & Bo', baseCurrency: 'EUR' });
  const cash = listWallets(deps, ann.id, family.id)[0]!;
  createTransaction(deps, ann.id, { familyId: family.id, toWalletId: cash.id, amountMinor: 20_000, source: 'bot' });
  // /link in the bot:
  const { code } = createBindingCode(deps, { chatId: 31337 });

  // On the web: a new account, logged in, enters the code.
  const registered = await api.request('POST', '/api/v1/auth/register', { body: { email: 'ann@example.com', password: PASSWORD, name: 'Ann' } });
  expect(registered.status).toBe(201);
  const login = await api.login('ann@example.com');
  const confirmed = await api.request('POST', '/api/v1/auth/telegram/confirm', {
    token: login.body['access_token'] as string,
    body: { code, chat_id: 31337, confirm: true },
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body['user_id']).toBe(ann.id);
  const token = confirmed.body['jwt_token'] as string;

  // The login now sees the bot's family and its wallets…
  const families = await api.request<{ families: Array<{ id: number; role: string }> }>('GET', '/api/v1/families', { token });
  expect(families.body.families).toEqual([expect.objectContaining({ id: family.id, role: 'owner' })]);
  const wallets = await api.request<{ wallets: Array<{ id: number; balance: string; currency: string }> }>('GET', `/api/v1/wallets?family_id=${family.id}`, { token });
  expect(wallets.body.wallets).toEqual([{ id: cash.id, name: cash.name, balance: '200.00', type: 'cash', currency: 'EUR', name_key: 'default-wallet-cash', credit_limit: null, allow_negative: false }]);

  // …and records an expense there, which is what the bot's /balance reads.
  const spent = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: family.id, from_wallet_id: cash.id, amount: '12.30', description: 'Bakery' } });
  expect(spent.status).toBe(201);
  expect(spent.body).toMatchObject({ status: 'executed', amount: '12.30' });
  expect(listWallets(deps, ann.id, family.id)[0]!.balanceMinor).toBe(18_770);
  expect(getActiveFamilyId(deps, ann.id)).toBe(family.id);

  // Logging in again later lands on the same (merged) account.
  expect((await api.login('ann@example.com')).body['user_id']).toBe(ann.id);
});
