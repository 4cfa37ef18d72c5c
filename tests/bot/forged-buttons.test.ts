// Forged presses: every kind of button the bot answers, pressed with hand-made data that names another
// family's transaction, wallet, budget, goal, rule, category, invite or member, an id that does not exist,
// or something malformed. Each is answered (no spinning button) and changes nothing anywhere: the core's
// family scoping refuses what the buttons' own checks might let through.
import { describe, expect, it } from 'vitest';
import {
  createBudget,
  createCategory,
  createFamily,
  createGoal,
  createInvite,
  createRecurringRule,
  createTransaction,
  createWallet,
  joinFamily,
  listCategories,
  listFamiliesForUser,
  listWallets,
} from '../../src/domain/index.js';
import { allRows } from '../support/db.js';
import { family, forgePress, person, say, startHarness, type Harness } from './manage/harness.js';

/** Every table but the bot's own plumbing (sessions, seen updates): a press may leave the presser's chat state behind. */
function books(h: Harness): Record<string, string> {
  const sqlite = h.db.conn.sqlite;
  const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name").all() as Array<{ name: string }>)
    .map((t) => t.name)
    .filter((t) => !['bot_sessions', 'heartbeats', 'processed_updates'].includes(t));
  return Object.fromEntries(tables.map((t) => [t, JSON.stringify(allRows(sqlite, t))]));
}

describe('forged button data', () => {
  it("naming another family's records, missing ids or nonsense: answered, nothing changes", async () => {
    const h = await startHarness();
    const deps = h.db.deps;
    const home = family(h);
    const olga = home.owner.tg;

    // The other family, with one of everything a button can name.
    const boris = person(h, 'Boris');
    const other = createFamily(deps, boris.userId, { name: 'Other', baseCurrency: 'USD' });
    const mark = person(h, 'Mark');
    joinFamily(deps, mark.userId, createInvite(deps, boris.userId, { familyId: other.id, role: 'member' }).code);
    const invite = createInvite(deps, boris.userId, { familyId: other.id, role: 'admin' });
    const cash = listWallets(deps, boris.userId, other.id)[0]!.id;
    const bank = createWallet(deps, boris.userId, { familyId: other.id, name: 'Bank', type: 'bank', currency: 'USD', openingBalanceMinor: 500_00 }).id;
    const cats = listCategories(deps, boris.userId, other.id);
    const salary = cats.find((c) => c.name === 'Salary')!.id;
    const cafes = cats.find((c) => c.name === 'Cafes')!.id;
    createTransaction(deps, boris.userId, { familyId: other.id, toWalletId: cash, amountMinor: 2000_00, categoryId: salary });
    const spent = createTransaction(deps, boris.userId, { familyId: other.id, fromWalletId: cash, amountMinor: 30_00, categoryId: cafes }).transaction.id;
    const asked = createTransaction(deps, mark.userId, { familyId: other.id, fromWalletId: cash, amountMinor: 900_00, categoryId: cafes }).transaction.id;
    const budget = createBudget(deps, boris.userId, { familyId: other.id, categoryId: cafes, amountMinor: 100_00 }).id;
    const goal = createGoal(deps, boris.userId, { familyId: other.id, name: 'Car', targetMinor: 5000_00, walletId: bank }).id;
    const rule = createRecurringRule(deps, boris.userId, { familyId: other.id, kind: 'expense', walletId: cash, amountMinor: 10_00, frequency: 'monthly', startDate: '2026-12-01' }).id;
    const category = createCategory(deps, boris.userId, { familyId: other.id, kind: 'expense', name: 'Boats' }).id;

    await say(olga, '/start', /Welcome back|Home/);
    const before = books(h);
    const mine = `f${home.familyId}`;
    const theirs = `f${other.id}`;
    const missing = 987_654;
    const ids = { tx: [spent, asked, missing], wallet: [cash, bank, missing], user: [boris.userId, mark.userId, missing] };
    const forged: string[] = [];
    for (const tx of ids.tx) {
      forged.push(`q:c:${tx}`, `q:w:${tx}`, `q:k:${tx}`, `q:u:${tx}`, `q:x:${tx}`, `q:sc:${tx}:${cafes}`, `q:sw:${tx}:${bank}`, `q:sc:${tx}:${home.category('Cafes')}`,
        `q:sw:${tx}:${home.cashId}`, `u:y:${tx}`, `appr:${tx}:a`, `appr:${tx}:r`);
      for (const f of [mine, theirs, '']) forged.push(`m1:h:o:${tx}${f && `:${f}`}`);
    }
    for (const w of ids.wallet) {
      forged.push(`pf:1:${w}`, `rp:${rule}:20261201:${w}`);
      for (const f of [mine, theirs, '']) {
        const sfx = f && `:${f}`;
        forged.push(`m1:w:o:${w}${sfx}`, `m1:w:arok:${w}${sfx}`, `m1:w:ar:${w}${sfx}`, `m1:w:def:${w}${sfx}`, `m1:w:rn:${w}${sfx}`, `m1:w:gc:${w}:${goal}${sfx}`,
          `m1:w:gm:${w}:${goal}${sfx}`, `m1:w:gmw:${w}:${goal}:${home.cashId}${sfx}`);
      }
    }
    for (const f of [mine, theirs, '']) {
      const sfx = f && `:${f}`;
      for (const id of [budget, missing]) forged.push(`m1:bg:d:${id}${sfx}`, `m1:bg:e:${id}${sfx}`);
      for (const id of [goal, missing]) forged.push(`m1:gl:d:${id}${sfx}`);
      for (const id of [rule, missing]) forged.push(`m1:r:stop:${id}${sfx}`);
      for (const id of [category, cafes, missing]) forged.push(`m1:ct:e:${id}${sfx}`);
      for (const id of [invite.inviteId, missing]) forged.push(`m1:i:x:${id}${sfx}`);
      for (const u of ids.user) forged.push(`m1:mb:o:${u}${sfx}`, `m1:mb:r:${u}:viewer${sfx}`, `m1:mb:rmok:${u}${sfx}`, `m1:mb:owok:${u}${sfx}`);
      forged.push(`m1:h:p:${missing}${sfx}`);
    }
    // Buttons that name only a family: the other family's.
    forged.push(`m1:s:inc:1:${theirs}`, `m1:s:cur:${theirs}`, `m1:mb:lvok:${theirs}`, `m1:w:add:${theirs}`, `m1:bg:a:${theirs}`, `m1:gl:a:${theirs}`, `m1:i:r:admin:${theirs}`);
    forged.push(`m1:fm:s:${other.id}`, `m1:mb:lvok:${other.id}`, `rs:${rule}:20261201`, `rp:${rule}:20261201:${cash}`);
    // Nonsense: wrong shapes, huge or negative ids, an older layout's prefix, a family named twice.
    // The main menu's buttons (menu plugin: id/row/col/payload/fingerprint, the payload the family): the other
    // family, a payload that is no family, a button that is not there, an older fingerprint, another menu.
    forged.push(`m/0/0/${other.id}/v1`, `m/1/0/${other.id}/v1`, `m/2/0/${other.id}/v1`, 'm/0/0/abc/v1', 'm/9/9//v1', `m/0/0/${home.familyId}/v0`, 'zz/0/0//v1');
    forged.push('q:u:', 'q:u:-1', 'q:u:1e3', 'q:u:99999999999999999999', 'q:sc:1', 'appr:x:a', 'm1', 'm1:', 'm1:w', 'm1:w:o:abc', 'm1:w:o:1:f1:f2',
      `m1:w:o:${cash}:f99999999999999999`, 'm0:w:o:1', 'u:y:0', 'pf:0:0', 'ne:r:0', 'rp:1:2026:1', '\u0000', 'x'.repeat(64));

    for (const data of forged) {
      const answer = await h.tg.waitForCallbackAnswer(forgePress(h, olga, data));
      // Refused in the core's words or as out of date, never as the bot's own failure.
      expect(String(answer.text ?? ''), data).not.toMatch(/went wrong/);
      const now = books(h);
      expect(Object.keys(now).filter((t) => now[t] !== before[t]), data).toEqual([]);
    }
  }, 120_000);

  it("a core refusal inside a question's first step is told in its words: renaming another family's wallet", async () => {
    const h = await startHarness();
    const deps = h.db.deps;
    const home = family(h);
    const olga = home.owner.tg;
    const boris = person(h, 'Boris');
    const other = createFamily(deps, boris.userId, { name: 'Other', baseCurrency: 'USD' });
    const bank = createWallet(deps, boris.userId, { familyId: other.id, name: 'Bank', type: 'bank', currency: 'USD' }).id;
    await say(olga, '/start', /Welcome back/);
    for (const data of [`m1:w:rn:${bank}`, `m1:w:rn:${bank}:f${home.familyId}`, 'm1:w:rn:987654']) {
      expect(await h.tg.waitForCallbackAnswer(forgePress(h, olga, data)), data).toMatchObject({ text: 'That wallet is no longer in this family; pick another.', show_alert: true });
    }
    // No question was left open: the next text is a quick entry's hint, not a new name.
    await say(olga, 'Boats', /To record quickly/);
    expect(listWallets(deps, boris.userId, other.id).map((w) => w.name)).toEqual(['Cash', 'Bank']);
  });

  it('[Yes, leave] with a malformed family is out of date: the presser stays in their family', async () => {
    const h = await startHarness();
    const home = family(h, ['member']);
    const max = home.people.member!;
    await say(max.tg, '/start', /Welcome back/);
    for (const data of ['m1:mb:lvok:abc', `m1:mb:lvok:f${home.familyId}`, 'm1:mb:lvok:0', 'm1:mb:lvok:']) {
      expect(await h.tg.waitForCallbackAnswer(forgePress(h, max.tg, data)), data).toMatchObject({ text: 'This button is out of date. Open the menu again.' });
    }
    expect(listFamiliesForUser(h.db.deps, max.userId).map((f) => f.id)).toEqual([home.familyId]);
  });
});
