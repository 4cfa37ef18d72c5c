// The Mini App in headless Chromium (Debian's package, driven by
// playwright-core), opened the way Telegram opens it: /app with the signed
// initData and theme in the URL hash, and a TelegramWebviewProxy standing in
// for the Telegram client (it records what the page asks of Telegram:
// BackButton, MainButton, haptics). Both themes, both languages, a 360 px
// phone; no request leaves the server, no CSP violation.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transactions } from '../../src/db/schema.js';
import { createTransaction, listCategories, reverseTransaction, setUserLocale, updateFamilySettings } from '../../src/domain/index.js';
import { addWallet, balanceOf, fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { BOT_TOKEN, builtWebapp, chatOf, initDataFor } from '../api/miniapp-support.js';
import { startApi, type TestApi } from '../api/support.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env['CI']) && process.env['CI'] !== 'false';
const skip = !hasChromium && !inCi;
if (skip) console.warn(`miniapp.test.ts: SKIPPED, ${CHROMIUM} is missing (apt-get install chromium). In CI (CI=true) this test fails instead.`);
/** Set to a folder to keep screenshots of each page (for looking at them, and the README's). */
const SHOTS = process.env['MINIAPP_SCREENSHOTS'];

const THEMES = {
  light: { bg_color: '#ffffff', secondary_bg_color: '#efeff4', text_color: '#000000', hint_color: '#8e8e93', link_color: '#2481cc', button_color: '#2481cc', button_text_color: '#ffffff' },
  dark: {
    bg_color: '#17212b',
    secondary_bg_color: '#0e1621',
    section_bg_color: '#17212b',
    text_color: '#f5f5f5',
    hint_color: '#708499',
    link_color: '#6ab3f3',
    button_color: '#5288c1',
    button_text_color: '#ffffff',
  },
} as const;

let browser: Browser | undefined;
let api: TestApi;
let context: BrowserContext | undefined;
const problems: string[] = [];

type TgEvent = [string, Record<string, unknown> | null];

async function openApp(userId: number, opts: { theme: keyof typeof THEMES; language?: string; timezoneId?: string }): Promise<Page> {
  context = await browser!.newContext({ viewport: { width: 360, height: 760 }, deviceScaleFactor: 2, locale: opts.language === 'ru' ? 'ru-RU' : 'en-US', ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}) });
  // What a Telegram client provides: the proxy the SDK posts its events to.
  await context.addInitScript({
    content: 'window.__tg = []; window.TelegramWebviewProxy = { postEvent: (type, data) => window.__tg.push([type, data ? JSON.parse(data) : null]) };',
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(api.url)) problems.push(`request to another host: ${r.url()}`);
  });
  const initData = initDataFor(chatOf(api.db.deps, userId), api.db.clock(), { language: opts.language ?? 'en' });
  const hash = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'android',
    tgWebAppThemeParams: JSON.stringify(THEMES[opts.theme]),
  });
  await page.goto(`${api.url}/app/#${hash.toString()}`);
  return page;
}

const tgEvents = (page: Page) => page.evaluate<TgEvent[]>('window.__tg');

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** A USD family with money, a month of spending in three categories, and one request waiting for approval. */
function books(): FamilyFixture & { pendingId: number } {
  const d = api.db.deps;
  const f = makeFamily(d);
  fund(d, f, f.cashId, 250_000);
  const cats = listCategories(d, f.owner, f.familyId)
    .filter((c) => c.kind === 'expense')
    .slice(0, 3);
  const spend = (who: number, minor: number, cat: number, description: string) =>
    createTransaction(d, who, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: minor, categoryId: cat, description });
  spend(f.owner, 32_050, cats[0]!.id, 'Groceries');
  spend(f.members.member, 4_500, cats[1]!.id, 'Coffee with Bo');
  spend(f.members.admin, 12_000, cats[2]!.id, 'Bus pass');
  const pending = spend(f.members.member, 60_000, cats[0]!.id, 'New bike');
  expect(pending.transaction.status).toBe('pending_approval');
  return { ...f, pendingId: pending.transaction.id };
}

describe.skipIf(skip)('the Mini App in headless Chromium', () => {
  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`).toBe(true);
    builtWebapp();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await api?.close();
    expect(problems.splice(0)).toEqual([]);
  });

  it('shows balances in Telegram\'s light theme, in English, and an approver approves with haptic feedback', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    const page = await openApp(f.owner, { theme: 'light' });

    await expect.poll(() => page.locator(`[data-balance="${f.cashId}"]`).textContent()).toBe('$2,014.50');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('html', 'data-scheme')).toBe('light');
    expect(await page.evaluate<string>("getComputedStyle(document.body).backgroundColor")).toBe('rgb(239, 239, 244)');
    await expect.poll(() => page.getByText('One transaction waits for approval').count()).toBe(1);
    await shot(page, 'overview-light-en');

    await page.getByRole('button', { name: /Approvals/ }).click();
    const row = page.locator(`[data-tx="${f.pendingId}"]`);
    await expect.poll(() => row.textContent()).toContain('New bike');
    await shot(page, 'approvals-light-en');
    // Telegram's BackButton appears away from the first tab.
    expect((await tgEvents(page)).some(([type, data]) => type === 'web_app_setup_back_button' && data?.['is_visible'] === true)).toBe(true);

    await row.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Approved');
    // Reflected in the books: executed, and the money left the wallet.
    expect(api.db.deps.db.select().from(transactions).where(eq(transactions.id, f.pendingId)).get()?.status).toBe('executed');
    expect(balanceOf(api.db.deps, f.cashId)).toBe(201_450 - 60_000);
    expect(await tgEvents(page)).toContainEqual(['web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'success' }]);
    await expect.poll(() => page.getByText('Nothing waits for approval').count()).toBe(1);

    await page.getByRole('button', { name: /Home/ }).click();
    await expect.poll(() => page.locator(`[data-balance="${f.cashId}"]`).textContent()).toBe('$1,414.50');
  });

  it('shows more than a page of approvals: [Show more] reads the next page, and a decision keeps the place', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const d = api.db.deps;
    const f = makeFamily(d);
    fund(d, f, f.cashId, 20_000_000);
    const waiting = Array.from({ length: 120 }, (_, i) =>
      createTransaction(d, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 90_000 + i, categoryId: f.expenseCategoryId, description: `Request ${i}` }).transaction.id,
    );
    const page = await openApp(f.owner, { theme: 'light' });
    // The overview reads one page of 100: it says so rather than a wrong count; the tab's badge too.
    await expect.poll(() => page.getByText('More than 100 transactions wait for approval').count()).toBe(1);
    await expect.poll(() => page.locator('.tab-badge').textContent()).toBe('100+');

    await page.getByRole('button', { name: /Approvals/ }).click();
    const rows = page.locator('[data-tx]');
    const more = page.getByRole('button', { name: 'Show more' });
    await expect.poll(() => rows.count()).toBe(50);
    await more.click();
    await expect.poll(() => rows.count()).toBe(100);
    await more.click();
    await expect.poll(() => rows.count()).toBe(120);
    expect(await more.count()).toBe(0);
    // The oldest request, on the third page, is decided there; the list is read again as far as it was shown.
    const oldest = page.locator(`[data-tx="${waiting[0]}"]`);
    await oldest.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Approved');
    await expect.poll(() => rows.count()).toBe(119);
    expect(api.db.deps.db.select().from(transactions).where(eq(transactions.id, waiting[0]!)).get()?.status).toBe('executed');
  });

  it('shows balances in Telegram\'s dark theme, in Russian, with the approvals in Russian', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    setUserLocale(api.db.deps, f.owner, 'ru');
    const page = await openApp(f.owner, { theme: 'dark', language: 'ru' });

    await expect.poll(() => page.locator(`[data-balance="${f.cashId}"]`).textContent()).toBe('2\u00a0014,50\u00a0$');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.getByText('Наличные').count()).toBeGreaterThan(0);
    expect(await page.getByText('Cash', { exact: true }).count()).toBe(0);
    expect(await page.getAttribute('html', 'data-scheme')).toBe('dark');
    expect(await page.evaluate<string>("getComputedStyle(document.body).backgroundColor")).toBe('rgb(14, 22, 33)');
    await expect.poll(() => page.getByText('1 операция ждёт одобрения').count()).toBe(1);
    await shot(page, 'overview-dark-ru');
    await page.getByRole('button', { name: /Одобрение/ }).click();
    await expect.poll(() => page.locator(`[data-tx="${f.pendingId}"]`).textContent()).toContain('Ждёт');
    expect(await page.getByRole('button', { name: 'Одобрить' }).count()).toBe(1);
  });

  it('draws the month by category and the trend, with month navigation (dark theme, Russian)', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    setUserLocale(api.db.deps, f.owner, 'ru');
    const page = await openApp(f.owner, { theme: 'dark', language: 'ru' });
    await page.getByRole('button', { name: /Месяц/ }).click();
    await expect.poll(() => page.locator('[data-chart="donut"] .donut-slice').count()).toBe(3);
    expect(await page.locator('.month-title').textContent()).toMatch(/ноябрь 2026/i);
    expect(await page.locator('.legend-row').first().textContent()).toContain('320,50');
    // The family was made in English: its default names read in the reader's language, typed ones as typed.
    expect(await page.locator('.legend-row').first().textContent()).toContain('Продукты');
    await expect.poll(() => page.locator('[data-chart="trend"] .bar-expense').count()).toBe(12);
    await shot(page, 'month-dark-ru');

    await page.getByRole('button', { name: 'Предыдущий месяц' }).click();
    await expect.poll(() => page.locator('.month-title').textContent()).toMatch(/октябрь 2026/i);
    expect(await page.locator('[data-chart="donut"] .donut-slice').count()).toBe(0);
  });

  it('a family with two currencies sees each month in each currency, never summed: the family\'s own first, the other a tap away', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    const d = api.db.deps;
    const euro = addWallet(d, f, 'EUR');
    fund(d, f, euro, 100_000);
    createTransaction(d, f.owner, { familyId: f.familyId, fromWalletId: euro, amountMinor: 7_000, categoryId: listCategories(d, f.owner, f.familyId).find((c) => c.kind === 'expense')!.id, description: 'Train in Italy' });
    const page = await openApp(f.owner, { theme: 'light' });
    await page.getByRole('button', { name: /Month/ }).click();
    await expect.poll(() => page.locator('[data-chart="donut"] .donut-slice').count()).toBe(3);
    expect(await page.locator('.currency-switch .chip').allTextContents()).toEqual(['USD', 'EUR']);
    expect(await page.locator('.summary .expense').textContent()).toBe('$485.50');
    await page.locator('[data-currency="EUR"]').click();
    await expect.poll(() => page.locator('.summary .expense').textContent()).toBe('€70.00');
    expect(await page.locator('.summary .income').textContent()).toBe('€1,000.00');
    expect(await page.locator('[data-chart="donut"] .donut-slice').count()).toBe(1);
    expect(await page.locator('[data-currency="EUR"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('shows every amount in its currency\'s own decimals (ISO 4217), not the browser\'s: forints with fillér, Iraqi dinars with fils', async () => {
    // Intl (CLDR) shows HUF, COP, IDR, PKR with no decimals and IQD with none instead of three: the
    // page rounded 1,234.50 HUF to 1,235 and its total read 123,450 (312.400 IQD: 312,400).
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const d = api.db.deps;
    const f = makeFamily(d, 'HUF');
    fund(d, f, f.cashId, 133_450);
    createTransaction(d, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 10_000, categoryId: f.expenseCategoryId, description: 'Lángos' });
    const dinars = addWallet(d, f, 'IQD');
    fund(d, f, dinars, 312_400);
    const page = await openApp(f.owner, { theme: 'light' });
    await expect.poll(() => page.locator(`[data-balance="${f.cashId}"]`).textContent()).toBe('HUF\u00a01,234.50');
    expect(await page.locator('[data-total="HUF"]').textContent()).toBe('HUF\u00a01,234.50');
    expect(await page.locator(`[data-balance="${dinars}"]`).textContent()).toBe('IQD\u00a0312.400');
    expect(await page.locator('[data-total="IQD"]').textContent()).toBe('IQD\u00a0312.400');
    await page.getByRole('button', { name: /Month/ }).click();
    await expect.poll(() => page.locator('.summary .expense').textContent()).toBe('HUF\u00a0100.00');
    expect(await page.locator('.summary .income').textContent()).toBe('HUF\u00a01,334.50');
  });

  it('shows both sides of a transfer between currencies, each in its own decimals, and a wallet\'s own history what moved in or out of it', async () => {
    // Only the won that left was shown (₩10,000) in the history, on the transaction's page and in the
    // approvals, and the dinar wallet's own history listed the won, not the 7.500 dinars it received.
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const d = api.db.deps;
    const f = makeFamily(d, 'KRW');
    fund(d, f, f.cashId, 1_000_000);
    const dinar = addWallet(d, f, 'BHD');
    const transfer = (who: number, won: number, fils: number) =>
      createTransaction(d, who, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: dinar, amountMinor: won, toAmountMinor: fils }).transaction;
    const moved = transfer(f.owner, 10_000, 7_500).id;
    const undone = transfer(f.owner, 20_000, 15_000).id;
    const reversal = reverseTransaction(d, f.owner, { transactionId: undone, reason: 'wrong wallet' }).reversal.id;
    // An undone expense gave the won back: its reversal reads + (it read −, like another expense).
    const lunch = createTransaction(d, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 5_000, categoryId: f.expenseCategoryId, description: 'Lunch' }).transaction.id;
    const lunchBack = reverseTransaction(d, f.owner, { transactionId: lunch, reason: 'twice' }).reversal.id;
    const asked = transfer(f.members.member, 600_000, 450_000);
    expect(asked.status).toBe('pending_approval');
    const page = await openApp(f.owner, { theme: 'light' });
    // The amount column as it reads, line by line (a status badge is its last line).
    const amounts = async (id: number) => (await page.locator(`[data-tx="${id}"] .tx-amount`).innerText()).split('\n');

    await page.getByRole('button', { name: /History/ }).click();
    await expect.poll(() => amounts(moved)).toEqual(['₩10,000', '→ BHD\u00a07.500']);
    expect(await amounts(asked.id)).toEqual(['₩600,000', '→ BHD\u00a0450.000', 'Waiting']);
    expect(await amounts(lunch)).toEqual(['\u2212₩5,000', 'Reversed']);
    expect(await amounts(lunchBack)).toEqual(['+₩5,000']);

    // The dinar wallet's own history: what it received (and gave back when the reversal undid one).
    await page.getByLabel('Any wallet').selectOption(String(dinar));
    await expect.poll(() => amounts(moved)).toEqual(['+BHD\u00a07.500', '← ₩10,000']);
    expect(await amounts(undone)).toEqual(['+BHD\u00a015.000', '← ₩20,000', 'Reversed']);
    expect(await amounts(reversal)).toEqual(['\u2212BHD\u00a015.000', '← ₩20,000']);
    // The won wallet's: what left it.
    await page.getByLabel('Any wallet').selectOption(String(f.cashId));
    await expect.poll(() => amounts(moved)).toEqual(['\u2212₩10,000', '→ BHD\u00a07.500']);
    expect(await amounts(reversal)).toEqual(['+₩20,000', '→ BHD\u00a015.000']);

    await page.locator(`[data-tx="${moved}"] button`).click();
    await expect.poll(() => page.locator('.hero-amount').textContent()).toBe('₩10,000');
    expect(await page.locator('.hero-other').textContent()).toBe('→ BHD\u00a07.500');
    await shot(page, 'transfer-light-en');

    await page.getByRole('button', { name: /Approvals/ }).click();
    await expect.poll(() => amounts(asked.id)).toEqual(['₩600,000', '→ BHD\u00a0450.000', 'Waiting']);
    await page.locator(`[data-tx="${asked.id}"] .tx-open`).click();
    await expect.poll(() => page.locator('.hero-other').textContent()).toBe('→ BHD\u00a0450.000');
    expect(await page.locator('.hero-amount').textContent()).toBe('₩600,000');
  });

  it('dates entries on the family\'s clock, not the phone\'s: 00:30 on 1 November in Kolkata is 1 November on a phone set to New York', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    api.db.clock.set(Date.UTC(2026, 9, 31, 19, 0));
    const d = api.db.deps;
    const f = makeFamily(d);
    updateFamilySettings(d, f.owner, { familyId: f.familyId, timezone: 'Asia/Kolkata' });
    fund(d, f, f.cashId, 10_000);
    const chai = createTransaction(d, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 250, categoryId: f.expenseCategoryId, description: 'Chai' }).transaction.id;
    const page = await openApp(f.owner, { theme: 'light', timezoneId: 'America/New_York' });
    await page.getByRole('button', { name: /History/ }).click();
    await expect.poll(() => page.locator(`[data-tx="${chai}"]`).textContent()).toContain('Nov 1');
    await page.locator(`[data-tx="${chai}"] button`).click();
    await expect.poll(() => page.getByText('Nov 1, 2026, 12:30').count()).toBe(1);
  });

  it('finds history with search and filters, page after page; approves from the MainButton, rejects from the SecondaryButton', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    const d = api.db.deps;
    for (let i = 0; i < 45; i++) createTransaction(d, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 100 + i, categoryId: f.expenseCategoryId, description: `Snack ${i}` });
    const page = await openApp(f.members.admin, { theme: 'light' });

    await page.getByRole('button', { name: /History/ }).click();
    await expect.poll(() => page.locator('li.tx').count()).toBe(30);
    await page.locator('[data-more]').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('li.tx').count()).toBe(50);
    await shot(page, 'history-light-en');

    await page.getByRole('searchbox').fill('bike');
    await expect.poll(() => page.locator('li.tx').count()).toBe(1);
    await page.getByRole('searchbox').fill('');
    await page.getByLabel('Anyone').selectOption({ label: 'member' });
    await expect.poll(() => page.locator('li.tx').count()).toBe(2);

    await page.locator(`[data-tx="${f.pendingId}"] button`).click();
    await expect.poll(async () => (await tgEvents(page)).some(([type, data]) => type === 'web_app_setup_main_button' && data?.['is_visible'] === true && data?.['text'] === 'Approve')).toBe(true);
    await shot(page, 'transaction-light-en');
    // The person taps Telegram's MainButton.
    await page.evaluate("window.Telegram.WebView.receiveEvent('main_button_pressed')");
    await expect.poll(() => api.db.deps.db.select().from(transactions).where(eq(transactions.id, f.pendingId)).get()?.status).toBe('executed');
    await expect.poll(() => page.locator('.hero .badge').textContent()).toBe('Done');
    expect(await tgEvents(page)).toContainEqual(['web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'success' }]);

    // Telegram's BackButton leads back to the list; another request is rejected from the SecondaryButton.
    const skate = createTransaction(d, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 55_000, categoryId: f.expenseCategoryId, description: 'Skateboard' }).transaction.id;
    await page.evaluate("window.Telegram.WebView.receiveEvent('back_button_pressed')");
    await expect.poll(() => page.locator(`[data-tx="${skate}"]`).count()).toBe(1);
    await page.locator(`[data-tx="${skate}"] button`).click();
    await expect
      .poll(async () => (await tgEvents(page)).some(([type, data]) => type === 'web_app_setup_secondary_button' && data?.['is_visible'] === true && data?.['text'] === 'Reject'))
      .toBe(true);
    await page.evaluate("window.Telegram.WebView.receiveEvent('secondary_button_pressed')");
    await expect.poll(() => api.db.deps.db.select().from(transactions).where(eq(transactions.id, skate)).get()?.status).toBe('rejected');
    // The haptic follows the HTTP answer, which comes after the commit the poll above saw: wait for it too.
    await expect.poll(() => tgEvents(page)).toContainEqual(['web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'warning' }]);
  });

  it('signs in again with the same initData when the token expires, and asks to reopen the app once it is stale', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    const f = books();
    const page = await openApp(f.owner, { theme: 'light' });
    await expect.poll(() => page.locator(`[data-balance="${f.cashId}"]`).textContent()).toBe('$2,014.50');
    const logins = () => api.count("event_log where action = 'session.started'");

    api.db.clock.advance(16 * 60_000);
    await page.getByRole('button', { name: /Approvals/ }).click();
    await expect.poll(() => page.locator(`[data-tx="${f.pendingId}"]`).count()).toBe(1);
    expect(logins()).toBe(2);

    api.db.clock.advance(45 * 60_000);
    await page.getByRole('button', { name: /History/ }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Close the app and open it again');
  });

  it('says what to do when opened outside Telegram or by someone the bot never met', async () => {
    api = await startApi({ env: { BOT_TOKEN }, webappDir: builtWebapp() });
    context = await browser!.newContext({ viewport: { width: 360, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/app`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Open this page from the bot in Telegram');

    // Signed by Telegram, but this person never sent /start: no account is made, they are told what to do.
    const hash = new URLSearchParams({ tgWebAppData: initDataFor(777001, api.db.clock(), { language: 'ru' }), tgWebAppVersion: '8.0', tgWebAppThemeParams: '{}' });
    const second = await context.newPage();
    await second.goto(`${api.url}/app/#${hash.toString()}`);
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('Сначала отправьте боту /start');
    expect(api.count('users')).toBe(0);
  });
});
