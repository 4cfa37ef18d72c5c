// The per-group throttle: at most N new messages to one group in any 60 s, in order; private chats and
// edits untouched. Driven by a hand-moved clock: nothing here waits for real time.
import { describe, expect, it } from 'vitest';
import type { Transformer } from 'grammy';
import { createGroupThrottle } from '../../../src/runtime/group-throttle.js';

function setup(perMinute: number) {
  let now = 1_000_000;
  const sleepers: Array<{ until: number; wake: () => void }> = [];
  const throttle = createGroupThrottle({
    perMinute,
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
  });
  const sent: string[] = [];
  const prev = (async (method: string, payload: { chat_id: number; text?: string }) => {
    sent.push(`${method} ${payload.chat_id} ${payload.text ?? ''}`.trim());
    return { ok: true, result: true };
  }) as unknown as Parameters<Transformer>[0];
  const call = (method: string, payload: Record<string, unknown>) => throttle.transformer(prev, method as never, payload as never);
  /** Moves the clock and wakes every sleeper whose time has come; lets their continuations run. */
  const advance = async (ms: number) => {
    now += ms;
    for (const s of sleepers.splice(0)) {
      if (s.until <= now) s.wake();
      else sleepers.push(s);
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { throttle, sent, call, advance, settle };
}

describe('group throttle', () => {
  it('lets N messages a minute into a group, queues the rest in order, and frees slots as the window moves', async () => {
    const { throttle, sent, call, advance, settle } = setup(3);
    const all = [1, 2, 3, 4, 5].map((n) => call('sendMessage', { chat_id: -42, text: `m${n}` }));
    await settle();
    expect(sent).toEqual(['sendMessage -42 m1', 'sendMessage -42 m2', 'sendMessage -42 m3']);
    expect(throttle.waiting()).toBe(2);
    await advance(30_000);
    expect(sent).toHaveLength(3);
    await advance(30_001);
    await settle();
    expect(sent.slice(3)).toEqual(['sendMessage -42 m4', 'sendMessage -42 m5']);
    await Promise.all(all);
    expect(throttle.waiting()).toBe(0);
  });

  it('never holds private chats, other groups or edits', async () => {
    const { sent, call, settle } = setup(1);
    void call('sendMessage', { chat_id: -42, text: 'a' });
    void call('sendMessage', { chat_id: -42, text: 'b' }); // waits
    await call('sendMessage', { chat_id: 7, text: 'private' });
    await call('sendMessage', { chat_id: 7, text: 'private again' });
    await call('sendMessage', { chat_id: -43, text: 'other group' });
    await call('editMessageText', { chat_id: -42, text: 'edit' });
    await settle();
    expect(sent.slice().sort()).toEqual(['editMessageText -42 edit', 'sendMessage -42 a', 'sendMessage -43 other group', 'sendMessage 7 private', 'sendMessage 7 private again']);
  });
});
