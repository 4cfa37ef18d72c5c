import type { Chat, InlineKeyboardButton, Message, MessageEntity, ReplyKeyboardMarkup, User } from 'grammy/types';
import { inlineButtons } from './markup.js';
import type { FakeTelegram } from './server.js';
import type { MessageMatcher, WaitOptions } from './types.js';
import { truncate, waitWithTimeout } from './wait.js';

type NonChannelChat = Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;

let callbackSeq = 0;

const textOf = (m: Message): string => m.text ?? m.caption ?? '';

function toPredicate(matcher: MessageMatcher): (m: Message) => boolean {
  if (typeof matcher === 'string') return (m) => textOf(m).includes(matcher);
  if (matcher instanceof RegExp) return (m) => new RegExp(matcher.source, matcher.flags.replace('g', '')).test(textOf(m));
  return matcher;
}

const describeMatcher = (matcher: MessageMatcher): string =>
  typeof matcher === 'string' ? JSON.stringify(matcher) : matcher instanceof RegExp ? String(matcher) : 'predicate';

/** Acts as a person in one chat (their private chat, or a group via `in()`). */
export class FakeUser {
  constructor(
    private readonly server: FakeTelegram,
    readonly user: User,
    readonly chat: NonChannelChat,
  ) {}

  get id(): number {
    return this.user.id;
  }

  get chatId(): number {
    return this.chat.id;
  }

  /** The same person acting in another chat (e.g. a group from `server.group()`). */
  in(chat: NonChannelChat): FakeUser {
    this.server.groups.ensureMember(chat, this.user);
    return new FakeUser(this.server, this.user, chat);
  }

  /**
   * Sends a text message; a leading /command gets a bot_command entity and each @username a mention entity.
   * Returns the update_id, or -1 when the bot does not get the message (a group in privacy mode, see groups.ts).
   */
  send(text: string, opts: { replyTo?: number } = {}): number {
    const entities: MessageEntity[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command !== null) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
    for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,32}/g)) entities.push({ type: 'mention', offset: m.index, length: m[0].length });
    return this.post({ text, ...(entities.length > 0 ? { entities } : {}) }, opts.replyTo);
  }

  /** Sends a file as a document; the bot can getFile and download it. Returns the update_id. */
  sendDocument(file: { filename: string; content: string | Buffer; mimeType?: string }, opts: { caption?: string } = {}): number {
    const data = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    const stored = this.server.store.addFile(file.filename, file.mimeType ?? 'application/octet-stream', data, 'document');
    const document = { file_id: stored.file_id, file_unique_id: stored.file_unique_id, file_name: file.filename, file_size: data.length };
    return this.post({ document: file.mimeType !== undefined ? { ...document, mime_type: file.mimeType } : document, ...(opts.caption !== undefined ? { caption: opts.caption } : {}) });
  }

  /** Sends a photo (bytes of any kind). Returns the update_id. */
  sendPhoto(content: Buffer, opts: { caption?: string } = {}): number {
    const stored = this.server.store.addFile('photo.jpg', 'image/jpeg', content, 'photo');
    const photo = [{ file_id: stored.file_id, file_unique_id: stored.file_unique_id, width: 800, height: 600, file_size: content.length }];
    return this.post({ photo, ...(opts.caption !== undefined ? { caption: opts.caption } : {}) });
  }

  /**
   * Edits one of this person's messages (text, or a photo's caption): the store is updated and the bot gets
   * an `edited_message` update. Returns the update_id.
   */
  edit(messageId: number, text: string): number {
    const store = this.server.store;
    const original = store.find(this.chat.id, messageId);
    if (original === undefined || store.isFromBot(original)) throw new Error(`No message #${messageId} of ${this.user.first_name} to edit`);
    const edited: Message = { ...structuredClone(original), edit_date: Math.floor(Date.now() / 1000) };
    if (original.caption !== undefined) edited.caption = text;
    else edited.text = text;
    store.replace(this.chat.id, edited);
    if (!this.server.groups.delivers(edited)) return -1; // privacy mode: an edit reaches the bot when the message would
    return this.server.injectUpdate({ update_id: this.server.nextUpdateId(), edited_message: { ...structuredClone(edited), chat: this.chat, from: this.user, edit_date: edited.edit_date ?? 0 } });
  }

  /** Forwards a text written by someone else (`from`) into this chat. Returns the update_id. */
  forward(text: string, from: User): number {
    return this.post({ text, forward_origin: { type: 'user', sender_user: from, date: Math.floor(Date.now() / 1000) - 60 } });
  }

  /**
   * Presses the inline button whose text equals `label` (or matches the RegExp) in the newest bot message
   * that has one (or in message `messageId`). Returns the callback query id.
   */
  press(label: string | RegExp, opts: { messageId?: number } = {}): string {
    const matches = (b: InlineKeyboardButton) => (typeof label === 'string' ? b.text === label : label.test(b.text));
    const candidates = opts.messageId !== undefined
      ? this.messages().filter((m) => m.message_id === opts.messageId)
      : this.messages().filter((m) => m.reply_markup !== undefined).reverse();
    for (const message of candidates) {
      const button = inlineButtons(message.reply_markup).find(matches);
      if (button === undefined) continue;
      if (!('callback_data' in button) || typeof button.callback_data !== 'string') {
        throw new Error(`Button ${JSON.stringify(button.text)} in message #${message.message_id} is not a callback button: ${JSON.stringify(button)}`);
      }
      const id = String(4_000_000_000_000 + ++callbackSeq);
      this.server.api.callbackQueries.set(id, { id, chatId: this.chat.id, messageId: message.message_id, data: button.callback_data, answer: undefined });
      this.server.injectUpdate({
        update_id: this.server.nextUpdateId(),
        callback_query: {
          id, from: this.user, message: structuredClone(message), chat_instance: `${BigInt(this.chat.id) * 1000003n}`, data: button.callback_data,
        },
      });
      return id;
    }
    const where = opts.messageId !== undefined ? `message #${opts.messageId}` : `chat ${this.chat.id}`;
    throw new Error(`No inline button ${typeof label === 'string' ? JSON.stringify(label) : String(label)} in ${where}. Available buttons:\n${this.describeButtons()}`);
  }

  /** Bot messages in this chat, current state after edits; deleted ones are gone. */
  messages(): Message[] {
    return this.history().filter((m) => this.server.store.isFromBot(m));
  }

  /** Every message in this chat, the person's included. */
  history(): Message[] {
    return structuredClone(this.server.store.chat(this.chat.id)?.messages ?? []);
  }

  lastMessage(): Message | undefined {
    return this.messages().at(-1);
  }

  /** Labels of the inline buttons of a message (default: the newest bot message with a keyboard). */
  buttons(messageId?: number): string[] {
    const message = messageId !== undefined
      ? this.messages().find((m) => m.message_id === messageId)
      : this.messages().filter((m) => m.reply_markup !== undefined).at(-1);
    return inlineButtons(message?.reply_markup).map((b) => b.text);
  }

  /** The custom reply keyboard the bot currently shows in this chat, if any. */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return structuredClone(this.server.store.chat(this.chat.id)?.replyKeyboard);
  }

  /** From now on the bot gets 403 "bot was blocked by the user" when it writes here. */
  block(): void {
    const state = this.server.store.chat(this.chat.id);
    if (state !== undefined) state.blocked = true;
  }

  unblock(): void {
    const state = this.server.store.chat(this.chat.id);
    if (state !== undefined) state.blocked = false;
  }

  /**
   * Resolves with the first bot message sent or edited in this chat after the call that matches
   * (a string matches as a substring of text/caption). `includeExisting` first checks the current
   * messages, newest first.
   */
  waitForMessage(matcher: MessageMatcher, opts: WaitOptions = {}): Promise<Message> {
    const match = toPredicate(matcher);
    if (opts.includeExisting === true) {
      const existing = this.messages().reverse().find(match);
      if (existing !== undefined) return Promise.resolve(existing);
    }
    const timeoutMs = opts.timeoutMs ?? 5000;
    return waitWithTimeout(
      timeoutMs,
      (done) => {
        const listener = (chatId: number, message: Message) => {
          if (chatId === this.chat.id && this.server.store.isFromBot(message) && match(message)) done(message);
        };
        this.server.events.on('message', listener);
        this.server.events.on('edit', listener);
        return () => {
          this.server.events.off('message', listener);
          this.server.events.off('edit', listener);
        };
      },
      () => {
        const failed = this.server.calls().filter((c) => c.error !== undefined && c.method !== 'getUpdates').slice(-5);
        return [
          `Timed out after ${timeoutMs} ms waiting for a bot message in chat ${this.chat.id} matching ${describeMatcher(matcher)}.`,
          `Recent messages in the chat:\n${this.describeMessages(10)}`,
          failed.length > 0 ? `Failed API calls:\n${failed.map((c) => `  ${c.method} → ${c.error?.error_code} ${c.error?.description}`).join('\n')}` : '',
        ].filter((s) => s !== '').join('\n');
      },
    );
  }

  describeMessages(n = 10): string {
    const lines = this.history().slice(-n).map((m) => {
      const who = this.server.store.isFromBot(m) ? 'bot' : (m.from?.first_name ?? '?');
      const buttons = inlineButtons(m.reply_markup).map((b) => `[${b.text}]`).join(' ');
      const media = m.document !== undefined ? ` <document ${m.document.file_name ?? ''}>` : m.photo !== undefined ? ' <photo>' : '';
      return `  #${m.message_id} ${who}${m.edit_date !== undefined ? ' (edited)' : ''}:${media} ${JSON.stringify(truncate(textOf(m)))} ${buttons}`.trimEnd();
    });
    return lines.length > 0 ? lines.join('\n') : '  (no messages)';
  }

  private describeButtons(): string {
    const lines = this.messages()
      .filter((m) => m.reply_markup !== undefined)
      .map((m) => `  #${m.message_id} ${JSON.stringify(truncate(textOf(m), 50))}: ${inlineButtons(m.reply_markup).map((b) => `[${b.text}]`).join(' ')}`);
    return lines.length > 0 ? lines.join('\n') : '  (no bot message in this chat has an inline keyboard)';
  }

  private post(fields: Partial<Message>, replyTo?: number): number {
    const store = this.server.store;
    const reply = replyTo !== undefined ? store.find(this.chat.id, replyTo) : undefined;
    const message = store.append(this.chat.id, (message_id) => {
      const m: Message & { chat: NonChannelChat; from: User } = {
        ...fields, message_id, from: this.user, chat: this.chat, date: Math.floor(Date.now() / 1000),
      };
      if (reply !== undefined) m.reply_to_message = { ...structuredClone(reply), reply_to_message: undefined };
      return m;
    });
    if (!this.server.groups.delivers(message)) return -1;
    return this.server.injectUpdate({
      update_id: this.server.nextUpdateId(),
      message: { ...structuredClone(message), chat: this.chat, from: this.user },
    });
  }
}
