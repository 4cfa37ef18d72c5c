import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import type { BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { startFakeTelegram, tooManyRequests } from '../support/fake-telegram.js';
import type { FakeTelegram, StartFakeTelegramOptions } from '../support/fake-telegram.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(opts: StartFakeTelegramOptions = {}): Promise<FakeTelegram> {
  const tg = await startFakeTelegram(opts);
  cleanups.push(() => tg.close());
  return tg;
}

function makeBot(tg: FakeTelegram): Bot {
  const bot = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
  bot.command('start', (ctx) =>
    ctx.reply('Welcome! Pick one:', { reply_markup: new InlineKeyboard().text('Yes', 'pick:yes').text('No', 'pick:no') }),
  );
  bot.callbackQuery(/^pick:(.+)$/, async (ctx) => {
    await ctx.editMessageText(`You picked <b>${ctx.match[1] ?? '?'}</b>`, { parse_mode: 'HTML' });
    await ctx.answerCallbackQuery({ text: 'Saved' });
  });
  bot.command('export', (ctx) =>
    ctx.replyWithDocument(new InputFile(Buffer.from('x'), 'a.csv'), {
      caption: 'Your export',
      reply_markup: new InlineKeyboard().text('Done', 'done'),
    }),
  );
  bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
  return bot;
}

/** Runs `bot.start()` until the test ends; resolves once polling has started. */
async function startPolling(bot: Bot): Promise<void> {
  let onStart = () => {};
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const running = bot.start({ onStart: () => onStart() });
  cleanups.push(async () => {
    if (bot.isRunning()) await bot.stop();
    await running;
  });
  await Promise.race([started, running]);
}

describe('fake Telegram Bot API with a real grammY bot', () => {
  it('serves long polling: replies, inline keyboards, edits, callback answers, multipart uploads', async () => {
    const tg = await fake();
    const bot = makeBot(tg);
    await startPolling(bot);
    const alice = tg.user({ id: 1001, first_name: 'Alice', username: 'alice', language_code: 'en' });

    alice.send('/start');
    const welcome = await alice.waitForMessage(/Welcome/);
    expect(welcome.chat.id).toBe(1001);
    expect(welcome.from?.username).toBe('finance_test_bot');
    expect(alice.buttons()).toEqual(['Yes', 'No']);
    expect(() => alice.press('Maybe')).toThrow(/No inline button "Maybe".*\n.*\[Yes\] \[No\]/);

    const edited = alice.waitForMessage('You picked yes');
    const queryId = alice.press('Yes');
    expect(await tg.waitForCallbackAnswer(queryId)).toMatchObject({ callback_query_id: queryId, text: 'Saved' });
    const message = await edited;
    expect(message.message_id).toBe(welcome.message_id);
    expect(message.entities).toEqual([{ type: 'bold', offset: 11, length: 3 }]);
    expect(message.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
    expect(alice.messages()).toHaveLength(1);
    expect(tg.calls('answerCallbackQuery')).toHaveLength(1);

    alice.send('/export');
    const doc = await alice.waitForMessage((m) => m.document !== undefined);
    expect(doc.document).toMatchObject({ file_name: 'a.csv', mime_type: 'text/csv', file_size: 1 });
    expect(doc.caption).toBe('Your export');
    const upload = tg.lastCall('sendDocument');
    expect(upload?.via).toBe('multipart');
    expect(upload?.params).toMatchObject({
      chat_id: 1001,
      document: { filename: 'a.csv', size: 1 },
      reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done' }]] },
    });
    expect(tg.file(doc.document?.file_id ?? '')?.data.toString()).toBe('x');

    alice.send('hello');
    expect((await alice.waitForMessage(/^echo:/)).text).toBe('echo: hello');
    expect(alice.history().map((m) => m.message_id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('surfaces an injected 429 as a GrammyError when no auto-retry is installed', async () => {
    const tg = await fake();
    const bot = makeBot(tg);
    const caught = new Promise<BotError>((resolve) => bot.catch(resolve));
    await startPolling(bot);
    const alice = tg.user({ id: 1001, first_name: 'Alice' });

    tg.failNext('sendMessage', tooManyRequests(1));
    alice.send('/start');
    const err = await caught;
    expect(err.error).toBeInstanceOf(GrammyError);
    expect(err.error).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(tg.lastCall('sendMessage')?.error?.error_code).toBe(429);
    expect(alice.messages()).toHaveLength(0);

    alice.send('/start'); // the fault was used up
    await alice.waitForMessage(/Welcome/);

    tg.failNext('sendMessage', tooManyRequests(3));
    const direct = await bot.api.sendMessage(1001, 'hi').catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(GrammyError);
    expect(direct).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 3' });
  });

  it('answers like Telegram to bad edits, unknown chats, bad markup and parse errors', async () => {
    const tg = await fake();
    const bot = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
    tg.user({ id: 1001, first_name: 'Alice' });
    const sent = await bot.api.sendMessage(1001, 'Total: *5*', { parse_mode: 'MarkdownV2' });
    expect(sent).toMatchObject({ text: 'Total: 5', entities: [{ type: 'bold', offset: 7, length: 1 }] });

    const rejects = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    expect(await rejects(bot.api.editMessageText(1001, sent.message_id, 'Total: *5*', { parse_mode: 'MarkdownV2' }))).toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/^Bad Request: message is not modified/) as unknown,
    });
    expect(await rejects(bot.api.editMessageText(1001, 999, 'x'))).toMatchObject({ description: 'Bad Request: message to edit not found' });
    expect(await rejects(bot.api.sendMessage(1001, 'Total: 5.00', { parse_mode: 'MarkdownV2' }))).toMatchObject({
      description: "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    });
    expect(await rejects(bot.api.sendMessage(4242, 'hi'))).toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    expect(await rejects(bot.api.sendMessage(1001, 'hi', { reply_markup: new InlineKeyboard().text('x', 'y'.repeat(65)) }))).toMatchObject({
      description: 'Bad Request: BUTTON_DATA_INVALID',
    });
    await bot.api.deleteMessage(1001, sent.message_id);
    expect(await rejects(bot.api.deleteMessage(1001, sent.message_id))).toMatchObject({ description: 'Bad Request: message to delete not found' });

    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'ru' });
    expect(await bot.api.getMyCommands({ language_code: 'ru' })).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await bot.api.getMyCommands()).toEqual([]);
    expect(await bot.api.setChatMenuButton({ menu_button: { type: 'commands' } })).toBe(true);
    expect(await bot.api.sendChatAction(1001, 'typing')).toBe(true);
    expect(await bot.api.setMyDescription('A bot')).toBe(true); // not modelled, still recorded
    expect(tg.calls('setMyDescription')).toHaveLength(1);
  });

  it('rejects a wrong token with 401 and an unknown method with 404, and decodes form bodies', async () => {
    const tg = await fake();
    const stranger = new Bot('999:WRONG', { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
    const err = await stranger.api.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 401, description: 'Unauthorized' });

    const notFound = await fetch(`${tg.apiRoot}/bot${tg.token}/sendTelepathy`, { method: 'POST' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });

    tg.user({ id: 1001, first_name: 'Alice' });
    const form = await fetch(`${tg.apiRoot}/bot${tg.token}/sendmessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: '1001', text: '42', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }) }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: '42', chat: { id: 1001 } } });
    expect(tg.lastCall('sendMessage')).toMatchObject({
      via: 'form',
      params: { chat_id: 1001, text: '42', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } },
    });
  });

  it('holds getUpdates until an update arrives, confirms by offset and survives aborted polls', async () => {
    const tg = await fake();
    const bot = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
    const alice = tg.user({ id: 1001, first_name: 'Alice' });

    const aborted = new AbortController();
    const held = once(tg.events, 'request');
    const abandoned = fetch(`${tg.apiRoot}/bot${tg.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 30 }),
      signal: aborted.signal,
    }).catch((e: unknown) => e);
    await held; // the fake holds the poll now
    aborted.abort();
    expect(await abandoned).toBeInstanceOf(Error);

    const poll = bot.api.getUpdates({ timeout: 30 });
    const id = alice.send('/start');
    const updates = await poll;
    expect(updates.map((u) => u.update_id)).toEqual([id]);
    expect(updates[0]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(await bot.api.getUpdates({ timeout: 0 })).toHaveLength(1); // not confirmed yet
    const confirmed = tg.waitForConfirmation(id);
    expect(await bot.api.getUpdates({ offset: id + 1, timeout: 0 })).toEqual([]);
    await confirmed;

    // A duplicate with a given update_id is handed out once more.
    const dup: Update = { ...(updates[0] as Update) };
    tg.injectUpdate(dup);
    expect((await bot.api.getUpdates({ offset: id + 1, timeout: 1 })).map((u) => u.update_id)).toEqual([id]);
  });

  it('POSTs updates to the webhook with the secret header, and getUpdates conflicts meanwhile', async () => {
    const tg = await fake({ webhookMaxAttempts: 1 });
    const bot = makeBot(tg);
    const handle = webhookCallback(bot, 'http', { secretToken: 's3cret' });
    const seen: { headers: IncomingHttpHeaders; url: string }[] = [];
    const hook = http.createServer((req, res) => {
      seen.push({ headers: req.headers, url: req.url ?? '' });
      void handle(req, res);
    });
    hook.listen(0, '127.0.0.1');
    await once(hook, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => hook.close(() => resolve())));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`;
    const alice = tg.user({ id: 1001, first_name: 'Alice' });

    await bot.api.setWebhook(url, { secret_token: 's3cret' });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0 });
    const conflict = await bot.api.getUpdates().catch((e: unknown) => e);
    expect(conflict).toMatchObject({ error_code: 409 });

    const id = alice.send('hello');
    const confirmed = tg.waitForConfirmation(id);
    expect((await alice.waitForMessage('echo: hello')).text).toBe('echo: hello');
    await confirmed;
    expect(seen[0]?.headers['x-telegram-bot-api-secret-token']).toBe('s3cret');
    expect(seen[0]?.url).toBe('/tg');
    expect(tg.webhookDeliveries()).toMatchObject([{ update_id: id, status: 200 }]);

    await bot.api.setWebhook(url, { secret_token: 'wrong' });
    const rejected = new Promise((resolve) => tg.events.once('webhook', resolve));
    alice.send('ignored');
    expect(await rejected).toMatchObject({ status: 401 });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ last_error_message: 'Wrong response from the webhook: 401 Unauthorized' });

    await bot.api.deleteWebhook();
    const queued = alice.send('queued');
    expect((await bot.api.getUpdates({ timeout: 0 })).map((u) => u.update_id)).toEqual([queued]);
  });

  it('serves a bot running in a child process', async () => {
    const tg = await fake();
    const alice = tg.user({ id: 1001, first_name: 'Alice' });
    const script = `
      import { Bot } from 'grammy';
      const bot = new Bot(process.env.TOKEN, { botInfo: JSON.parse(process.env.BOT_INFO), client: { apiRoot: process.env.API_ROOT } });
      bot.on('message:text', (ctx) => ctx.reply('child says ' + ctx.message.text));
      process.on('SIGTERM', () => void bot.stop());
      await bot.start();
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, TOKEN: tg.token, BOT_INFO: JSON.stringify(tg.botInfo), API_ROOT: tg.apiRoot },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = once(child, 'exit');
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });

    alice.send('hi');
    expect((await alice.waitForMessage(/child says/, { timeoutMs: 10_000 })).text).toBe('child says hi');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
