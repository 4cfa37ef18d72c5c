// Telegram's side of the bot benchmarks' webhook loads (bench/bot.ts, bench/bot-cost.ts): the updates, quick
// entries from many chats, and one POST of one to the bot's webhook.
import { request, type Agent } from 'node:http';

/** Quick entries ("5 coffee") from chats 1…`users` in turn, each a new Telegram update. */
export function quickEntries(users: number): { chat(): number; next(): string } {
  let updateId = 1;
  return {
    /** The chat the next update comes from. */
    chat: () => 1 + (updateId % users),
    next() {
      const chat = 1 + (updateId % users);
      const id = updateId++;
      return JSON.stringify({
        update_id: id,
        message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: `User ${chat}` }, from: { id: chat, is_bot: false, first_name: `User ${chat}`, language_code: 'en' }, text: '5 coffee' },
      });
    },
  };
}

/** POSTs update `body` to the webhook on 127.0.0.1:`port` over `agent`: `answered` with the status once the answer is read, or `failed`. */
export function postUpdate(agent: Agent, port: number, secret: string, body: string, on: { answered(status: number): void; failed(): void }): void {
  const req = request(
    { agent, host: '127.0.0.1', port, path: '/telegram/webhook', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': secret } },
    (res) => {
      res.resume();
      res.on('end', () => on.answered(res.statusCode ?? 0));
    },
  );
  req.on('error', () => on.failed());
  req.end(body);
}
