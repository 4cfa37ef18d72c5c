// The binding page over plain HTTP (the browser run is tests/e2e/bind-page.test.ts):
// escaping, caching, the form post, its rate limit, answers as pages not JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { createBindingCode } from '../../src/domain/auth/binding.js';
import { registerUser } from '../../src/domain/index.js';
import { eventually, PASSWORD, snapshot, startApi, ticketIn, type TestApi } from './support.js';

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

  it('tells nobody whether a code is live: a live, a used-up and a made-up code get the same page', async () => {
    // The code is checked only after a password (POST /bind, rate-limited); the page itself is no oracle.
    api = await startApi();
    const live = createBindingCode(api.db.deps, { chatId: 5353, firstName: 'Ann', username: 'ann_tg' }).code;
    const made = live.split('').reverse().join('');
    const pageFor = async (code: string) => {
      const res = await api.request('GET', `/bind?code=${code}&lang=en`);
      const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date' && name !== 'content-length'));
      return { status: res.status, headers, text: res.text.replaceAll(code, 'CODE') };
    };
    const answer = await pageFor(live);
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('ann_tg');
    expect(await pageFor(made)).toEqual(answer);
    expect(await pageFor('ZZZZ2222')).toEqual(answer);
    // Nor does the access log keep the code (only the path): its rows come in batches.
    await eventually(() => api.count("access_log where endpoint = '/bind'") >= 3);
    expect(api.db.conn.sqlite.prepare("SELECT count(*) AS n FROM access_log WHERE endpoint LIKE '%code%'").get()).toEqual({ n: 0 });
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

describe('the form is read strictly (UTF-8, each field once, only a form)', () => {
  /** POSTs raw bytes (fetch would encode a string as UTF-8 itself). */
  const postBytes = async (path: string, bytes: Buffer | string, contentType = 'application/x-www-form-urlencoded', headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: bytes });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const alertOf = (text: string) => /role="alert"[^]*?<p>([^<]*)<\/p>/.exec(text)?.[1];
  /** Every answer of the page: HTML, never kept, under the strict policy. */
  const expectPage = (res: { headers: Headers }) => {
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  };
  const latin1 = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);

  it.each([
    ['a percent-escape that is no UTF-8 (%E9)', '/bind', 'code=ABCDEFGH&email=caf%E9%40example.com&password=a+long+password'],
    ['an overlong escape of "/" (%C0%AF)', '/bind', 'code=ABCDEFGH&email=a%C0%AF%40example.com&password=a+long+password'],
    ['an escaped surrogate (%ED%A0%80)', '/bind', 'code=ABCDEFGH&email=a%ED%A0%80%40example.com&password=a+long+password'],
    ['a raw Latin-1 byte', '/bind', latin1('code=ABCDEFGH&email=caf', '@example.com&password=a+long+password')],
    ['a raw Latin-1 byte in a field name', '/bind', latin1('code=ABCDEFGH&email=a@example.com&passwor', '=a+long+password')],
    ['the register form', '/bind/register', 'code=ABCDEFGH&name=Caf%E9&email=c%40example.com&password=a+long+password'],
    ['the confirm form', '/bind/confirm', 'code=ABCD%E9&ticket=x'],
  ])('refuses %s with the page (400), reading and storing nothing', async (_label, path, body) => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'café@example.com', password: PASSWORD, name: 'Ann' });
    const before = snapshot(api);
    const res = await postBytes(path, body);
    expect(res.status).toBe(400);
    expectPage(res);
    expect(alertOf(res.text)).toBe('The form did not arrive as UTF-8 text, so it was not read. Open the page again from the bot’s link and send the form from it.');
    expect(snapshot(api)).toEqual(before);
  });

  it('answers in the language of the page the form came from (its ?lang=), though the body could not be read', async () => {
    api = await startApi();
    const page = await api.request('GET', '/bind?code=ABCDEFGH&lang=ru');
    expect(page.text).toContain('action="/bind?lang=ru"');
    const res = await postBytes('/bind?lang=ru', latin1('lang=ru&code=ABCDEFGH&email=caf', '@example.com&password=x'));
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html lang="ru">');
    expect(alertOf(res.text)).toBe('Форма пришла не в кодировке UTF-8, поэтому её не прочитали. Откройте страницу заново по ссылке от бота и отправьте форму с неё.');
  });

  it('reads UTF-8 as before: an escaped é and a raw é are the same letter', async () => {
    api = await startApi();
    const { code } = createBindingCode(api.db.deps, { chatId: 5161 });
    await registerUser(api.db.deps, { email: 'zoë@example.com', password: PASSWORD, name: 'Zoë' });
    const escaped = await postBytes('/bind', `code=${code}&email=zo%C3%AB%40example.com&password=${encodeURIComponent(PASSWORD)}`);
    expect(escaped.status).toBe(200);
    expect(escaped.text).toContain('zoë@example.com');
    const raw = await postBytes('/bind', Buffer.from(`code=${code}&email=zoë@example.com&password=${encodeURIComponent(PASSWORD)}`), 'application/x-www-form-urlencoded; charset="UTF-8"');
    expect(raw.status).toBe(200);
    // A '%' that escapes nothing stays a '%' (as browsers read forms): a wrong password, not a broken form.
    const percent = await postBytes('/bind', `code=${code}&email=zo%C3%AB%40example.com&password=100%+sure`);
    expect(percent.status).toBe(401);
  });

  it('refuses a form declared in another charset (415), in the page language', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    const before = snapshot(api);
    const res = await postBytes('/bind', `code=ABCDEFGH&email=ann%40example.com&password=${encodeURIComponent(PASSWORD)}`, 'application/x-www-form-urlencoded; charset=iso-8859-1', { 'accept-language': 'ru-RU,ru;q=0.9' });
    expect(res.status).toBe(415);
    expectPage(res);
    expect(alertOf(res.text)).toBe('Форма пришла в другой кодировке, не UTF-8, поэтому её не прочитали. Откройте страницу заново по ссылке от бота и отправьте форму с неё.');
    expect(snapshot(api)).toEqual(before);
  });

  it('refuses a field sent twice (code=a&code=b) in words, not the validator’s English', async () => {
    api = await startApi();
    for (const body of ['code=ABCDEFGH&code=ZZZZZZZZ&email=a%40example.com&password=x', 'code=ABCDEFGH&email=a%40example.com&password=x&password=y', 'lang=ru&lang=en&code=A&email=a%40example.com&password=x']) {
      const res = await postBytes('/bind?lang=ru', body);
      expect(res.status).toBe(400);
      expectPage(res);
      expect(alertOf(res.text)).toBe('Одно из полей формы пришло дважды, поэтому её не прочитали. Откройте страницу заново по ссылке от бота и отправьте форму с неё.');
    }
  });

  it('answers a field too long, a form too large and a missing form in the reader’s language', async () => {
    api = await startApi();
    const long = await postBytes('/bind', `lang=ru&code=ABCDEFGH&email=${'a'.repeat(2000)}&password=x`);
    expect(long.status).toBe(400);
    expectPage(long);
    expect(alertOf(long.text)).toBe('Одно из полей формы слишком длинное. Проверьте, что вы ввели, и попробуйте снова.');
    const large = await postBytes('/bind?lang=ru', `code=ABCDEFGH&email=${'a'.repeat(9000)}&password=x`);
    expect(large.status).toBe(413);
    expectPage(large);
    expect(alertOf(large.text)).toBe('Форма слишком большая. Проверьте, что вы ввели, и попробуйте снова.');
    const none = await fetch(`${api.url}/bind?lang=ru`, { method: 'POST' });
    expect(none.status).toBe(400);
    expectPage(none);
    expect(alertOf(await none.text())).toBe('Не удалось прочитать форму. Откройте страницу заново по ссылке от бота и отправьте форму с неё.');
  });

  it('takes only its own form: JSON or any other type posted to it is 415 as a page, and checks no password', async () => {
    api = await startApi();
    await registerUser(api.db.deps, { email: 'ann@example.com', password: PASSWORD, name: 'Ann' });
    const { code } = createBindingCode(api.db.deps, { chatId: 5162 });
    const before = snapshot(api);
    for (const [body, type] of [
      [JSON.stringify({ code, email: 'ann@example.com', password: PASSWORD }), 'application/json'],
      [`code=${code}`, 'text/plain'],
      ['--x\r\nContent-Disposition: form-data; name="code"\r\n\r\nA\r\n--x--\r\n', 'multipart/form-data; boundary=x'],
    ] as const) {
      const res = await postBytes('/bind', body, type);
      expect(res.status).toBe(415);
      expectPage(res);
      expect(alertOf(res.text)).toBe('This address reads only the page’s own form. Open the page from the bot’s link and send the form from it.');
    }
    expect(snapshot(api)).toEqual(before);
    // And a form posted to the JSON API stays the API's JSON 415.
    const api415 = await postBytes('/api/v1/auth/login', 'email=ann%40example.com&password=x');
    expect(api415.status).toBe(415);
    expect(api415.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('GET /bind/confirm', () => {
  it('the confirm address opened again (history, a bookmark) goes back to the login page in its language, not a JSON 404', async () => {
    api = await startApi();
    const res = await fetch(`${api.url}/bind/confirm?lang=ru`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/bind?lang=ru');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`${api.url}/bind/confirm?lang=ru`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<html lang="ru">');
  });
});
