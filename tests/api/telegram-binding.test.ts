// Binding a Telegram chat to an email login over HTTP, including the merge of
// a bot-made account and a web-made one.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, telegramIdentities, users } from '../../src/db/schema.js';
import { createBindingCode, decideBinding } from '../../src/domain/auth/binding.js';
import { disconnectLogin } from '../../src/domain/auth/connections.js';
import { createFamily, createTransaction, ensureTelegramUser, listWallets } from '../../src/domain/index.js';
import { snapshot, startApi, PASSWORD, type Account, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const CONFIRM = '/api/v1/auth/telegram/confirm';

function confirm(a: Account, code: string, chatId: number, extra: Record<string, unknown> = {}) {
  return api.request('POST', CONFIRM, { token: a.token, body: { code, chat_id: chatId, confirm: true, ...extra } });
}

function ownerOfChat(chatId: number): number | undefined {
  return api.db.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, chatId)).get()?.userId;
}

function userExists(id: number): boolean {
  return Boolean(api.db.deps.db.select({ id: users.id }).from(users).where(eq(users.id, id)).get());
}

describe('telegram/confirm', () => {
  it('binds a chat nobody has yet to the caller, once', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 777, username: 'ann_tg', firstName: 'Ann' });
    const res = await confirm(a, code, 777);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      user_id: a.userId,
      jwt_token: expect.any(String),
      expires_at: expect.any(String),
      telegram: { chat_id: 777, first_name: 'Ann', username: 'ann_tg', display: '“Ann” @ann_tg · id 777', name: 'Ann', username_shown: 'ann_tg' },
    });
    expect(Date.parse(res.body['expires_at'] as string)).toBe(api.db.clock() + 900_000);
    expect(ownerOfChat(777)).toBe(a.userId);
    const identity = api.db.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, 777)).get();
    expect(identity).toMatchObject({ username: 'ann_tg', firstName: 'Ann' });
    // The bot is told (through the outbox, written in the same transaction).
    const rows = api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'binding.confirmed')).all();
    expect(rows.map((r) => JSON.parse(r.payload) as unknown)).toEqual([{ chatId: 777, userId: a.userId, connected: { kind: 'chat' } }]);
    expect(api.outboxWakes).toBeGreaterThan(0);
    expect(api.count("event_log where action = 'binding.confirmed'")).toBe(1);

    // The same confirmation again (a retry of the same session) sees the same success and changes nothing.
    const again = await confirm(a, code, 777);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ success: true, user_id: a.userId, telegram: { chat_id: 777 } });
    expect(api.count("event_log where action = 'binding.confirmed'")).toBe(1);
    expect(api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'binding.confirmed')).all()).toHaveLength(1);
    // Another session of the same login, or another login, is told the code was used.
    const otherSession = { ...a, token: await api.tokenFor(a.userId) };
    for (const who of [otherSession, await api.account('Bob')]) {
      const used = await confirm(who, code, 777);
      expect(used.status).toBe(410);
      expect(used.body['error']).toMatchObject({ code: 'expired', reason: 'code_used' });
    }
  });

  it('accepts the code typed in lower case with a dash', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 778 });
    const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
    expect((await confirm(a, typed, 778)).status).toBe(200);
  });

  it('refuses an expired code with 410', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 777 });
    api.db.clock.advance(10 * 60 * 1000 + 1);
    const res = await confirm(a, code, 777);
    expect(res.status).toBe(410);
    expect(res.body['error']).toMatchObject({ code: 'expired', field: 'code', reason: 'code_expired' });
    expect(ownerOfChat(777)).toBeUndefined();
  });

  it('a newer code replaces an older one of the same chat', async () => {
    api = await startApi();
    const a = await api.account();
    const old = createBindingCode(api.db.deps, { chatId: 777 });
    createBindingCode(api.db.deps, { chatId: 777 });
    expect((await confirm(a, old.code, 777)).status).toBe(410);
  });

  it('refuses an unknown code with 400', async () => {
    api = await startApi();
    const a = await api.account();
    const before = snapshot(api);
    const res = await confirm(a, 'ABCDEFGH', 777);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'validation', message: expect.stringMatching(/not valid/), field: 'code', reason: 'unknown_code' } });
    expect(snapshot(api)).toEqual(before);
  });

  it('refuses a code made for another chat, and burns it after five tries', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 777 });
    for (let i = 0; i < 5; i++) {
      const res = await confirm(a, code, 778);
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'validation', field: 'chat_id', reason: 'chat_mismatch' });
    }
    const res = await confirm(a, code, 777);
    expect(res.status).toBe(410);
    expect(res.body['error']).toMatchObject({ reason: 'too_many_attempts' });
    expect(ownerOfChat(777)).toBeUndefined();
  });

  it('needs a logged-in caller', async () => {
    api = await startApi();
    const { code } = createBindingCode(api.db.deps, { chatId: 777 });
    const res = await api.request('POST', CONFIRM, { body: { code, chat_id: 777 } });
    expect(res.status).toBe(401);
  });

  it('is rate limited', async () => {
    api = await startApi({ rateLimits: { telegramConfirm: { max: 2, timeWindowMs: 60_000 } } });
    const a = await api.account();
    await confirm(a, 'AAAAAAAA', 1);
    await confirm(a, 'AAAAAAAB', 1);
    const res = await confirm(a, 'AAAAAAAC', 1);
    expect(res.status).toBe(429);
    expect(res.body['error']).toMatchObject({ code: 'rate_limited' });
  });

  it('is harmless when the chat is already the caller\'s', async () => {
    api = await startApi();
    const a = await api.account();
    expect((await confirm(a, createBindingCode(api.db.deps, { chatId: 777 }).code, 777)).status).toBe(200);
    const res = await confirm(a, createBindingCode(api.db.deps, { chatId: 777 }).code, 777);
    expect(res.status).toBe(200);
    expect(res.body['user_id']).toBe(a.userId);
  });
});

describe('merging a bot account and a web account', () => {
  it('moves a new email login onto the Telegram account that owns a family', async () => {
    api = await startApi();
    const tg = ensureTelegramUser(api.db.deps, { chatId: 900, firstName: 'Ann' }).user;
    const family = createFamily(api.db.deps, tg.id, { name: 'Home', baseCurrency: 'USD' });
    const cash = listWallets(api.db.deps, tg.id, family.id)[0]!;
    createTransaction(api.db.deps, tg.id, { familyId: family.id, toWalletId: cash.id, amountMinor: 10_000 });
    const web = await api.account('Ann on the web');

    const res = await confirm(web, createBindingCode(api.db.deps, { chatId: 900 }).code, 900);
    expect(res.status).toBe(200);
    expect(res.body['user_id']).toBe(tg.id);
    // The web account is gone; its email and password now open the Telegram account.
    expect(userExists(web.userId)).toBe(false);
    expect(api.db.deps.db.select().from(users).where(eq(users.id, tg.id)).get()?.email).toBe(web.email);
    const families = await api.request('GET', '/api/v1/families', { token: res.body['jwt_token'] as string });
    expect(families.status).toBe(200);
    expect(families.body['families']).toEqual([expect.objectContaining({ id: family.id, role: 'owner' })]);
    const login = await api.login(web.email, PASSWORD);
    expect(login.body['user_id']).toBe(tg.id);
    // The old token named the absorbed account: it no longer works; the session's refresh token now yields the survivor.
    expect((await api.request('GET', '/api/v1/families', { token: web.token })).status).toBe(401);
    const refreshed = await api.request('POST', '/api/v1/auth/refresh', { body: { refresh_token: web.refresh } });
    expect(refreshed.body['user_id']).toBe(tg.id);

    const merged = api.db.conn.sqlite.prepare("select actor_user_id, payload from event_log where action = 'user.merged'").all() as Array<{ actor_user_id: number; payload: string }>;
    expect(merged).toHaveLength(1);
    expect(merged[0]!.actor_user_id).toBe(tg.id);
    expect(JSON.parse(merged[0]!.payload)).toMatchObject({ absorbedUserId: web.userId, direction: 'email_into_telegram', chatId: 900 });
  });

  it('moves a family-less Telegram account into the email account that owns a family', async () => {
    api = await startApi();
    const tg = ensureTelegramUser(api.db.deps, { chatId: 901, firstName: 'Bob' }).user;
    const web = await api.account('Bob');
    const family = createFamily(api.db.deps, web.userId, { name: 'Web family', baseCurrency: 'EUR' });
    const res = await confirm(web, createBindingCode(api.db.deps, { chatId: 901 }).code, 901);
    expect(res.status).toBe(200);
    expect(res.body['user_id']).toBe(web.userId);
    expect(ownerOfChat(901)).toBe(web.userId);
    expect(userExists(tg.id)).toBe(false);
    const families = await api.request('GET', '/api/v1/families', { token: res.body['jwt_token'] as string });
    expect(families.body['families']).toEqual([expect.objectContaining({ id: family.id })]);
  });

  it('only moves the chat when its account is another email login without family data', async () => {
    api = await startApi();
    const first = await api.account('First');
    expect((await confirm(first, createBindingCode(api.db.deps, { chatId: 902 }).code, 902)).status).toBe(200);
    const second = await api.account('Second');
    const res = await confirm(second, createBindingCode(api.db.deps, { chatId: 902 }).code, 902);
    expect(res.status).toBe(200);
    expect(res.body['user_id']).toBe(second.userId);
    expect(ownerOfChat(902)).toBe(second.userId);
    expect(userExists(first.userId)).toBe(true);
  });

  it('is 409 when both accounts have family data, and changes nothing', async () => {
    api = await startApi();
    const tg = ensureTelegramUser(api.db.deps, { chatId: 903, firstName: 'Cid' }).user;
    createFamily(api.db.deps, tg.id, { name: 'Bot family', baseCurrency: 'USD' });
    const web = await api.account('Cid');
    createFamily(api.db.deps, web.userId, { name: 'Web family', baseCurrency: 'USD' });
    const { code } = createBindingCode(api.db.deps, { chatId: 903 });
    const before = snapshot(api);
    const res = await confirm(web, code, 903);
    expect(res.status).toBe(409);
    expect(res.body['error']).toMatchObject({ code: 'conflict', reason: 'both_have_family_data', message: expect.stringMatching(/Leave/) });
    expect(snapshot(api)).toEqual(before);
    expect(ownerOfChat(903)).toBe(tg.id);
  });

  it('is 409 when the chat\'s family account already has another email login', async () => {
    api = await startApi();
    const first = await api.account('First');
    expect((await confirm(first, createBindingCode(api.db.deps, { chatId: 904 }).code, 904)).status).toBe(200);
    createFamily(api.db.deps, first.userId, { name: 'Family', baseCurrency: 'USD' });
    const second = await api.account('Second');
    const res = await confirm(second, createBindingCode(api.db.deps, { chatId: 904 }).code, 904);
    expect(res.status).toBe(409);
    expect(res.body['error']).toMatchObject({ reason: 'chat_has_other_login' });
  });
});

describe('a binding cannot be phished', () => {
  const PREVIEW = '/api/v1/auth/telegram/preview';

  /** A victim: an email login with a family and a chat of her own (5000). */
  async function victimWithChat(): Promise<Account & { familyId: number }> {
    const v = await api.account('Vera');
    const family = createFamily(api.db.deps, v.userId, { name: 'Vera family', baseCurrency: 'USD' });
    const bound = await confirm(v, createBindingCode(api.db.deps, { chatId: 5000, firstName: 'Vera', username: 'vera' }).code, 5000);
    expect(bound.status).toBe(200);
    return { ...v, familyId: family.id };
  }

  it('preview names the Telegram account and changes nothing', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 666, firstName: 'Mallory', username: 'mallory' });
    const before = snapshot(api);
    const res = await api.request('POST', PREVIEW, { token: a.token, body: { code } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      telegram: { chat_id: 666, first_name: 'Mallory', username: 'mallory', display: '“Mallory” @mallory · id 666', name: 'Mallory', username_shown: 'mallory' },
      outcome: 'bound',
      approval_required: false,
    });
    expect(snapshot(api)).toEqual(before);
  });

  it('preview gives the username apart from the name: a first name that imitates "Ann (@ann)" is not the account @ann', async () => {
    api = await startApi();
    const a = await api.account();
    const real = createBindingCode(api.db.deps, { chatId: 700, firstName: 'Ann', username: 'ann' });
    const fake = createBindingCode(api.db.deps, { chatId: 701, firstName: 'Ann (@ann)', username: null });
    const preview = async (code: string) => (await api.request('POST', PREVIEW, { token: a.token, body: { code } })).body['telegram'];
    expect(await preview(real.code)).toMatchObject({ chat_id: 700, name: 'Ann', username_shown: 'ann', display: '“Ann” @ann · id 700' });
    expect(await preview(fake.code)).toMatchObject({ chat_id: 701, name: 'Ann (@ann)', username_shown: null, display: '“Ann (@ann)” · id 701' });
  });

  it('confirm without "confirm": true connects nothing and says which account the code is for', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 666, firstName: 'Mallory', username: 'mallory' });
    const before = snapshot(api);
    const res = await api.request('POST', CONFIRM, { token: a.token, body: { code, chat_id: 666 } });
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'validation', field: 'confirm', reason: 'confirmation_required', message: expect.stringContaining('“Mallory” @mallory · id 666') });
    expect(snapshot(api)).toEqual(before);
  });

  it('names from the client are ignored: the page and the API show what Telegram said when the code was made', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 666, firstName: 'Mallory', username: 'mallory' });
    const res = await confirm(a, code, 666, { username: 'trusted_bank', first_name: 'Your Bank' });
    expect(res.body['telegram']).toMatchObject({ display: '“Mallory” @mallory · id 666' });
    expect(api.db.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, 666)).get()).toMatchObject({ username: 'mallory', firstName: 'Mallory' });
  });

  it('a Telegram name with direction overrides or controls is shown with them stripped, so it cannot read as someone else\'s', async () => {
    api = await startApi();
    const a = await api.account();
    const { code } = createBindingCode(api.db.deps, { chatId: 667, firstName: 'Mal\u202Eyrev\u202C\u0007', username: 'mal\u2066lory' });
    const res = await api.request('POST', PREVIEW, { token: a.token, body: { code } });
    expect(res.body['telegram']).toMatchObject({ first_name: 'Malyrev', username: 'mallory', display: '“Malyrev” @mallory · id 667', name: 'Malyrev', username_shown: 'mallory' });
  });

  it('attacker\'s code, victim with a chat confirms: nothing is connected until the victim\'s own chat allows it, and Deny ends it', async () => {
    api = await startApi();
    const v = await victimWithChat();
    const mallory = ensureTelegramUser(api.db.deps, { chatId: 666, firstName: 'Mallory', username: 'mallory' }).user;
    const { code } = createBindingCode(api.db.deps, { chatId: 666 });
    const before = snapshot(api);

    const res = await confirm(v, code, 666);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: false, status: 'approval_requested', telegram: { display: '“Mallory” @mallory · id 666' } });
    // Not taken over: the attacker's chat is still the attacker's own account; the victim keeps hers.
    expect(ownerOfChat(666)).toBe(mallory.id);
    expect(ownerOfChat(5000)).toBe(v.userId);
    expect(userExists(v.userId)).toBe(true);
    expect(snapshot(api)).toMatchObject({ users: before['users'], telegram_identities: before['telegram_identities'], sessions: before['sessions'] });
    // The victim's chat is asked, and the request is visible to the family's owners.
    const asked = api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'binding.approval_requested')).all();
    expect(asked.map((r) => JSON.parse(r.payload) as unknown)).toEqual([{ codeId: expect.any(Number), userId: v.userId }]);
    const events = await api.request('GET', `/api/v1/events?family_id=${v.familyId}`, { token: v.token });
    expect((events.body['events'] as Array<{ action: string }>).map((e) => e.action)).toContain('binding.approval_requested');

    // The attacker's chat cannot answer its own request; a stranger's chat neither.
    const codeId = (JSON.parse(asked[0]!.payload) as { codeId: number }).codeId;
    expect(() => decideBinding(api.db.deps, { codeId, deciderChatId: 666, allow: true })).toThrow(/no such request/);
    expect(() => decideBinding(api.db.deps, { codeId, deciderChatId: 424242, allow: true })).toThrow(/no such request/);
    // The victim denies; the code is burnt.
    expect(decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: false })).toEqual({ status: 'denied', chatId: 666 });
    // [Deny] twice is one denial.
    expect(decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: false })).toEqual({ status: 'denied', chatId: 666 });
    expect(() => decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: true })).toThrow(/already answered/);
    expect((await confirm(v, code, 666)).status).toBe(410);
    expect(ownerOfChat(666)).toBe(mallory.id);
  });

  it('the login\'s own chat allows a second chat; every other chat is told, with a way to disconnect it', async () => {
    api = await startApi();
    const v = await victimWithChat();
    const { code } = createBindingCode(api.db.deps, { chatId: 5001, firstName: 'Vera', username: 'vera_work' });
    expect((await confirm(v, code, 5001)).status).toBe(202);
    const codeId = (JSON.parse(api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'binding.approval_requested')).get()!.payload) as { codeId: number }).codeId;
    const allowed = decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: true });
    expect(allowed).toMatchObject({ status: 'allowed', result: { status: 'done', userId: v.userId, outcome: 'bound' } });
    expect(ownerOfChat(5001)).toBe(v.userId);
    // [Allow] reaching the bot twice (a double tap): the second sees the same outcome and changes nothing; [Deny] now is refused.
    const wakes = api.outboxWakes;
    expect(decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: true })).toMatchObject({ status: 'allowed', result: { status: 'done', userId: v.userId, chatId: 5001 } });
    expect(api.outboxWakes).toBe(wakes);
    expect(() => decideBinding(api.db.deps, { codeId, deciderChatId: 5000, allow: false })).toThrow(/already answered/);
    // The login's Connect pressed again once allowed: the same success, from the session that asked.
    expect((await confirm(v, code, 5001)).status).toBe(200);
    expect((await confirm({ ...v, token: await api.tokenFor(v.userId) }, code, 5001)).status).toBe(410);
    const notice = api.db.deps.db.select().from(outbox).where(eq(outbox.topic, 'binding.confirmed')).all().at(-1)!;
    expect(JSON.parse(notice.payload)).toEqual({ chatId: 5001, userId: v.userId, connected: { kind: 'chat' } });
    const confirmed = api.db.conn.sqlite.prepare("select family_id, payload from event_log where action = 'binding.confirmed' and entity_id = '5001'").all() as Array<{ family_id: number; payload: string }>;
    expect(confirmed).toEqual([{ family_id: v.familyId, payload: expect.stringContaining('"approvedByChat":5000') }]);

    // [Disconnect] from the first chat takes the second one off; a chat cannot disconnect itself, nor a stranger's chat.
    expect(() => disconnectLogin(api.db.deps, 5001, { kind: 'chat', chatId: 5001 })).toThrow(/itself/);
    expect(() => disconnectLogin(api.db.deps, 424242, { kind: 'chat', chatId: 5001 })).toThrow(/not connected/);
    expect((await api.request('GET', '/api/v1/families', { token: v.token })).status).toBe(200);
    disconnectLogin(api.db.deps, 5000, { kind: 'chat', chatId: 5001 });
    expect(ownerOfChat(5001)).toBeUndefined();
    expect(() => disconnectLogin(api.db.deps, 5000, { kind: 'chat', chatId: 5001 })).toThrow(/not connected/);
    // The account's sessions end with it (one may have been opened from that chat's Mini App); the login still works.
    expect((await api.request('GET', '/api/v1/families', { token: v.token })).status).toBe(401);
    expect((await api.login(v.email)).status).toBe(200);
  });

  it('disconnecting the email login ends its sessions', async () => {
    api = await startApi();
    const v = await victimWithChat();
    disconnectLogin(api.db.deps, 5000, { kind: 'email' });
    expect((await api.request('GET', '/api/v1/families', { token: v.token })).status).toBe(401);
    expect((await api.login(v.email)).status).toBe(401);
    expect(ownerOfChat(5000)).toBe(v.userId);
  });
});
