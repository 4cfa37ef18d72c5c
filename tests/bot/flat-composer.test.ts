// The flat composer behaves like grammY's Composer: the same middleware tree,
// built once on each, leaves the same trace for the same updates.
import { Composer, Context, type Middleware } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { FlatComposer } from '../../src/bot/runtime/flat-composer.js';

const me = {
  id: 1,
  is_bot: true,
  first_name: 'Bot',
  username: 'test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

function message(text: string): Update {
  const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0]!.length }] : undefined;
  return { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text, ...(entities ? { entities } : {}) } };
}

function press(data: string): Update {
  return { update_id: 2, callback_query: { id: 'q', chat_instance: 'c', data, from: { id: 5, is_bot: false, first_name: 'A' } } };
}

type Trace = string[];

/** The same tree on either composer class: uses, filters (sync and async), commands, nesting, code after next. */
function build(make: () => Composer<Context>, trace: Trace): Composer<Context> {
  const root = make();
  root.use(async (_ctx, next) => {
    trace.push('outer:before');
    await next();
    trace.push('outer:after');
  });
  root.command('start', (ctx) => void trace.push(`start:${String(ctx.match)}`));
  root.on('callback_query:data', async (ctx, next) => {
    trace.push(`button:${ctx.callbackQuery.data}`);
    if (ctx.callbackQuery.data !== 'mine') await next();
  });
  const feature = make();
  feature.hears(/^(\d+) (\w+)$/, (ctx) => void trace.push(`entry:${ctx.match[1]}:${ctx.match[2]}`));
  feature.filter(
    async (ctx) => {
      await Promise.resolve();
      return ctx.message?.text === 'async';
    },
    (_ctx) => void trace.push('async filter'),
  );
  feature.drop((ctx) => ctx.message?.text === 'drop-me').use((_ctx, next) => {
    trace.push('not dropped');
    return next();
  });
  root.use(feature);
  const chained = root.on('message:text');
  chained.use((_ctx, next) => {
    trace.push('chained');
    return next();
  });
  root.errorBoundary(
    (err) => void trace.push(`caught:${(err.error as Error).message}`),
    (ctx, next) => {
      if (ctx.message?.text === 'boom') throw new Error('boom');
      return next();
    },
  );
  root.use((_ctx) => void trace.push('fallback'));
  return root;
}

async function run(make: () => Composer<Context>, update: Update): Promise<Trace> {
  const trace: Trace = [];
  const mw = build(make, trace).middleware();
  await mw(new Context(update, undefined as never, me), () => {
    trace.push('past the end');
    return Promise.resolve();
  });
  return trace;
}

describe('FlatComposer', () => {
  const updates = [message('/start hello'), message('12 coffee'), message('async'), message('drop-me'), message('boom'), message('other'), press('mine'), press('theirs')];
  for (const u of updates) {
    const label = u.message?.text ?? `button ${u.callback_query?.data ?? ''}`;
    it(`runs "${label}" through the same steps as grammY's Composer`, async () => {
      const expected = await run(() => new Composer<Context>(), u);
      const actual = await run(() => new FlatComposer<Context>(), u);
      expect(actual).toEqual(expected);
      expect(actual.length).toBeGreaterThan(2);
    });
  }

  it('walks an entry past the commands and buttons to its handler, and back out', async () => {
    expect(await run(() => new FlatComposer<Context>(), message('12 coffee'))).toEqual(['outer:before', 'entry:12:coffee', 'outer:after']);
    expect(await run(() => new FlatComposer<Context>(), message('other'))).toEqual(['outer:before', 'not dropped', 'chained', 'fallback', 'outer:after']);
    expect(await run(() => new FlatComposer<Context>(), message('boom'))).toEqual(['outer:before', 'not dropped', 'chained', 'caught:boom', 'outer:after']);
  });

  it('refuses a second call of next, as grammY does', async () => {
    const twice: Middleware<Context> = async (_ctx, next) => {
      await next();
      await next();
    };
    const flat = new FlatComposer<Context>(twice, () => undefined);
    await expect(flat.middleware()(new Context(message('x'), undefined as never, me), () => Promise.resolve())).rejects.toThrow(/already called/);
  });

  it('refuses middleware added after its first update, to itself or to a composer inside it', async () => {
    const root = new FlatComposer<Context>();
    const feature = new FlatComposer<Context>();
    root.use(feature);
    await root.middleware()(new Context(message('x'), undefined as never, me), () => Promise.resolve());
    expect(() => root.use(() => undefined)).toThrow(/after the first update/);
    expect(() => feature.command('late', () => undefined)).toThrow(/after the first update/);
  });

  it('passes past its end to the outer next when nothing handles the update', async () => {
    const flat = new FlatComposer<Context>();
    flat.command('start', () => undefined);
    let passed = false;
    await flat.middleware()(new Context(message('hello'), undefined as never, me), () => {
      passed = true;
      return Promise.resolve();
    });
    expect(passed).toBe(true);
  });
});
