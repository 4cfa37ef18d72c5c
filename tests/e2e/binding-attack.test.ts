// The binding attack end to end: the real bot (against the fake Bot API), the
// job worker and the HTTP API on one database. Mallory sends /link in her own
// chat and gets Vera to log in on that /bind link. Vera's account already has
// a Telegram chat, so logging in and even pressing Connect only asks Vera's
// own chat; she denies, and Mallory's chat never gets her account.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramIdentities, users } from '../../src/db/schema.js';
import { confirmBinding, createBindingCode } from '../../src/domain/auth/index.js';
import { createFamily, registerUser } from '../../src/domain/index.js';
import { PASSWORD, startApi, ticketIn, type TestApi } from '../api/support.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { startHarness as startJobs, type Harness as JobsHarness } from '../jobs/support/jobs-harness.js';

let bot: BotHarness | undefined;
let jobs: JobsHarness | undefined;
let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  await jobs?.stop();
  await bot?.close();
  api = jobs = bot = undefined;
});

async function start() {
  bot = await startBot();
  jobs = await startJobs(bot.db, { tg: bot.tg });
  api = await startApi({ db: bot.db });
  return { bot, jobs, api, tg: bot.tg, deps: bot.db.deps };
}

const ownerOf = (a: TestApi, chatId: number) => a.db.deps.db.select().from(telegramIdentities).where(eq(telegramIdentities.chatId, chatId)).get()?.userId;
const form = (a: TestApi, path: string, fields: Record<string, string>) =>
  a.request('POST', path, { raw: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });

/** Vera: an email login with a family and her own Telegram chat 5001. */
async function vera(deps: Parameters<typeof registerUser>[0]) {
  const user = await registerUser(deps, { email: 'vera@example.com', password: PASSWORD, name: 'Vera' });
  const bound = confirmBinding(deps, user.id, { code: createBindingCode(deps, { chatId: 5001, firstName: 'Vera', username: 'vera' }).code });
  expect(bound.status).toBe('done');
  const family = createFamily(deps, user.id, { name: 'Vera family', baseCurrency: 'USD' });
  return { userId: user.id, familyId: family.id };
}

/** Someone's /link in the bot: the one-time code from the bot's answer. */
async function linkCode(person: { send(t: string): number; waitForMessage(r: RegExp): Promise<{ text?: string }> }): Promise<string> {
  person.send('/link');
  const msg = await person.waitForMessage(/bind\?code=/);
  return /bind\?code=([A-Z0-9]+)/.exec(msg.text ?? '')![1]!;
}

describe('a /bind link sent by someone else', () => {
  it('does not hand the victim\'s account to the attacker\'s chat: the victim\'s own chat is asked and denies', async () => {
    const { tg, api: http, deps } = await start();
    const v = await vera(deps);
    const veraChat = tg.user({ id: 5001, first_name: 'Vera', username: 'vera' });
    const mallory = tg.user({ id: 6661, first_name: 'Mallory', username: 'mallory' });
    const code = await linkCode(mallory);
    const mallorysOwnAccount = ownerOf(http, 6661);

    // Vera logs in on Mallory's link: the page names the account it would connect.
    const shown = await form(http, '/bind', { code, email: 'vera@example.com', password: PASSWORD });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('“Mallory” @mallory · id 6661');
    // Even pressing Connect only asks Vera's own chat.
    const waiting = await form(http, '/bind/confirm', { code, ticket: ticketIn(shown.text) });
    expect(waiting.status).toBe(202);
    expect(waiting.text).toContain('Waiting for your approval in Telegram');
    expect(ownerOf(http, 6661)).toBe(mallorysOwnAccount);
    expect(ownerOf(http, 6661)).not.toBe(v.userId);

    const request = await veraChat.waitForMessage(/wants to connect the Telegram account “Mallory” @mallory · id 6661/, { timeoutMs: 15_000 });
    expect(veraChat.buttons(request.message_id)).toEqual(['✅ Allow', '⛔ Deny']);
    await tg.waitForCallbackAnswer(veraChat.press('⛔ Deny', { messageId: request.message_id }));
    await veraChat.waitForMessage(/Denied: nothing was connected/, { includeExisting: true });

    // Not taken over: Mallory's chat is still her own account; Vera keeps her login, family and chat.
    expect(ownerOf(http, 6661)).not.toBe(v.userId);
    expect(ownerOf(http, 5001)).toBe(v.userId);
    expect(http.db.deps.db.select().from(users).where(eq(users.id, v.userId)).get()?.email).toBe('vera@example.com');
    const events = http.db.conn.sqlite.prepare('select action from event_log where family_id = ? order by id').all(v.familyId) as Array<{ action: string }>;
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['binding.approval_requested', 'binding.denied']));
    // The code is spent: trying it again changes nothing.
    const again = await form(http, '/bind', { code, email: 'vera@example.com', password: PASSWORD });
    expect(again.status).toBe(410);
  });

  it('a second chat of her own is allowed from the first; the first chat is told, and [Disconnect] takes it off again', async () => {
    const { tg, api: http, deps } = await start();
    const v = await vera(deps);
    const veraChat = tg.user({ id: 5001, first_name: 'Vera', username: 'vera' });
    const work = tg.user({ id: 5002, first_name: 'Vera', username: 'vera_work' });
    const code = await linkCode(work);

    const shown = await form(http, '/bind', { code, email: 'vera@example.com', password: PASSWORD });
    expect(shown.text).toContain('“Vera” @vera_work · id 5002');
    expect((await form(http, '/bind/confirm', { code, ticket: ticketIn(shown.text) })).status).toBe(202);
    const request = await veraChat.waitForMessage(/“Vera” @vera_work · id 5002/, { timeoutMs: 15_000 });
    await tg.waitForCallbackAnswer(veraChat.press('✅ Allow', { messageId: request.message_id }));
    await veraChat.waitForMessage(/Allowed: “Vera” @vera_work · id 5002 is now connected/, { includeExisting: true });
    expect(ownerOf(http, 5002)).toBe(v.userId);

    await work.waitForMessage(/Connected/, { timeoutMs: 15_000, includeExisting: true });
    const notice = await veraChat.waitForMessage(/A new Telegram chat was connected to your account: “Vera” @vera_work · id 5002/, { timeoutMs: 15_000, includeExisting: true });
    await tg.waitForCallbackAnswer(veraChat.press('🔌 Disconnect', { messageId: notice.message_id }));
    await veraChat.waitForMessage(/Disconnected/, { includeExisting: true });
    expect(ownerOf(http, 5002)).not.toBe(v.userId);
  });
});
