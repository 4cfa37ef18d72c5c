import type { Chat, Message, ReplyKeyboardMarkup, User } from 'grammy/types';

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ChatState {
  chat: Chat;
  /** Messages in order of message_id; deleted ones are removed. */
  messages: Message[];
  nextMessageId: number;
  /** The custom (reply) keyboard currently shown to the user, if any. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  /** Set when the user blocked the bot (private chats). */
  blocked: boolean;
  menuButton: unknown;
}

/** Chats, their messages and uploaded files. */
export class Store {
  readonly chats = new Map<number, ChatState>();
  readonly users = new Map<number, User>();
  readonly files = new Map<string, StoredFile>();
  private fileSeq = 0;

  constructor(readonly bot: User) {}

  addChat(chat: Chat): ChatState {
    const existing = this.chats.get(chat.id);
    if (existing !== undefined) {
      existing.chat = chat;
      return existing;
    }
    const state: ChatState = { chat, messages: [], nextMessageId: 1, replyKeyboard: undefined, blocked: false, menuButton: undefined };
    this.chats.set(chat.id, state);
    return state;
  }

  chat(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  /** Appends a message (bot or user) with the chat's next message_id. */
  append(chatId: number, build: (messageId: number, chat: Chat) => Message): Message {
    const state = this.chats.get(chatId);
    if (state === undefined) throw new Error(`fake-telegram: unknown chat ${chatId}`);
    const message = build(state.nextMessageId++, state.chat);
    state.messages.push(message);
    return message;
  }

  find(chatId: number, messageId: number): Message | undefined {
    return this.chats.get(chatId)?.messages.find((m) => m.message_id === messageId);
  }

  replace(chatId: number, message: Message): void {
    const state = this.chats.get(chatId);
    if (state === undefined) return;
    const idx = state.messages.findIndex((m) => m.message_id === message.message_id);
    if (idx >= 0) state.messages[idx] = message;
  }

  remove(chatId: number, messageId: number): boolean {
    const state = this.chats.get(chatId);
    if (state === undefined) return false;
    const idx = state.messages.findIndex((m) => m.message_id === messageId);
    if (idx < 0) return false;
    state.messages.splice(idx, 1);
    return true;
  }

  isFromBot(message: Message): boolean {
    return message.from?.id === this.bot.id;
  }

  addFile(filename: string, contentType: string, data: Buffer, kind: string): StoredFile {
    const n = ++this.fileSeq;
    const file: StoredFile = {
      file_id: `FAKE-${kind}-${n}-${filename.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 60),
      file_unique_id: `U${n}`,
      file_path: `${kind}s/file_${n}${/\.[A-Za-z0-9]+$/.exec(filename)?.[0] ?? ''}`,
      filename,
      contentType,
      data,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  fileByPath(path: string): StoredFile | undefined {
    for (const f of this.files.values()) if (f.file_path === path) return f;
    return undefined;
  }

  clear(): void {
    this.chats.clear();
    this.users.clear();
    this.files.clear();
    this.fileSeq = 0;
  }
}
