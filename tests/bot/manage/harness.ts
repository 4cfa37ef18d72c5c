// Test harness for the management features: a fresh SQLite file, the fake
// Telegram Bot API, and the bot polling it. Families are set up through the
// core with chat ids of fake people, so each test starts where its story does.
import type { Bot } from 'grammy';
import { afterEach } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { createBot, type BotContext } from '../../../src/bot/index.js';
import {
  createFamily,
  createTransaction,
  ensureTelegramUser,
  listCategories,
  listWallets,
  type Role,
} from '../../../src/domain/index.js';
import { joinAs } from '../../support/builders.js';
import { createTestDb, type TestDb } from '../../support/db.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.js';

export const PUBLIC_URL = 'https://finance.example';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export type Harness = { tg: FakeTelegram; db: TestDb; config: Config; bot: Bot<BotContext> };

export function testConfig(tg: FakeTelegram, db: TestDb): Config {
  return loadConfig({
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      DATABASE_PATH: db.path,
      PUBLIC_URL,
      DEFAULT_LOCALE: 'en',
      DEFAULT_CURRENCY: 'USD',
    },
    dotenvPath: false,
  });
}

/** Starts the fake Bot API and the real bot (createBot, long polling); everything is stopped after the test. */
export async function startHarness(): Promise<Harness> {
  const db = createTestDb();
  cleanups.push(() => db.cleanup());
  const tg = await startFakeTelegram();
  cleanups.push(() => tg.close());
  const config = testConfig(tg, db);
  const running = createBot({ core: db.deps, config, log: createLogger({ level: 'silent' }) });
  await running.startPolling();
  cleanups.push(() => running.stop());
  return { tg, db, config, bot: running.bot };
}

export type Person = { tg: FakeUser; userId: number };
export type FamilySetup = {
  familyId: number;
  owner: Person;
  people: Partial<Record<Exclude<Role, 'owner'>, Person>>;
  cashId: number;
  category: (name: string) => number;
};

let nextPersonId = 1001;

/** A person known to the bot (their private chat id is their Telegram id). */
export function person(h: Harness, firstName: string, languageCode = 'en'): Person {
  const id = nextPersonId++;
  const tgUser = h.tg.user({ id, first_name: firstName, language_code: languageCode });
  const userId = ensureTelegramUser(h.db.deps, { chatId: id, telegramUserId: id, firstName, languageCode }).user.id;
  return { tg: tgUser, userId };
}

/** A USD family owned by Olga, with one person for each role asked for. */
export function family(h: Harness, roles: Array<Exclude<Role, 'owner'>> = [], currency = 'USD'): FamilySetup {
  const deps = h.db.deps;
  const owner = person(h, 'Olga');
  const fam = createFamily(deps, owner.userId, { name: 'Home', baseCurrency: currency });
  const names: Record<Exclude<Role, 'owner'>, string> = { admin: 'Anna', member: 'Max', viewer: 'Vera' };
  const people: FamilySetup['people'] = {};
  for (const role of roles) {
    const p = person(h, names[role]);
    joinAs(deps, owner.userId, fam.id, p.userId, role);
    people[role] = p;
  }
  const cashId = listWallets(deps, owner.userId, fam.id)[0]!.id;
  const cats = listCategories(deps, owner.userId, fam.id);
  const category = (name: string) => {
    const c = cats.find((x) => x.name === name);
    if (!c) throw new Error(`no category ${name}`);
    return c.id;
  };
  return { familyId: fam.id, owner, people, cashId, category };
}

/** The owner's salary of `amountMinor` put into Cash, so the family has money to spend. */
export function fundCash(h: Harness, f: FamilySetup, amountMinor: number): void {
  createTransaction(h.db.deps, f.owner.userId, { familyId: f.familyId, toWalletId: f.cashId, amountMinor, categoryId: f.category('Salary') });
}

let forgedSeq = 0;

/**
 * Presses a button that was never shown: a callback query with hand-made data
 * on the person's newest bot message. Returns the callback query id.
 */
export function forgePress(h: Harness, who: FakeUser, data: string): string {
  const message = who.messages().at(-1);
  if (!message) throw new Error('forgePress needs a bot message in the chat');
  const id = String(9_000_000_000_000 + ++forgedSeq);
  h.tg.api.callbackQueries.set(id, { id, chatId: who.chatId, messageId: message.message_id, data, answer: undefined });
  h.tg.injectUpdate({
    update_id: h.tg.nextUpdateId(),
    callback_query: { id, from: who.user, message, chat_instance: String(who.chatId), data },
  });
  return id;
}

/** Sends a text and waits for the bot's reply that matches. */
export async function say(who: FakeUser, text: string, expect: string | RegExp) {
  const reply = who.waitForMessage(expect);
  who.send(text);
  return reply;
}

/** Presses a button and waits for the callback answer. */
export async function press(h: Harness, who: FakeUser, label: string | RegExp) {
  return h.tg.waitForCallbackAnswer(who.press(label));
}

/**
 * /goals' first steps on an empty list: adds a goal `name`, picks the wallet whose button is `wallet` and
 * types `target`; resolves when the bot asks by when.
 */
export async function goalUpToItsDate(h: Harness, who: FakeUser, name: string, wallet: string, target: string): Promise<void> {
  await say(who, '/goals', /No goals yet/);
  const asked = who.waitForMessage(/What are you saving for/);
  await press(h, who, '➕ Add a goal');
  await asked;
  await say(who, name, /Which wallet holds the savings/);
  const howMuch = who.waitForMessage(/How much do you need/);
  await press(h, who, wallet);
  await howMuch;
  await say(who, target, /By when/);
}

/** /wallets' first steps: a new wallet of this name, kind and currency; resolves when its starting balance is asked. */
export async function walletUpToItsBalance(h: Harness, who: FakeUser, name: string, kind: string, currency: string): Promise<void> {
  await say(who, '/wallets', /Wallets/);
  const askName = who.waitForMessage(/called/);
  await press(h, who, '➕ Add wallet');
  await askName;
  await say(who, name, new RegExp(`What kind of wallet is “${name}”`));
  const askCurrency = who.waitForMessage(/Which currency/);
  await press(h, who, kind);
  await askCurrency;
  const askBalance = who.waitForMessage(new RegExp(`How much is in “${name}” now, in ${currency}`));
  await press(h, who, currency);
  await askBalance;
}

/** /budgets' first steps on an empty list: a budget for Groceries; resolves when its monthly limit is asked. */
export async function groceriesBudgetUpToItsLimit(h: Harness, who: FakeUser): Promise<void> {
  await say(who, '/budgets', /No budgets yet/);
  const scope = who.waitForMessage(/What should the budget cover/);
  await press(h, who, '➕ Add a budget');
  await scope;
  const amount = who.waitForMessage(/Monthly limit for “🛒 Groceries”/);
  await press(h, who, '🛒 Groceries');
  await amount;
}

/** /recurring's first steps on an empty list, in a family of one wallet: a new recurring expense; resolves when its amount is asked. */
export async function recurringExpenseUpToItsAmount(h: Harness, who: FakeUser): Promise<void> {
  await say(who, '/recurring', /No recurring transactions yet/);
  const kind = who.waitForMessage(/expense or an income/);
  await press(h, who, '➕ Add recurring');
  await kind;
  const amount = who.waitForMessage(/How much each time/);
  await press(h, who, '➖ Expense');
  await amount;
}

/**
 * /import's first steps with a bank CSV of the columns Date, Amount, Details
 * (dates DD.MM.YYYY): sends the file and maps its columns with the buttons;
 * resolves when the bot asks which wallet it is for.
 */
export async function mapBankCsv(h: Harness, who: FakeUser, content: string | Buffer, file: { filename: string; mimeType: string } = { filename: 'bank.csv', mimeType: 'text/csv' }): Promise<void> {
  const date = who.waitForMessage(/Which column holds the date/);
  who.sendDocument({ ...file, content });
  await date;
  const steps: Array<[string, RegExp]> = [
    ['Date', /How are the dates written/],
    ['DD.MM.YYYY', /Which column holds the amount/],
    ['Amount', /Which column holds the description/],
    ['Details', /Which wallet/],
  ];
  for (const [label, next] of steps) {
    const asked = who.waitForMessage(next);
    await press(h, who, label);
    await asked;
  }
}
