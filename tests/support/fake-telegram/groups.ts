/**
 * Groups and supergroups in the fake Bot API: who is in the group and with what status, the bot's own
 * membership (my_chat_member updates when it is added, promoted or removed), privacy mode, the move of a
 * group to a supergroup (migrate_to_chat_id / migrate_from_chat_id), pinned messages, getChatMember and
 * Telegram's per-chat sending limits answered with 429 retry_after.
 *
 *   const family = tg.group({ id: -100, title: 'Family', bot: 'left' });
 *   tg.groups.setMember(family, owner, 'creator');
 *   await tg.waitForConfirmation(tg.groups.addBot(family, { by: owner }));
 *   owner.in(family).send('/e 50 coffee');        // a command: delivered in privacy mode
 *   owner.in(family).send('50 coffee');           // plain chatter: only with privacy off (tg.groups.setPrivacy(false))
 *   const supergroup = tg.groups.migrate(family, { by: owner });
 */
import type { Chat, ChatMember, Message, MessageEntity, Update, User } from 'grammy/types';
import { ApiError, badRequest, optBool, optNumber, requireChatId } from './errors.js';
import type { ApiParams } from './types.js';
import type { FakeTelegram } from './server.js';

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';
type GroupChat = Chat.GroupChat | Chat.SupergroupChat;
type Person = User | { user: User };

/** Per-chat sending limits; `false` turns one off. */
export interface ChatLimits {
  /** Messages the bot may send to one group or supergroup in any 60 s (Telegram: about 20). Default 20. */
  groupPerMinute: number | false;
  /** Messages the bot may send to any one chat in any 1 s (Telegram: about 1, short bursts tolerated). Default off. */
  perChatPerSecond: number | false;
}

interface GroupState {
  members: Map<number, MemberStatus>;
  bot: MemberStatus;
  /** Set once the group became a supergroup: every call for the old id answers 400 with migrate_to_chat_id. */
  migratedTo: number | undefined;
  pinned: number[];
}

/** Methods that put a new message in a chat: they count against the per-chat limits. */
const SENDING = /^(send(?!ChatAction|ChatJoinRequest)|copyMessages?$|forwardMessages?$)/;
const SERVICE_KEYS = [
  'new_chat_members', 'left_chat_member', 'new_chat_title', 'new_chat_photo', 'delete_chat_photo', 'group_chat_created',
  'supergroup_chat_created', 'migrate_to_chat_id', 'migrate_from_chat_id', 'pinned_message', 'message_auto_delete_timer_changed',
] as const;

const userOf = (p: Person): User => ('user' in p ? p.user : p);

export class FakeGroups {
  private readonly states = new Map<number, GroupState>();
  private readonly sent = new Map<number, number[]>();
  limits: ChatLimits = { groupPerMinute: 20, perChatPerSecond: false };

  constructor(private readonly tg: FakeTelegram) {}

  // ------------------------------------------------------------------ setup

  /** @internal called by `tg.group()`. */
  register(chat: GroupChat, bot: MemberStatus): void {
    const state = this.states.get(chat.id);
    if (state === undefined) this.states.set(chat.id, { members: new Map(), bot, migratedTo: undefined, pinned: [] });
  }

  /** Puts a person in the group with a status (no update: they were there before the bot). */
  setMember(chat: GroupChat, person: Person, status: MemberStatus = 'member'): void {
    const user = userOf(person);
    this.tg.store.users.set(user.id, user);
    this.state(chat.id).members.set(user.id, status);
  }

  /** @internal `user.in(group)` makes the person a member unless the test said otherwise. */
  ensureMember(chat: Chat, user: User): void {
    const state = this.states.get(chat.id);
    if (state !== undefined && !state.members.has(user.id)) state.members.set(user.id, 'member');
  }

  status(chat: GroupChat, person: Person): MemberStatus {
    return this.state(chat.id).members.get(userOf(person).id) ?? 'left';
  }

  botStatus(chat: GroupChat): MemberStatus {
    return this.state(chat.id).bot;
  }

  /** Privacy mode (@BotFather /setprivacy), on by default: getMe's can_read_all_group_messages is its inverse. */
  setPrivacy(enabled: boolean): void {
    this.tg.botInfo.can_read_all_group_messages = !enabled;
  }

  get privacy(): boolean {
    return !this.tg.botInfo.can_read_all_group_messages;
  }

  // ------------------------------------------------------------------ the bot's membership

  /**
   * Someone adds the bot to the group (or makes it an admin with `status: 'administrator'`): a
   * `new_chat_members` service message (when it was not in the group) and a `my_chat_member` update.
   * Returns the update_id of the my_chat_member update.
   */
  addBot(chat: GroupChat, opts: { by: Person; status?: 'member' | 'administrator' }): number {
    const state = this.state(chat.id);
    const by = userOf(opts.by);
    const old = state.bot;
    const next = opts.status ?? 'member';
    if (old === 'left' || old === 'kicked') {
      state.bot = next; // the service message is delivered to the bot that was just added
      this.serviceMessage(chat, by, { new_chat_members: [this.tg.api.botUser] });
    }
    state.bot = next;
    return this.myChatMember(chat, by, old, next);
  }

  /** Someone removes the bot (kicked) or it is left: a `my_chat_member` update; the chat is closed to it afterwards. */
  removeBot(chat: GroupChat, opts: { by: Person }): number {
    const state = this.state(chat.id);
    const old = state.bot;
    state.bot = chat.type === 'supergroup' ? 'kicked' : 'left';
    return this.myChatMember(chat, userOf(opts.by), old, state.bot);
  }

  /**
   * The group becomes a supergroup with a new id: the old chat gets a `migrate_to_chat_id` message, the
   * new one a `migrate_from_chat_id` message; members and the bot's status move along. Returns the new chat.
   */
  migrate(chat: Chat.GroupChat, opts: { by: Person; newId?: number }): Chat.SupergroupChat {
    const state = this.state(chat.id);
    if (state.migratedTo !== undefined) throw new Error(`fake-telegram: group ${chat.id} was already migrated`);
    const newId = opts.newId ?? -Number(`100${Math.abs(chat.id)}`);
    const supergroup: Chat.SupergroupChat = { id: newId, type: 'supergroup', title: chat.title };
    this.tg.store.addChat(supergroup);
    this.states.set(newId, { members: new Map(state.members), bot: state.bot, migratedTo: undefined, pinned: [] });
    const by = userOf(opts.by);
    this.serviceMessage(chat, by, { migrate_to_chat_id: newId });
    state.migratedTo = newId;
    this.serviceMessage(supergroup, by, { migrate_from_chat_id: chat.id });
    return supergroup;
  }

  pinnedMessageId(chat: GroupChat | Chat.PrivateChat): number | undefined {
    return this.states.get(chat.id)?.pinned.at(-1) ?? this.privatePins.get(chat.id)?.at(-1);
  }

  // ------------------------------------------------------------------ delivery rules

  /**
   * Whether a person's message in a chat reaches the bot. Private chats: always. Groups: never once the bot
   * left; with privacy mode on (and the bot not an admin) only commands (`/cmd`, `/cmd@thisbot`, not
   * `/cmd@otherbot`), replies to the bot's messages, messages that mention it and service messages.
   */
  delivers(message: Message): boolean {
    const state = this.states.get(message.chat.id);
    if (state === undefined) return true;
    if (state.bot === 'left' || state.bot === 'kicked' || state.migratedTo !== undefined) return false;
    if (!this.privacy || state.bot === 'administrator' || state.bot === 'creator') return true;
    if (SERVICE_KEYS.some((k) => k in message)) return true;
    if (message.reply_to_message?.from?.id === this.tg.botInfo.id) return true;
    const text = message.text ?? message.caption ?? '';
    const entities: MessageEntity[] = message.entities ?? message.caption_entities ?? [];
    const me = this.tg.botInfo.username.toLowerCase();
    for (const e of entities) {
      const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
      if (e.type === 'mention' && part === `@${me}`) return true;
      if (e.type === 'bot_command' && e.offset === 0) {
        const target = part.split('@')[1];
        if (target === undefined || target === me) return true;
      }
    }
    return false;
  }

  /** @internal checked before every call: moved groups, chats the bot is not in, pins rights, sending limits. */
  beforeCall(method: string, params: ApiParams, now = Date.now()): void {
    if (params['chat_id'] === undefined) return;
    let chatId: number;
    try {
      chatId = requireChatId(params);
    } catch {
      return; // the method itself reports a bad chat_id
    }
    const state = this.states.get(chatId);
    if (state !== undefined && method !== 'getChat') {
      if (state.migratedTo !== undefined) {
        throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: state.migratedTo });
      }
      if (state.bot === 'kicked') throw new ApiError(403, `Forbidden: bot was kicked from the ${this.kind(chatId)} chat`);
      if (state.bot === 'left') throw new ApiError(403, `Forbidden: bot is not a member of the ${this.kind(chatId)} chat`);
    }
    if (SENDING.test(method)) this.countSend(chatId, state !== undefined, now);
  }

  /** Forgets pins and sending windows (people, groups and statuses stay). */
  reset(): void {
    for (const s of this.states.values()) s.pinned = [];
    this.privatePins.clear();
    this.sent.clear();
  }

  // ------------------------------------------------------------------ Bot API methods

  /** @internal Bot API methods this module answers. */
  handlers(): Record<string, (ctx: { params: ApiParams }) => unknown> {
    return {
      getChatMember: ({ params }) => this.chatMember(requireChatId(params), this.userParam(params)),
      getChatAdministrators: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.requireGroup(chatId);
        const admins = [...state.members].filter(([, s]) => s === 'creator' || s === 'administrator').map(([id]) => this.chatMember(chatId, id));
        if (state.bot === 'administrator') admins.push(this.chatMember(chatId, this.tg.botInfo.id));
        return admins;
      },
      getChatMemberCount: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.states.get(chatId);
        if (state === undefined) {
          if (this.tg.store.chat(chatId) === undefined) throw badRequest('chat not found');
          return 2;
        }
        const present = (s: MemberStatus) => s !== 'left' && s !== 'kicked';
        return [...state.members.values()].filter(present).length + (present(state.bot) ? 1 : 0);
      },
      pinChatMessage: ({ params }) => {
        const chatId = requireChatId(params);
        const messageId = optNumber(params, 'message_id');
        if (messageId === undefined || this.tg.store.find(chatId, messageId) === undefined) throw badRequest('message to pin not found');
        const state = this.states.get(chatId);
        if (state !== undefined && state.bot !== 'administrator') throw badRequest('not enough rights to manage pinned messages in the chat');
        const pins = state?.pinned ?? this.privatePinsOf(chatId);
        const at = pins.indexOf(messageId);
        if (at >= 0) pins.splice(at, 1);
        pins.push(messageId);
        if (optBool(params, 'disable_notification') !== true) {
          // The "pinned a message" service message the members see (the bot never gets its own messages).
          const pinned = this.tg.store.find(chatId, messageId);
          this.tg.store.append(chatId, (message_id, chat) => ({
            message_id, chat, date: Math.floor(Date.now() / 1000), from: this.tg.api.botUser,
            pinned_message: { ...structuredClone(pinned), reply_to_message: undefined },
          } as Message));
        }
        return true;
      },
      unpinChatMessage: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.states.get(chatId);
        if (state !== undefined && state.bot !== 'administrator') throw badRequest('not enough rights to manage pinned messages in the chat');
        const pins = state?.pinned ?? this.privatePinsOf(chatId);
        const messageId = optNumber(params, 'message_id') ?? pins.at(-1);
        const at = messageId === undefined ? -1 : pins.indexOf(messageId);
        if (at < 0) throw badRequest('message to unpin not found');
        pins.splice(at, 1);
        return true;
      },
      unpinAllChatMessages: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.states.get(chatId);
        if (state !== undefined && state.bot !== 'administrator') throw badRequest('not enough rights to manage pinned messages in the chat');
        if (state !== undefined) state.pinned = [];
        else this.privatePins.delete(chatId);
        return true;
      },
      leaveChat: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.requireGroup(chatId);
        const chat = this.tg.store.chat(chatId)?.chat as GroupChat;
        const old = state.bot;
        state.bot = 'left';
        this.myChatMember(chat, this.tg.api.botUser, old, 'left');
        return true;
      },
      getChat: ({ params }) => {
        const chatId = requireChatId(params);
        const state = this.tg.store.chat(chatId);
        if (state === undefined) throw badRequest('chat not found');
        const pinnedId = this.pinnedMessageId(state.chat as GroupChat);
        const pinned = pinnedId === undefined ? undefined : this.tg.store.find(chatId, pinnedId);
        return {
          ...state.chat,
          accent_color_id: 0,
          max_reaction_count: 11,
          accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
          ...(pinned !== undefined ? { pinned_message: pinned } : {}),
        };
      },
    };
  }

  // ------------------------------------------------------------------ internals

  private readonly privatePins = new Map<number, number[]>();

  private privatePinsOf(chatId: number): number[] {
    let pins = this.privatePins.get(chatId);
    if (pins === undefined) this.privatePins.set(chatId, (pins = []));
    return pins;
  }

  private state(chatId: number): GroupState {
    const state = this.states.get(chatId);
    if (state === undefined) throw new Error(`fake-telegram: ${chatId} is not a group made with tg.group()`);
    return state;
  }

  private requireGroup(chatId: number): GroupState {
    const state = this.states.get(chatId);
    if (state === undefined) throw badRequest(this.tg.store.chat(chatId) !== undefined ? 'there are no administrators in the private chat' : 'chat not found');
    return state;
  }

  private kind(chatId: number): string {
    return this.tg.store.chat(chatId)?.chat.type === 'supergroup' ? 'supergroup' : 'group';
  }

  private userParam(params: ApiParams): number {
    const id = optNumber(params, 'user_id');
    if (id === undefined) throw badRequest('user_id is empty');
    return id;
  }

  private chatMember(chatId: number, userId: number): ChatMember {
    const chat = this.tg.store.chat(chatId);
    if (chat === undefined) throw badRequest('chat not found');
    const isBot = userId === this.tg.botInfo.id;
    const user = isBot ? this.tg.api.botUser : this.tg.store.users.get(userId);
    if (user === undefined) throw badRequest('user not found');
    const state = this.states.get(chatId);
    const status: MemberStatus = state === undefined
      ? (chat.chat.id === userId || isBot ? 'member' : 'left')
      : isBot ? state.bot : (state.members.get(userId) ?? 'left');
    return memberRecord(user, status);
  }

  private countSend(chatId: number, isGroup: boolean, now: number): void {
    const times = (this.sent.get(chatId) ?? []).filter((t) => t > now - 60_000);
    const { groupPerMinute, perChatPerSecond } = this.limits;
    const check = (limit: number | false, windowMs: number) => {
      if (limit === false) return;
      const inWindow = times.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) {
        const oldest = inWindow[inWindow.length - limit] ?? now;
        const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
        throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
    };
    if (isGroup) check(groupPerMinute, 60_000);
    check(perChatPerSecond, 1000);
    times.push(now);
    this.sent.set(chatId, times);
  }

  private myChatMember(chat: GroupChat, by: User, old: MemberStatus, next: MemberStatus): number {
    const update: Update = {
      update_id: this.tg.nextUpdateId(),
      my_chat_member: {
        chat, from: by, date: Math.floor(Date.now() / 1000),
        old_chat_member: memberRecord(this.tg.api.botUser, old),
        new_chat_member: memberRecord(this.tg.api.botUser, next),
      },
    };
    return this.tg.injectUpdate(update);
  }

  private serviceMessage(chat: GroupChat, from: User, fields: Partial<Message>): number | undefined {
    const message = this.tg.store.append(chat.id, (message_id) => ({
      ...fields, message_id, from, chat, date: Math.floor(Date.now() / 1000),
    } as Message));
    if (!this.delivers(message)) return undefined;
    return this.tg.injectUpdate({ update_id: this.tg.nextUpdateId(), message: structuredClone(message) } as Update);
  }
}

function memberRecord(user: User, status: MemberStatus): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, can_pin_messages: true,
      } as ChatMember;
    case 'member':
      return { status, user };
    case 'restricted':
      return {
        status, user, is_member: true, can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true,
        can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true, can_send_other_messages: true,
        can_add_web_page_previews: true, can_change_info: false, can_invite_users: false, can_pin_messages: false, can_manage_topics: false,
        until_date: 0,
      } as ChatMember;
    case 'left':
      return { status, user };
    case 'kicked':
      return { status, user, until_date: 0 };
  }
}
