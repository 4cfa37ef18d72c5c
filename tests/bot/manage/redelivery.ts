// Redelivery after a crash, simulated: the bot put back as a process that died
// right after the core's commit leaves it (the conversation as before the
// update, the update claimed by a process that is gone), then the same update
// delivered again. Used by redelivered-answers (flows that make something)
// and redelivered-changes (changes and decisions).
import { expect } from 'vitest';
import type { Update } from 'grammy/types';
import type { FakeUser } from '../../support/fake-telegram.js';
import type { Harness } from './harness.js';

export type Row = { key: string; value: string; updated_at: number };

/** Resolves once every update the bot took is marked handled (its conversation step is written by then). */
export async function handled(h: Harness): Promise<void> {
  const open = h.db.conn.sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM processed_updates WHERE processed_at < 0');
  while (open.get()!.n > 0) await new Promise((resolve) => setImmediate(resolve));
}

/** The texts of the bot's messages sent after message `after`. */
export const sentAfter = (who: FakeUser, after: number): string[] => who.messages().filter((m) => m.message_id > after).map((m) => m.text ?? '');

/**
 * Sends `text` as the flow's last answer and waits for `done`; then puts the
 * bot back as a process that crashed right after the core's commit would have
 * left it (the conversation as before the answer, the update claimed by a
 * process that is gone) and delivers the same update again: the bot answers
 * it with the same words as the first time.
 */
export async function answerThenRedeliver(h: Harness, who: FakeUser, text: string, done: RegExp): Promise<void> {
  const sqlite = h.db.conn.sqlite;
  await handled(h);
  const before = sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
  const reply = who.waitForMessage(done);
  const updateId = who.send(text);
  await reply;
  await handled(h);
  const message = who.history().filter((m) => m.text === text).at(-1) as NonNullable<Update['message']>;
  const first = sentAfter(who, message.message_id);
  restoreSessions(h, before);
  // Claimed by an earlier process (before this one's boot), never finished.
  sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
  const last = who.history().at(-1)!.message_id;
  await h.bot.handleUpdate({ update_id: updateId, message });
  expect(first.some((t) => done.test(t))).toBe(true);
  expect(sentAfter(who, last)).toEqual(first);
}

/** As answerThenRedeliver, for a flow's last press (the button `label`). */
export async function pressThenRedeliver(h: Harness, who: FakeUser, label: string, done: RegExp): Promise<void> {
  const sqlite = h.db.conn.sqlite;
  await handled(h);
  const before = sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
  const message = who.messages().filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === label)).at(-1)!;
  const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text === label) as { callback_data: string };
  const last = who.history().at(-1)!.message_id;
  const reply = who.waitForMessage(done);
  const id = who.press(label);
  await reply;
  await handled(h);
  const first = sentAfter(who, last);
  const updateId = sqlite.prepare<[], { id: number }>('SELECT max(update_id) AS id FROM processed_updates').get()!.id;
  restoreSessions(h, before);
  sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
  // The crash came before the press was answered.
  h.tg.api.callbackQueries.get(id)!.answer = undefined;
  const again = who.history().at(-1)!.message_id;
  await h.bot.handleUpdate({ update_id: updateId, callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data: button.callback_data } });
  expect(first.some((t) => done.test(t))).toBe(true);
  expect(sentAfter(who, again)).toEqual(first);
}

/** Puts the conversations back as they were (`before`). */
export function restoreSessions(h: Harness, before: Row[]): void {
  const sqlite = h.db.conn.sqlite;
  sqlite.prepare('DELETE FROM bot_sessions').run();
  const put = sqlite.prepare<[string, string, number]>('INSERT INTO bot_sessions (key, value, updated_at) VALUES (?, ?, ?)');
  for (const row of before) put.run(row.key, row.value, row.updated_at);
}

/**
 * Presses `label` on the person's newest message that has it (a button whose
 * answer is the press's own answer, the view edited in place) and waits for
 * that answer; then delivers the same press again as after a crash right after
 * the core's commit (claimed by a process that is gone, never answered).
 * `unedited`: the crash came before the pressed message was edited as well (it
 * is put back as it was pressed). Returns both answers' texts.
 */
export async function pressTwice(h: Harness, who: FakeUser, label: string | RegExp, opts: { unedited?: boolean } = {}): Promise<{ first: string | undefined; again: string | undefined }> {
  const sqlite = h.db.conn.sqlite;
  await handled(h);
  const before = sqlite.prepare<[], Row>('SELECT key, value, updated_at FROM bot_sessions').all();
  const has = (b: { text: string }) => (typeof label === 'string' ? b.text === label : label.test(b.text));
  const message = who.messages().filter((m) => m.reply_markup?.inline_keyboard.flat().some(has)).at(-1)!;
  const button = message.reply_markup!.inline_keyboard.flat().find(has) as { callback_data: string };
  const id = who.press(label);
  const first = (await h.tg.waitForCallbackAnswer(id)) as { text?: string };
  await handled(h);
  const updateId = sqlite.prepare<[], { id: number }>('SELECT max(update_id) AS id FROM processed_updates').get()!.id;
  restoreSessions(h, before);
  sqlite.prepare('UPDATE processed_updates SET processed_at = ? WHERE update_id = ?').run(-(h.db.clock() - 1), updateId);
  h.tg.api.callbackQueries.get(id)!.answer = undefined;
  if (opts.unedited) h.tg.store.replace(who.chatId, structuredClone(message));
  await h.bot.handleUpdate({ update_id: updateId, callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data: button.callback_data } });
  const again = h.tg.api.callbackQueries.get(id)!.answer as { text?: string } | undefined;
  return { first: first.text, again: again?.text };
}
