// Every entry records who entered it: the Telegram chat (bot), the API
// client's session, or the job — so a family can tell which connected chat or
// login made an entry (see the binding rules in domain/auth/binding.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../api/support.js';
import { startHarness as startBot, type Harness as BotHarness } from '../bot/support/harness.js';
import { fund, seedFamily } from '../bot/support/seed.js';

let bot: BotHarness | undefined;
let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  await bot?.close();
  api = bot = undefined;
});

const originOf = (h: BotHarness, description: string) =>
  (h.db.conn.sqlite.prepare('select origin from transactions where description = ?').get(description) as { origin: string | null } | undefined)?.origin;

describe('transactions.origin', () => {
  it('is the chat for a bot entry and the session for an API entry', async () => {
    bot = await startBot();
    const ann = bot.person(8101, 'Ann');
    const f = seedFamily(bot.db.deps, ann);
    fund(bot.db.deps, f, f.userOf(ann), f.cashId, 100_00);
    ann.send('5 coffee');
    await ann.waitForMessage(/coffee/);
    expect(originOf(bot, 'coffee')).toBe('chat:8101');

    api = await startApi({ db: bot.db });
    const token = await api.tokenFor(f.userOf(ann));
    const res = await api.request('POST', '/api/v1/transactions', { token, body: { family_id: f.familyId, from_wallet_id: f.cashId, amount: '2.00', description: 'tea' } });
    expect(res.status).toBe(201);
    const sid = (bot.db.conn.sqlite.prepare('select id from sessions order by created_at desc, rowid desc limit 1').get() as { id: string }).id;
    expect(originOf(bot, 'tea')).toBe(`api:${sid}`);
  });
});
