// The fake Bot API's groups (tests/support/fake-telegram/groups.ts), driven by a plain grammY Bot over
// getUpdates: what a bot in a group receives in each privacy mode, being added and removed, the move to a
// supergroup, pins, getChatMember and the per-group sending limit.
import { afterEach, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import type { Chat, Update } from 'grammy/types';
import { startFakeTelegram } from '../support/fake-telegram.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const tg = await startFakeTelegram();
  cleanups.push(() => tg.close());
  const api = new Api(tg.token, { apiRoot: tg.apiRoot });
  const owner = tg.user({ id: 11, first_name: 'Olga' });
  const member = tg.user({ id: 12, first_name: 'Max' });
  const family = tg.group({ id: -500, title: 'Family', bot: 'left' });
  tg.groups.setMember(family, owner, 'creator');
  tg.groups.setMember(family, member, 'member');
  let offset = 0;
  /** Everything the bot would get now (and confirms it). */
  const drain = async (allowed?: string[]): Promise<Update[]> => {
    const updates = await api.getUpdates({ offset, timeout: 0, ...(allowed ? { allowed_updates: allowed as never } : {}) });
    offset = (updates.at(-1)?.update_id ?? offset - 1) + 1;
    return updates;
  };
  return { tg, api, owner, member, family, drain };
}

const texts = (updates: Update[]) => updates.map((u) => u.message?.text).filter((t) => t !== undefined);

describe('fake Telegram: groups', () => {
  it('tells the bot it was added (service message + my_chat_member) and removed, then closes the chat to it', async () => {
    const { tg, api, owner, family, drain } = await setup();
    owner.in(family).send('/e 1 before the bot'); // not delivered: the bot is not in the group yet
    tg.groups.addBot(family, { by: owner });
    const added = await drain();
    expect(added[0]?.message?.new_chat_members?.[0]?.id).toBe(tg.botInfo.id);
    expect(added[1]?.my_chat_member).toMatchObject({
      chat: { id: -500, type: 'group' }, from: { id: 11 },
      old_chat_member: { status: 'left' }, new_chat_member: { status: 'member', user: { id: tg.botInfo.id } },
    });
    expect(added).toHaveLength(2);
    await api.sendMessage(family.id, 'Hello family');

    tg.groups.removeBot(family, { by: owner });
    const removed = await drain();
    expect(removed[0]?.my_chat_member?.new_chat_member.status).toBe('left');
    const err = await api.sendMessage(family.id, 'still here?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(403);
    expect(owner.in(family).send('/e 2 after')).toBe(-1);
  });

  it('honours allowed_updates for my_chat_member', async () => {
    const { tg, owner, family, drain } = await setup();
    await drain(['message']);
    tg.groups.addBot(family, { by: owner });
    const updates = await drain();
    expect(updates.map((u) => Object.keys(u)[1])).toEqual(['message']);
  });

  it('in privacy mode delivers only commands for it, replies to it, mentions and service messages', async () => {
    const { tg, api, owner, member, family, drain } = await setup();
    tg.groups.addBot(family, { by: owner });
    await drain();
    const bots = await api.sendMessage(family.id, 'What was it for?');
    const g = member.in(family);
    expect(g.send('50 coffee')).toBe(-1);
    g.send('/e 50 coffee');
    g.send('/e@finance_test_bot 51 tea');
    expect(g.send('/e@other_bot 52 juice')).toBe(-1);
    g.send('@finance_test_bot 53 cake');
    g.send('54 bread', { replyTo: bots.message_id });
    expect(g.send('hello @someone_else')).toBe(-1);
    expect(texts(await drain())).toEqual(['/e 50 coffee', '/e@finance_test_bot 51 tea', '@finance_test_bot 53 cake', '54 bread']);
    // Every message stays in the chat's history either way.
    expect(g.history().map((m) => m.text)).toContain('50 coffee');

    tg.groups.setPrivacy(false);
    expect(tg.botInfo.can_read_all_group_messages).toBe(true);
    g.send('55 plain');
    expect(texts(await drain())).toEqual(['55 plain']);
  });

  it('an admin bot sees every message even in privacy mode', async () => {
    const { tg, owner, family, drain } = await setup();
    tg.groups.addBot(family, { by: owner, status: 'administrator' });
    await drain();
    owner.in(family).send('just chatting');
    expect(texts(await drain())).toEqual(['just chatting']);
  });

  it('moves a group to a supergroup: both service messages, and the old id answers 400 with migrate_to_chat_id', async () => {
    const { tg, api, owner, family, drain } = await setup();
    tg.groups.addBot(family, { by: owner });
    await drain();
    const supergroup = tg.groups.migrate(family as Chat.GroupChat, { by: owner });
    expect(supergroup).toEqual({ id: -100500, type: 'supergroup', title: 'Family' });
    const updates = await drain();
    expect(updates.map((u) => [u.message?.chat.id, u.message?.migrate_to_chat_id, u.message?.migrate_from_chat_id])).toEqual([
      [-500, -100500, undefined],
      [-100500, undefined, -500],
    ]);
    const err = (await api.sendMessage(family.id, 'hi').catch((e: unknown) => e)) as GrammyError;
    expect([err.error_code, err.parameters.migrate_to_chat_id]).toEqual([400, -100500]);
    await api.sendMessage(supergroup.id, 'hi');
    expect((await api.getChatMember(supergroup.id, owner.id)).status).toBe('creator');
  });

  it('answers getChatMember and getChatAdministrators from the group members', async () => {
    const { tg, api, owner, member, family } = await setup();
    tg.user({ id: 13, first_name: 'Stranger' });
    expect((await api.getChatMember(family.id, owner.id).catch((e: unknown) => e)) instanceof GrammyError).toBe(true); // the bot is not in it
    tg.groups.addBot(family, { by: owner });
    expect((await api.getChatMember(family.id, owner.id)).status).toBe('creator');
    expect((await api.getChatMember(family.id, member.id)).status).toBe('member');
    expect((await api.getChatMember(family.id, 13)).status).toBe('left');
    expect((await api.getChatAdministrators(family.id)).map((m) => m.user.id)).toEqual([11]);
    tg.groups.addBot(family, { by: owner, status: 'administrator' });
    expect((await api.getChatAdministrators(family.id)).map((m) => m.user.id)).toEqual([11, tg.botInfo.id]);
    expect(await api.getChatMemberCount(family.id)).toBe(3);
  });

  it('pins and edits in a group only with admin rights; getChat shows the pinned message', async () => {
    const { tg, api, owner, family } = await setup();
    tg.groups.addBot(family, { by: owner });
    const summary = await api.sendMessage(family.id, 'Today: 0');
    const refused = (await api.pinChatMessage(family.id, summary.message_id).catch((e: unknown) => e)) as GrammyError;
    expect(refused.description).toMatch(/not enough rights/);
    tg.groups.addBot(family, { by: owner, status: 'administrator' });
    await api.pinChatMessage(family.id, summary.message_id, { disable_notification: true });
    await api.editMessageText(family.id, summary.message_id, 'Today: 50');
    expect(tg.groups.pinnedMessageId(family)).toBe(summary.message_id);
    expect((await api.getChat(family.id)).pinned_message?.text).toBe('Today: 50');
  });

  it('answers 429 with retry_after past ~20 messages a minute in one group, other chats unaffected', async () => {
    const { tg, api, owner, family } = await setup();
    tg.groups.addBot(family, { by: owner });
    for (let i = 1; i <= 20; i++) await api.sendMessage(family.id, `message ${i}`);
    const err = (await api.sendMessage(family.id, 'one too many').catch((e: unknown) => e)) as GrammyError;
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBeGreaterThan(50);
    await api.sendMessage(owner.id, 'private chats have no per-minute limit');
    await api.editMessageText(family.id, 1 + 1, 'edits are not new messages'); // message 2 is a bot message
  });

  it('can also limit every chat to about one message a second', async () => {
    const { tg, api, owner } = await setup();
    tg.groups.limits = { groupPerMinute: 20, perChatPerSecond: 1 };
    await api.sendMessage(owner.id, 'one');
    const err = (await api.sendMessage(owner.id, 'two').catch((e: unknown) => e)) as GrammyError;
    expect([err.error_code, err.parameters.retry_after]).toEqual([429, 1]);
  });
});
