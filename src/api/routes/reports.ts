// Where the money goes, read-only: budgets with this month's spending, goals
// with their progress, the monthly report and the trend, the month's chart as
// a PNG, and the CSV export (streamed). Same bearer auth and family scoping as
// every route: the core answers "not found" for another family.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { lazyChartRenderer } from '../../charts/lazy.js';
import { chartTexts, toChartLocale } from '../../charts/texts.js';
import {
  chartCurrency,
  currentReportMonth,
  exportTransactionsCsv,
  getFamily,
  listBudgets,
  listGoals,
  monthlyReport,
  toDecimalString,
  trendReport,
  type BudgetStatus,
  type CategoryLine,
  type GoalProgress,
  type MonthlyReport,
  type TrendReport,
} from '../../domain/index.js';
import type { ApiContext } from '../context.js';
import { authGuard, userOf } from '../plugins/auth.js';
import { bearerSecurity, errorResponses, idParam, iso, toId } from '../schemas.js';
import { keptJson } from './kept-json.js';

const month = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'a month of the family’s calendar, like 2026-11, from 1970-01 to 9999-11 (default: this month)', example: '2026-11' } as const;
const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', example: '2026-11-01' } as const;
const money = (example: string) => ({ type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', example }) as const;
const obj = <P extends Record<string, unknown>>(properties: P) => ({ type: 'object', required: Object.keys(properties), additionalProperties: false, properties }) as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;
const query = <P extends Record<string, unknown>>(properties: P) => ({ type: 'object', required: ['family_id'], additionalProperties: false, properties: { family_id: idParam, ...properties } }) as const;

const budgetSchema = obj({
  id: { type: 'integer' },
  category_id: { ...nullableInt, description: 'null: all the family’s expenses' },
  currency: { type: 'string', example: 'EUR' },
  limit: money('400.00'),
  spent: money('312.40'),
  remaining: money('87.60'),
  percent: { type: 'integer', example: 78 },
  month: { type: 'string', example: '2026-11' },
  days_left: { type: 'integer', example: 6 },
});
const goalSchema = obj({
  id: { type: 'integer' },
  name: { type: 'string', example: 'Sea trip' },
  currency: { type: 'string', example: 'EUR' },
  wallet_id: nullableInt,
  target: money('1200.00'),
  saved: money('300.00'),
  remaining: money('900.00'),
  percent: { type: 'integer', example: 25 },
  deadline: { ...nullableString, example: '2027-04-30' },
  months_left: nullableInt,
  monthly_needed: { type: ['string', 'null'], example: '150.00' },
  reached: { type: 'boolean' },
});
const categoryLineSchema = obj({
  category_id: nullableInt,
  name: nullableString,
  name_key: { ...nullableString, description: 'Set when the name came from the defaults (e.g. default-category-groceries): show it in the reader’s language' },
  emoji: nullableString,
  total: money('120.00'),
  count: { type: 'integer' },
  share_percent: { type: 'number', example: 38.5, description: 'share of the currency’s total of this kind' },
  previous: money('100.00'),
  change_percent: { type: ['number', 'null'], example: 20, description: 'against the month before; null when it had none' },
});
const splitSchema = (idField: string) =>
  obj({ [idField]: { type: 'integer' }, name: { type: 'string' }, name_key: { ...nullableString, description: 'Set for a wallet whose name came from the defaults (e.g. default-wallet-cash)' }, expenses: money('80.00'), income: money('0.00'), count: { type: 'integer' } });
const monthlySchema = obj({
  family_id: { type: 'integer' },
  month: { type: 'string', example: '2026-11' },
  previous_month: { type: ['string', 'null'], example: '2026-10', description: 'null for 1970-01, the first month a report covers' },
  next_month: { type: ['string', 'null'], example: '2026-12', description: 'null for 9999-11, the last month a report covers' },
  timezone: { type: 'string', example: 'Europe/Berlin' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  currencies: {
    type: 'array',
    items: obj({
      currency: { type: 'string', example: 'EUR' },
      income: money('2500.00'),
      expenses: money('1320.55'),
      net: money('1179.45'),
      previous_income: money('2500.00'),
      previous_expenses: money('1100.00'),
      expenses_by_category: { type: 'array', items: categoryLineSchema },
      incomes_by_category: { type: 'array', items: categoryLineSchema },
      by_member: { type: 'array', items: splitSchema('user_id') },
      by_wallet: { type: 'array', items: splitSchema('wallet_id') },
    }),
  },
});
const trendSchema = obj({
  family_id: { type: 'integer' },
  timezone: { type: 'string' },
  months: { type: 'array', items: { type: 'string' }, example: ['2026-10', '2026-11'] },
  currencies: {
    type: 'array',
    items: obj({ currency: { type: 'string' }, points: { type: 'array', items: obj({ month: { type: 'string', example: '2026-11' }, income: money('2500.00'), expenses: money('1320.55') }) } }),
  },
});

function budgetView(b: BudgetStatus) {
  const d = (m: number | bigint) => toDecimalString(m, b.currency);
  return { id: b.id, category_id: b.categoryId, currency: b.currency, limit: d(b.amountMinor), spent: d(b.spentMinor), remaining: d(b.remainingMinor), percent: b.percent, month: b.month, days_left: b.daysLeft };
}

function goalView(g: GoalProgress) {
  const d = (m: number) => toDecimalString(m, g.currency);
  return {
    id: g.id,
    name: g.name,
    currency: g.currency,
    wallet_id: g.walletId,
    target: d(g.targetMinor),
    saved: d(g.savedMinor),
    remaining: d(g.remainingMinor),
    percent: g.percent,
    deadline: g.deadline,
    months_left: g.monthsLeft,
    monthly_needed: g.monthlyNeededMinor === null ? null : d(g.monthlyNeededMinor),
    reached: g.reached,
  };
}

function monthlyView(r: MonthlyReport) {
  return {
    family_id: r.familyId,
    month: r.month,
    previous_month: r.previousMonth,
    next_month: r.nextMonth,
    timezone: r.timezone,
    from: iso(r.from),
    to: iso(r.to),
    currencies: r.currencies.map((c) => {
      const d = (m: number | bigint) => toDecimalString(m, c.currency);
      const line = (l: CategoryLine) => ({ category_id: l.categoryId, name: l.name, name_key: l.nameKey, emoji: l.emoji, total: d(l.totalMinor), count: l.count, share_percent: l.sharePercent, previous: d(l.previousMinor), change_percent: l.changePercent });
      return {
        currency: c.currency,
        income: d(c.incomeMinor),
        expenses: d(c.expenseMinor),
        net: d(c.netMinor),
        previous_income: d(c.previousIncomeMinor),
        previous_expenses: d(c.previousExpenseMinor),
        expenses_by_category: c.expensesByCategory.map(line),
        incomes_by_category: c.incomesByCategory.map(line),
        by_member: c.byMember.map((m) => ({ user_id: m.userId, name: m.name, name_key: null, expenses: d(m.expenseMinor), income: d(m.incomeMinor), count: m.count })),
        by_wallet: c.byWallet.map((w) => ({ wallet_id: w.walletId, name: w.name, name_key: w.nameKey, expenses: d(w.expenseMinor), income: d(w.incomeMinor), count: w.count })),
      };
    }),
  };
}

function trendView(t: TrendReport) {
  return {
    family_id: t.familyId,
    timezone: t.timezone,
    months: t.months,
    currencies: t.currencies.map((c) => ({ currency: c.currency, points: c.points.map((p) => ({ month: p.month, income: toDecimalString(p.incomeMinor, c.currency), expenses: toDecimalString(p.expenseMinor, c.currency) })) })),
  };
}

export function registerReportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = authGuard(ctx);
  // The chart renderer (echarts, resvg, its WebAssembly and fonts) loads on the first chart asked for.
  const charts = lazyChartRenderer();
  const renderer = () => charts;
  const tags = ['reports'];

  app.get<{ Querystring: { family_id: string; month?: string } }>(
    '/budgets',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Active budgets with what was spent in a month, in the family’s time zone',
        security: bearerSecurity,
        querystring: query({ month }),
        response: { 200: obj({ budgets: { type: 'array', items: budgetSchema } }), ...errorResponses },
      },
    },
    (req) => ({ budgets: listBudgets(ctx.reads(), userOf(req), toId(req.query.family_id), req.query.month !== undefined ? { month: req.query.month } : {}).map(budgetView) }),
  );

  app.get<{ Querystring: { family_id: string } }>(
    '/goals',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Savings goals with progress and the monthly amount needed to reach the date',
        security: bearerSecurity,
        querystring: query({}),
        response: { 200: obj({ goals: { type: 'array', items: goalSchema } }), ...errorResponses },
      },
    },
    (req) => ({ goals: listGoals(ctx.reads(), userOf(req), toId(req.query.family_id)).map(goalView) }),
  );

  app.get<{ Querystring: { family_id: string; month?: string } }>(
    '/reports/monthly',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'A month’s income and expenses per currency: by category (largest first, share, change against the month before), by member, by wallet',
        description: 'Only expenses and incomes count: transfers, opening balances and balance corrections are neither. Reversed transactions and their reversals are left out.',
        security: bearerSecurity,
        querystring: query({ month }),
        response: { 200: monthlySchema, ...errorResponses },
      },
    },
    (req, reply) => {
      const user = userOf(req);
      const familyId = toId(req.query.family_id);
      // Kept until anything is written (#16: a month of a large family is tens of ms). Keyed by the month
      // named, so the answer depends on the database alone: without one, the current month now.
      const month = req.query.month ?? currentReportMonth(ctx.reads(), user, familyId);
      return keptJson(reply, ctx.memo(`report-month:${user}:${familyId}:${month}`, (d) => reply.serialize(monthlyView(monthlyReport(d, user, { familyId, month })))));
    },
  );

  app.get<{ Querystring: { family_id: string; months?: string; until?: string } }>(
    '/reports/trend',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Income and expenses per month for the last N months (oldest first), per currency',
        security: bearerSecurity,
        querystring: query({ months: { type: 'string', pattern: '^[1-9][0-9]?$', description: '1 to 36 (default 12)', example: '12' }, until: month }),
        response: { 200: trendSchema, ...errorResponses },
      },
    },
    (req, reply) => {
      const user = userOf(req);
      const familyId = toId(req.query.family_id);
      const months = req.query.months === undefined ? 12 : Number(req.query.months);
      // Kept like the month's report, keyed by the last month named (the current one without `until`).
      const until = req.query.until ?? currentReportMonth(ctx.reads(), user, familyId);
      return keptJson(reply, ctx.memo(`report-trend:${user}:${familyId}:${months}:${until}`, (d) => reply.serialize(trendView(trendReport(d, user, { familyId, months, until })))));
    },
  );

  app.get<{ Querystring: { family_id: string; month?: string; currency?: string; locale?: string; months?: '6' | '12' } }>(
    '/reports/monthly/chart.png',
    {
      onRequest: guard,
      // The chart gate: 429 past a person's charts a minute, 503 when the server draws too many.
      config: { throttled: true },
      schema: {
        tags,
        summary: 'The month’s chart as a 1080×1350 PNG: spending by category and the 6- or 12-month trend',
        security: bearerSecurity,
        produces: ['image/png'],
        querystring: query({
          month,
          currency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'default: among the currencies spent in that month the family’s own, else the first by code (amounts in different currencies are never compared)', example: 'EUR' },
          locale: { type: 'string', enum: ['en', 'ru'], description: 'language of the labels (default en)' },
          months: { type: 'string', enum: ['6', '12'], description: 'length of the trend (default 6)' },
        }),
        response: { 200: { description: 'A PNG image', type: 'string', format: 'binary' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = userOf(req);
      const familyId = toId(req.query.family_id);
      const report = monthlyReport(ctx.reads(), actor, { familyId, ...(req.query.month !== undefined ? { month: req.query.month } : {}) });
      const months = req.query.months === '12' ? 12 : 6;
      const trend = trendReport(ctx.reads(), actor, { familyId, months, until: report.month });
      const currency = req.query.currency ?? chartCurrency(report, trend, getFamily(ctx.reads(), actor, familyId).baseCurrency) ?? 'USD';
      const locale = toChartLocale(req.query.locale);
      const png = await renderer().spendingPng({ report, trend, currency, locale, texts: chartTexts(locale, report, currency, months) }, `user:${actor}`);
      return reply.type('image/png').header('cache-control', 'private, no-store').send(Buffer.from(png));
    },
  );

  app.get<{ Querystring: { family_id: string; from?: string; to?: string; bom?: 'true' | 'false' } }>(
    '/transactions/export.csv',
    {
      onRequest: guard,
      // One export at a time per person (429 export_running).
      config: { throttled: true },
      schema: {
        tags,
        summary: 'Every transaction as CSV (RFC 4180, UTF-8), streamed',
        description:
          'Columns: id, date (ISO 8601 with the family’s offset), kind, status, amount (decimal string), currency, from_wallet, to_wallet, to_amount, to_currency, category, note, author, reversal_of, reversed_by. Text a spreadsheet would run as a formula starts with an apostrophe. The file imports back as it is.',
        security: bearerSecurity,
        produces: ['text/csv'],
        querystring: query({ from: { ...day, description: 'first local day included, from 1970-01-01 to 9999-12-31' }, to: { ...day, description: 'last local day included, from 1970-01-01 to 9999-12-31' }, bom: { type: 'string', enum: ['true', 'false'], description: 'start with a UTF-8 BOM for spreadsheets' } }),
        response: {
          200: {
            description: 'CSV text',
            type: 'string',
            headers: { 'Content-Disposition': { type: 'string', description: 'attachment; filename="transactions-<from or start>-<to or now>.csv"' } },
          },
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      // Access and dates are checked here, before the first byte: a refusal is still a JSON error.
      const chunks = exportTransactionsCsv(ctx.core, userOf(req), { familyId: toId(q.family_id), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), bom: q.bom === 'true' });
      const name = `transactions-${q.from ?? 'start'}-${q.to ?? 'now'}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'private, no-store')
        .send(Readable.from(chunks, { objectMode: false }));
    },
  );
}
