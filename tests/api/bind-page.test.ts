// The binding page over plain HTTP (the browser run is tests/e2e/bind-page.test.ts):
// escaping, caching, the form post, its rate limit, answers as pages not JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { createBindingCode } from '../../src/domain/auth/binding.js';
import { registerUser } from '../../src/domain/index.js';
import { PASSWORD, snapshot, startApi, ticketIn, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const postForm = (path: string, fields: Record<string, string>) =>
  api.request('POST', path, { raw: form(fields), contentType: 'application/x-www-form-urlencoded' });

describe('GET /bind', () => {
  it('is an HTML page that is never cached and escapes what it echoes', async () => {
    api = await startApi();
    const res = await api.request('GET', `/bind?code=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).toContain('&quot;&gt;&lt;SCRIPT&gt;');
    expect(res.text).toContain('<label for="email">');
  });

  it('serves its stylesheet', async () => {
    api = await startApi();
    const css = await api.request('GET', '/bind/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('POST /bind', () => {
  it('logs in, shows WHICH Telegram account the code connects, and connects it only when Connect is pressed', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    const { code } = createBindingCode(api.db.deps, { chatId: 5151, firstName: 'Ann <b>', username: 'ann_tg' });
    const before = snapshot(api);
    const shown = await postForm('/bind', { code, email: 'ann@example.com', password: PASSWORD });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<dd id="telegram-name"><strong>Ann &lt;b&gt;</strong></dd>');
    expect(shown.text).toContain('<dd id="telegram-username"><strong>@ann_tg</strong></dd>');
    expect(shown.text).toContain('<dd id="telegram-id">5151</dd>');
    expect(shown.text).toContain('Connect “Ann &lt;b&gt;” @ann_tg · id 5151</button>');
    // Logging in alone connects nothing.
    expect(api.count('telegram_identities where chat_id = 5151')).toBe(0);
    expect(api.outboxWakes).toBe(0);
    expect({ ...snapshot(api), event_log: before['event_log'] }).toEqual(before);

    const done = await postForm('/bind/confirm', { code, ticket: ticketIn(shown.text) });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your Telegram chat is now connected to ann@example.com.');
    expect(api.count('telegram_identities where chat_id = 5151')).toBe(1);
    expect(api.outboxWakes).toBe(1);
  });

  it('a second Connect (a double click, a browser retry) shows the same success; someone else with the used code is refused', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    await registerUser(api.db.deps, { email: 'bob@example.com', password: PASSWORD, name: 'Bob' });
    const { code } = createBindingCode(api.db.deps, { chatId: 5252, firstName: 'Ann' });
    const ticket = ticketIn((await postForm('/bind', { code, email: 'ann@example.com', password: PASSWORD })).text);
    // Bob logged in with the same code before Ann connected it (his page was already open).
    const bobs = ticketIn((await postForm('/bind', { code, email: 'bob@example.com', password: PASSWORD })).text);

    const first = await postForm('/bind/confirm', { code, ticket });
    const second = await postForm('/bind/confirm', { code, ticket });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.text).toContain('Your Telegram chat is now connected to ann@example.com.');
    // One connection, one notice, one audit entry.
    expect(api.count('telegram_identities where chat_id = 5252')).toBe(1);
    expect(api.outboxWakes).toBe(1);
    expect(api.count("event_log where action = 'binding.confirmed'")).toBe(1);

    const bob = await postForm('/bind/confirm', { code, ticket: bobs });
    expect(bob.status).toBe(410);
    expect(bob.text).toContain('This code was already used.');
    // Once the code's ten minutes are over, even Ann's retry gets the plain refusal.
    api.db.clock.advance(10 * 60 * 1000 + 1);
    expect((await postForm('/bind/confirm', { code, ticket })).status).not.toBe(200);
  });

  it('shows the username as its own field: a name that imitates one reads as a name, with "no username" and the id beside it', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    const real = createBindingCode(api.db.deps, { chatId: 5151, firstName: 'Ann', username: 'ann' });
    const fake = createBindingCode(api.db.deps, { chatId: 6666, firstName: 'Ann (@ann)', username: null });
    const realPage = (await postForm('/bind', { code: real.code, email: 'ann@example.com', password: PASSWORD })).text;
    const fakePage = (await postForm('/bind', { code: fake.code, email: 'ann@example.com', password: PASSWORD })).text;
    expect(realPage).toContain('<dd id="telegram-name"><strong>Ann</strong></dd>');
    expect(realPage).toContain('<dd id="telegram-username"><strong>@ann</strong></dd>');
    expect(fakePage).toContain('<dd id="telegram-name"><strong>Ann (@ann)</strong></dd>');
    expect(fakePage).toContain('<dd id="telegram-username"><em>no username</em></dd>');
    expect(fakePage).toContain('<dd id="telegram-id">6666</dd>');
    // Even the one-line name on the button keeps them apart: the name is quoted, the real username outside.
    expect(realPage).toContain('Connect “Ann” @ann · id 5151</button>');
    expect(fakePage).toContain('Connect “Ann (@ann)” · id 6666</button>');
    // A name cannot close the quotes itself.
    const sneaky = createBindingCode(api.db.deps, { chatId: 7777, firstName: 'Ann” @ann · id 5151 “', username: null });
    const sneakyPage = (await postForm('/bind', { code: sneaky.code, email: 'ann@example.com', password: PASSWORD })).text;
    expect(sneakyPage).toContain('Connect “Ann&quot; @ann · id 5151 &quot;” · id 7777</button>');

    // In Russian the name stands in Russian quotes, «Ann», and a name cannot close those either.
    const ruPage = (await postForm('/bind', { code: real.code, email: 'ann@example.com', password: PASSWORD, lang: 'ru' })).text;
    expect(ruPage).toContain('Подключить «Ann» @ann · id 5151</button>');
    const sneakyRu = createBindingCode(api.db.deps, { chatId: 7778, firstName: 'Ann» @ann · id 5151 «', username: null });
    const sneakyRuPage = (await postForm('/bind', { code: sneakyRu.code, email: 'ann@example.com', password: PASSWORD, lang: 'ru' })).text;
    expect(sneakyRuPage).toContain('Подключить «Ann&quot; @ann · id 5151 &quot;» · id 7778</button>');
  });

  it('refuses a forged, expired or other-code ticket and connects nothing', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    const { code } = createBindingCode(api.db.deps, { chatId: 5155 });
    const other = createBindingCode(api.db.deps, { chatId: 5156 });
    const ticket = ticketIn((await postForm('/bind', { code, email: 'ann@example.com', password: PASSWORD })).text);
    const [userId, exp, sig] = ticket.split('.');
    for (const forged of [`${Number(userId) + 1}.${exp}.${sig}`, `${userId}.${Number(exp) + 1}.${sig}`, 'x', '']) {
      const res = await postForm('/bind/confirm', { code, ticket: forged });
      expect(res.status).toBe(401);
      expect(res.text).toContain('Log in again');
    }
    expect((await postForm('/bind/confirm', { code: other.code, ticket })).status).toBe(401);
    api.db.clock.advance(10 * 60 * 1000 + 1);
    expect((await postForm('/bind/confirm', { code, ticket })).status).toBe(401);
    expect(api.count('telegram_identities')).toBe(0);
  });

  it('answers a wrong password with the form again and 401', async () => {
    api = await startApi();
    const { code } = createBindingCode(api.db.deps, { chatId: 5152 });
    const res = await postForm('/bind', { code, email: 'nobody@example.com', password: 'wrong password' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('The email or password is not right.');
    expect(res.text).toContain('value="nobody@example.com"');
  });

  it('limits attempts and answers with a page, not JSON', async () => {
    api = await startApi({ rateLimits: { bindPage: { max: 2, timeWindowMs: 60_000 } } });
    for (let i = 0; i < 2; i++) await postForm('/bind', { code: 'ABCDEFGH', email: 'x@example.com', password: 'guess number ' + i });
    const res = await postForm('/bind', { code: 'ABCDEFGH', email: 'x@example.com', password: 'guess number 3' });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('Too many attempts');
  });

  it('registers and confirms from the register form; refuses a weak password with the form again', async () => {
    api = await startApi();
    const { code } = createBindingCode(api.db.deps, { chatId: 5153 });
    const weak = await postForm('/bind/register', { code, name: 'Bo', email: 'bo@example.com', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('at least 10 characters');
    expect(weak.text).toContain('value="Bo"');
    const ok = await postForm('/bind/register', { code, name: 'Bo', email: 'bo@example.com', password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(api.count("users where email = 'bo@example.com'")).toBe(1);
    expect(api.count('telegram_identities where chat_id = 5153')).toBe(0);
    expect((await postForm('/bind/confirm', { code, ticket: ticketIn(ok.text) })).status).toBe(200);
    expect(api.count('telegram_identities where chat_id = 5153')).toBe(1);
  });

  it('the register form is closed when registration is off', async () => {
    api = await startApi({ env: { ALLOW_REGISTRATION: 'false' } });
    const { code } = createBindingCode(api.db.deps, { chatId: 5154 });
    const res = await postForm('/bind/register', { code, name: 'Cy', email: 'cy@example.com', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(api.count('users')).toBe(0);
  });
});
