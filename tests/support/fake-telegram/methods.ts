import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { BotCommand, Message, MessageEntity, User, UserFromGetMe } from 'grammy/types';
import {
  ApiError, badRequest, optBool, optNumber, optObject, optString, requireChatId, requireMessageId,
} from './errors.js';
import { formatText } from './format.js';
import { KNOWN_METHODS } from './known-methods.js';
import { parseReplyMarkup, stable } from './markup.js';
import type { ParsedMarkup } from './markup.js';
import type { ChatState, StoredFile, Store } from './store.js';
import type { ApiCall, ApiParams, FakeTelegramEvents } from './types.js';
import type { UpdateHub } from './updates.js';

export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  data: string;
  /** Parameters of the answerCallbackQuery call, once answered. */
  answer: ApiParams | undefined;
}

interface Ctx {
  params: ApiParams;
  call: ApiCall;
  res: ServerResponse | undefined;
}

type Handler = (ctx: Ctx) => unknown;

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

/** Implements the Bot API methods on top of the chat store and the update hub. */
export class BotApi {
  readonly commands = new Map<string, BotCommand[]>();
  readonly menuButtons = new Map<string, unknown>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  readonly botUser: User;
  private readonly canonical = new Map<string, string>();
  private readonly handlers: Record<string, Handler> = {
    getMe: () => this.botInfo,
    logOut: () => true,
    close: () => true,
    getUpdates: ({ params, res }) => {
      if (res === undefined) throw badRequest('getUpdates is not allowed in a webhook reply');
      return this.hub.getUpdates(params, res);
    },
    setWebhook: ({ params }) => this.hub.setWebhook(params),
    deleteWebhook: ({ params }) => this.hub.deleteWebhook(params),
    getWebhookInfo: () => this.hub.webhookInfo(),
    sendMessage: ({ params }) => this.sendMessage(params),
    sendPhoto: (ctx) => this.sendMedia(ctx, 'photo'),
    sendDocument: (ctx) => this.sendMedia(ctx, 'document'),
    editMessageText: ({ params }) => this.editMessage(params, 'text'),
    editMessageCaption: ({ params }) => this.editMessage(params, 'caption'),
    editMessageReplyMarkup: ({ params }) => this.editMessage(params, 'markup'),
    deleteMessage: ({ params }) => {
      const chat = this.chatFor(params);
      const messageId = requireMessageId(params);
      if (!this.store.remove(chat.chat.id, messageId)) throw badRequest('message to delete not found');
      this.events.emit('delete', chat.chat.id, messageId);
      return true;
    },
    deleteMessages: ({ params }) => {
      const chat = this.chatFor(params);
      const ids = params['message_ids'];
      if (!Array.isArray(ids) || ids.length === 0) throw badRequest('message_ids is empty');
      for (const id of ids) {
        if (typeof id === 'number' && this.store.remove(chat.chat.id, id)) this.events.emit('delete', chat.chat.id, id);
      }
      return true;
    },
    answerCallbackQuery: ({ params }) => {
      const query = this.callbackQueries.get(optString(params, 'callback_query_id') ?? '');
      if (query === undefined || query.answer !== undefined) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      query.answer = params;
      return true;
    },
    sendChatAction: ({ params }) => {
      this.chatFor(params);
      if (!CHAT_ACTIONS.has(optString(params, 'action') ?? '')) throw badRequest('wrong parameter action in request');
      return true;
    },
    setMyCommands: ({ params }) => {
      const commands = params['commands'];
      if (!Array.isArray(commands)) throw badRequest('commands must be an Array');
      const list: BotCommand[] = [];
      for (const c of commands) {
        const cmd = typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {};
        const command = typeof cmd['command'] === 'string' ? cmd['command'] : '';
        const description = typeof cmd['description'] === 'string' ? cmd['description'] : '';
        if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
        if (description.trim().length === 0 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        list.push({ command, description });
      }
      if (list.length === 0) this.commands.delete(this.commandsKey(params));
      else this.commands.set(this.commandsKey(params), list);
      return true;
    },
    getMyCommands: ({ params }) => this.commands.get(this.commandsKey(params)) ?? [],
    deleteMyCommands: ({ params }) => {
      this.commands.delete(this.commandsKey(params));
      return true;
    },
    setChatMenuButton: ({ params }) => {
      const chatId = params['chat_id'] === undefined ? undefined : this.chatFor(params).chat.id;
      this.menuButtons.set(String(chatId ?? 'default'), optObject(params, 'menu_button') ?? { type: 'default' });
      return true;
    },
    getChatMenuButton: ({ params }) => {
      const key = params['chat_id'] === undefined ? 'default' : String(this.chatFor(params).chat.id);
      return this.menuButtons.get(key) ?? this.menuButtons.get('default') ?? { type: 'default' };
    },
    getFile: ({ params }) => {
      const file = this.store.files.get(optString(params, 'file_id') ?? '');
      if (file === undefined) throw badRequest('invalid file_id');
      return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.data.length, file_path: file.file_path };
    },
    getChat: ({ params }) => ({
      ...this.chatFor(params, { allowBlocked: true }).chat,
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
    }),
  };

  constructor(
    private readonly store: Store,
    private readonly hub: UpdateHub,
    readonly botInfo: UserFromGetMe,
    private readonly events: EventEmitter<FakeTelegramEvents>,
  ) {
    this.botUser = { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };
    for (const name of [...KNOWN_METHODS, ...Object.keys(this.handlers)]) this.canonical.set(name.toLowerCase(), name);
  }

  /** Canonical method name (Telegram matches method names case-insensitively), or undefined if unknown. */
  resolve(method: string): string | undefined {
    return this.canonical.get(method.toLowerCase());
  }

  /** Adds or replaces method handlers (groups.ts answers the group methods). */
  register(handlers: Record<string, Handler>): void {
    Object.assign(this.handlers, handlers);
    for (const name of Object.keys(handlers)) this.canonical.set(name.toLowerCase(), name);
  }

  invoke(method: string, ctx: Ctx): unknown {
    const handler = this.handlers[method];
    return handler === undefined ? true : handler(ctx);
  }

  reset(): void {
    this.commands.clear();
    this.menuButtons.clear();
    this.callbackQueries.clear();
  }

  // ------------------------------------------------------------------ helpers

  private commandsKey(params: ApiParams): string {
    return `${stable(optObject(params, 'scope') ?? { type: 'default' })}|${optString(params, 'language_code') ?? ''}`;
  }

  private chatFor(params: ApiParams, opts: { allowBlocked?: boolean } = {}): ChatState {
    const chat = this.store.chat(requireChatId(params));
    if (chat === undefined) throw badRequest('chat not found');
    if (chat.blocked && opts.allowBlocked !== true) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return chat;
  }

  private replyTo(chat: ChatState, params: ApiParams): Message | undefined {
    const rp = optObject(params, 'reply_parameters');
    const id = rp !== undefined ? optNumber(rp, 'message_id') : optNumber(params, 'reply_to_message_id');
    if (id === undefined) return undefined;
    const found = this.store.find(chat.chat.id, id);
    const allow = rp !== undefined ? optBool(rp, 'allow_sending_without_reply') : optBool(params, 'allow_sending_without_reply');
    if (found === undefined && allow !== true) throw badRequest('message to be replied not found');
    if (found === undefined) return undefined;
    const copy = structuredClone(found);
    delete copy.reply_to_message;
    return copy;
  }

  private applyKeyboard(chat: ChatState, markup: ParsedMarkup): Message['reply_markup'] {
    if (markup.kind === 'keyboard') chat.replyKeyboard = markup.markup;
    if (markup.kind === 'remove') chat.replyKeyboard = undefined;
    return markup.kind === 'inline' ? markup.markup : undefined;
  }

  private post(chat: ChatState, params: ApiParams, fields: Partial<Message>): Message {
    const markup = parseReplyMarkup(params);
    const replyTo = this.replyTo(chat, params);
    const inline = this.applyKeyboard(chat, markup);
    const message = this.store.append(chat.chat.id, (message_id, c) => {
      const m: Message = { ...fields, message_id, from: this.botUser, chat: c, date: Math.floor(Date.now() / 1000) };
      if (replyTo !== undefined) m.reply_to_message = replyTo as NonNullable<Message['reply_to_message']>;
      if (inline !== undefined) m.reply_markup = inline;
      return m;
    });
    this.events.emit('message', chat.chat.id, structuredClone(message));
    return structuredClone(message);
  }

  private formatted(params: ApiParams, key: 'text' | 'caption', limit: number) {
    const raw = optString(params, key) ?? '';
    const given = params[key === 'text' ? 'entities' : 'caption_entities'];
    const f = formatText(raw, optString(params, 'parse_mode'), Array.isArray(given) ? (given as MessageEntity[]) : undefined);
    if (f.text.length > limit) throw badRequest(key === 'text' ? 'message is too long' : 'message caption is too long');
    return f;
  }

  private sendMessage(params: ApiParams): Message {
    const chat = this.chatFor(params);
    const { text, entities } = this.formatted(params, 'text', 4096);
    if (text === '') throw badRequest('message text is empty');
    return this.post(chat, params, entities.length > 0 ? { text, entities } : { text });
  }

  private sendMedia({ params, call }: Ctx, kind: 'photo' | 'document'): Message {
    const chat = this.chatFor(params);
    const value = params[kind];
    let file: StoredFile | undefined;
    const upload = call.uploads.find((u) => u.param === kind);
    if (upload !== undefined) file = this.store.addFile(upload.filename, upload.contentType, upload.data, kind);
    else if (typeof value === 'string' && value !== '') {
      file = this.store.files.get(value);
      if (file === undefined && /^https?:\/\//.test(value)) {
        file = this.store.addFile(value.split('/').pop() ?? 'file', 'application/octet-stream', Buffer.alloc(0), kind);
      }
      if (file === undefined) throw badRequest('wrong file identifier/HTTP URL specified');
    }
    if (file === undefined) throw badRequest(`there is no ${kind} in the request`);
    const { text: caption, entities } = this.formatted(params, 'caption', 1024);
    const fields: Partial<Message> = {};
    if (kind === 'photo') {
      fields.photo = [{ file_id: file.file_id, file_unique_id: file.file_unique_id, width: 800, height: 600, file_size: file.data.length }];
    } else {
      fields.document = {
        file_id: file.file_id, file_unique_id: file.file_unique_id, file_name: file.filename,
        mime_type: mimeFor(file.filename, file.contentType), file_size: file.data.length,
      };
    }
    if (caption !== '') fields.caption = caption;
    if (entities.length > 0) fields.caption_entities = entities;
    return this.post(chat, params, fields);
  }

  private editMessage(params: ApiParams, what: 'text' | 'caption' | 'markup'): Message | true {
    if (params['inline_message_id'] !== undefined) return true;
    const chat = this.chatFor(params);
    const old = this.store.find(chat.chat.id, requireMessageId(params));
    if (old === undefined) throw badRequest('message to edit not found');
    if (!this.store.isFromBot(old)) throw badRequest("message can't be edited");
    const markup = parseReplyMarkup(params);
    if (markup.kind !== 'none' && markup.kind !== 'inline') throw badRequest('inline keyboard expected');
    const next: Message = structuredClone(old);
    if (markup.kind === 'inline' && markup.markup !== undefined) next.reply_markup = markup.markup;
    else delete next.reply_markup;
    if (what === 'text') {
      if (old.text === undefined) throw badRequest('there is no text in the message to edit');
      const { text, entities } = this.formatted(params, 'text', 4096);
      if (text === '') throw badRequest('message text is empty');
      next.text = text;
      if (entities.length > 0) next.entities = entities;
      else delete next.entities;
    } else if (what === 'caption') {
      if (old.document === undefined && old.photo === undefined) throw badRequest('there is no caption in the message to edit');
      const { text, entities } = this.formatted(params, 'caption', 1024);
      if (text !== '') next.caption = text;
      else delete next.caption;
      if (entities.length > 0) next.caption_entities = entities;
      else delete next.caption_entities;
    }
    const same = (m: Message) => stable([m.text, m.entities ?? [], m.caption, m.caption_entities ?? [], m.reply_markup]);
    if (same(old) === same(next)) throw badRequest(NOT_MODIFIED);
    next.edit_date = Math.floor(Date.now() / 1000);
    this.store.replace(chat.chat.id, next);
    this.events.emit('edit', chat.chat.id, structuredClone(next));
    return structuredClone(next);
  }
}

function mimeFor(filename: string, given: string): string {
  if (given !== '' && given !== 'application/octet-stream') return given;
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    csv: 'text/csv', txt: 'text/plain', json: 'application/json', pdf: 'application/pdf', png: 'image/png',
    jpg: 'image/jpeg', jpeg: 'image/jpeg', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip: 'application/zip',
  };
  return known[ext] ?? 'application/octet-stream';
}
