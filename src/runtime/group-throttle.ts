// Telegram lets a bot post about 20 messages a minute in one group and answers
// 429 beyond. This transformer spaces new messages to a group so that no 60 s
// window holds more than `perMinute`; private chats pass untouched (Telegram's
// ~1/s there tolerates bursts, and auto-retry handles a 429).
//
// Why not @grammyjs/transformer-throttler: it depends on bottleneck (no release
// since 2019) and throttles every private chat to one message a second too,
// which slows every reply; this is the one rule we need, with a clock that
// tests can drive. Used by the bot (bot.api) and by the jobs' sender (approval
// cards to a family group); each process counts its own sends.
import type { Transformer } from 'grammy';

/** Methods that put a new message in a chat; edits do not count. */
const SENDING = /^(send(?!ChatAction)|copyMessages?$|forwardMessages?$)/;

export type GroupThrottleOptions = {
  perMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type GroupThrottle = {
  transformer: Transformer;
  /** Messages queued behind the limit right now (for logs and tests). */
  waiting(): number;
};

export function createGroupThrottle(options: GroupThrottleOptions = {}): GroupThrottle {
  const perMinute = options.perMinute ?? 20;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const sent = new Map<number, number[]>();
  // One queue per group: messages leave in the order they were asked for.
  const tails = new Map<number, Promise<void>>();
  let waiting = 0;

  async function slot(chatId: number): Promise<void> {
    for (;;) {
      const t = now();
      const recent = (sent.get(chatId) ?? []).filter((at) => at > t - 60_000);
      if (recent.length < perMinute) {
        recent.push(t);
        sent.set(chatId, recent);
        return;
      }
      sent.set(chatId, recent);
      await sleep((recent[recent.length - perMinute] ?? t) + 60_000 - t + 1);
    }
  }

  const transformer: Transformer = async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown }).chat_id;
    if (!SENDING.test(method) || typeof chatId !== 'number' || chatId >= 0) return prev(method, payload, signal);
    const before = tails.get(chatId) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = before.then(() => mine);
    tails.set(chatId, chained);
    waiting++;
    try {
      await before;
      await slot(chatId);
    } finally {
      waiting--;
      release();
      if (tails.get(chatId) === chained) tails.delete(chatId);
    }
    return prev(method, payload, signal);
  };
  return { transformer, waiting: () => waiting };
}
