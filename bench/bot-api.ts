// The stand-in Bot API of the bot benchmarks, in its own process (Telegram's
// servers are not in the bot's process, and their work is not the bot's): every
// method answers at once with a plausible result.
//   tsx bench/bot-api.ts webhook|polling <users> [updates] [rate] [warm]
// Prints one JSON line with its port. In polling mode getUpdates hands out
// <updates> new updates (Telegram's semantics: every unconfirmed update from
// the offset on) and times each one from its first hand-out to the bot's
// sendMessage in its chat; a second JSON line gives the rate and the latencies
// once all are answered. With a [rate] (updates/s), the updates arrive at that
// rate instead, from the first getUpdates on: a getUpdates finding nothing new
// waits for the next arrival (long polling), and each update is timed from its
// arrival. The first [warm] updates warm the bot up and are left out of the figures.
// In webhook mode it notes when each sendMessage reaches it (the person's answer)
// per chat; GET /bench/replies hands those times over and forgets them, so that the
// paced webhook load (bench/bot.ts) can time each update to its answer in the chat.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { quantile } from './measure.js';

const polling = process.argv[2] === 'polling';
const users = Number(process.argv[3] ?? 1000);
const TOTAL = Number(process.argv[4] ?? 3000);
/** Arrivals per second in polling mode; 0: all updates are there from the start. */
const RATE = Number(process.argv[5] ?? 0);
/** Polling: the first WARM updates warm the bot up (the JIT's first seconds) and are not counted; the figures start with the next. */
const WARM = Number(process.argv[6] ?? 0);
/** When update `id` reaches the stand-in (rate mode), from the first getUpdates. */
const arrival = (id: number) => poll.firstAt + ((id - 1) * 1000) / RATE;

/** Polling mode: the updates handed out, and when each chat's waiting updates were first handed out. */
const poll = { handedOut: 0, firstAt: 0, countFrom: 0, answered: 0, waiting: new Map<number, Array<{ at: number; counted: boolean }>>(), latencies: [] as number[] };

function pollUpdate(id: number): unknown {
  const chat = 1 + (id % users);
  return {
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: `User ${chat}` }, from: { id: chat, is_bot: false, first_name: `User ${chat}`, language_code: 'en' }, text: '5 coffee' },
  };
}

/**
 * getUpdates: every update from the offset on (up to the limit), new ones made
 * as needed; an empty answer when all were handed out. In rate mode only the
 * updates that have arrived, waiting for the next arrival when none has.
 */
async function getUpdates(body: string): Promise<unknown[]> {
  const p = (body ? JSON.parse(body) : {}) as { offset?: number; limit?: number };
  const offset = Math.max(1, p.offset ?? 1);
  let end = Math.min(offset + (p.limit ?? 100), TOTAL + 1);
  const out: unknown[] = [];
  if (poll.firstAt === 0) {
    poll.firstAt = performance.now();
    setTimeout(report, POLL_LIMIT_MS).unref();
  }
  if (RATE > 0 && offset <= TOTAL) {
    const wait = arrival(offset) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    end = Math.min(end, 1 + Math.floor(((performance.now() - poll.firstAt) * RATE) / 1000) + 1);
  }
  const now = performance.now();
  for (let id = offset; id < end; id++) {
    if (id > poll.handedOut) {
      poll.handedOut = id;
      const chat = 1 + (id % users);
      const q = poll.waiting.get(chat) ?? [];
      const at = RATE > 0 ? arrival(id) : now;
      if (id === WARM + 1) poll.countFrom = at;
      q.push({ at, counted: id > WARM });
      poll.waiting.set(chat, q);
    }
    out.push(pollUpdate(id));
  }
  return out;
}

/** Polling gives up after this long from the first hand-out; the updates never answered by then are counted as errors. */
const POLL_LIMIT_MS = 120_000;
let reported = false;

function report(): void {
  if (reported) return;
  reported = true;
  const seconds = (performance.now() - poll.countFrom) / 1000;
  const sorted = poll.latencies.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ result: { rps: poll.answered / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), errors: TOTAL - WARM - poll.answered, non2xx: 0 } })}\n`);
}

function answered(chatId: number | undefined): void {
  const next = poll.waiting.get(chatId ?? 0)?.shift();
  if (next === undefined || !next.counted) return;
  poll.latencies.push(performance.now() - next.at);
  if (++poll.answered === TOTAL - WARM) report();
}

/** Webhook mode: when each sendMessage arrived (ms since the epoch, as the load generator's clock reads it), by chat. */
let replies = new Map<number, number[]>();
const epochNow = () => performance.timeOrigin + performance.now();

let messageId = 1;
const server = createServer((req, res) => {
  if (req.url === '/bench/replies') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(Object.fromEntries(replies)));
    replies = new Map();
    return;
  }
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', async () => {
    const method = (req.url ?? '').split('/').pop() ?? '';
    let result: unknown = true;
    if (method === 'getUpdates') result = polling ? await getUpdates(body) : [];
    else if (method === 'getMe') result = { id: 1, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
    else if (method === 'sendMessage' || method === 'editMessageText') {
      const p = (body ? JSON.parse(body) : {}) as { chat_id?: number; text?: string };
      result = { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: p.chat_id, type: 'private' }, text: p.text };
      if (polling && method === 'sendMessage') answered(p.chat_id);
      else if (method === 'sendMessage' && p.chat_id !== undefined) {
        const times = replies.get(p.chat_id) ?? [];
        times.push(epochNow());
        replies.set(p.chat_id, times);
      }
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, result }));
  });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => process.exit(0));
// Gone with the bot's process: its stdin (a pipe from it) ends when it exits.
process.stdin.on('end', () => process.exit(0)).resume();
