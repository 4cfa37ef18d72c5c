// The first page: wallets with balances (and the total per currency), what
// waits for approval, budgets and goals of this month.
import type { JSX } from 'preact';
import { Problem, Section } from '../components.js';
import { sumDecimals } from '../decimal.js';
import { date, money, percent } from '../format.js';
import type { Ctx, TxPage } from '../model.js';
import { readBudgets, readGoals, type Progress } from '../reports.js';
import { useLoad } from '../use-load.js';

const WALLET_ICON: Record<string, string> = { cash: '💵', bank: '🏦', card: '💳', savings: '🐷' };

export function OverviewPage(props: { ctx: Ctx; onPending: () => void }): JSX.Element {
  const { ctx } = props;
  const wallets = [...ctx.wallets.values()];
  // Each currency's total from the exact decimal strings (never summed across currencies).
  const balances = new Map<string, string[]>();
  for (const w of wallets) balances.set(w.currency, [...(balances.get(w.currency) ?? []), w.balance]);
  const totals = [...balances].map(([currency, texts]) => [currency, sumDecimals(texts)] as const);
  const pending = useLoad(() => ctx.api.get<TxPage>('/transactions', { family_id: ctx.family.id, status: 'pending_approval', limit: 100 }), [ctx.family.id, ctx.version]);
  const plans = useLoad(async () => {
    const cat = (id: number | null) => (id === null ? ctx.t('webapp-budget-total') : (ctx.categories.get(id)?.name ?? '—'));
    const [b, g] = await Promise.all([
      ctx.api.get<Parameters<typeof readBudgets>[0]>('/budgets', { family_id: ctx.family.id }).then((r) => readBudgets(r, cat)),
      ctx.api.get<Parameters<typeof readGoals>[0]>('/goals', { family_id: ctx.family.id }).then(readGoals),
    ]);
    return { budgets: b, goals: g };
  }, [ctx.family.id, ctx.version]);
  const waiting = pending.data?.transactions.length ?? 0;
  // One page of up to 100 is read: past it the card says "more than 100" rather than a wrong number.
  const moreWaiting = Boolean(pending.data?.next_cursor);

  return (
    <div class="page">
      <div class="totals">
        {totals.map(([currency, total]) => (
          <div class="total" key={currency}>
            <span class="muted small">{ctx.t('webapp-total')}</span>
            <strong class="total-amount" data-total={currency}>
              {money(ctx.lang, total, currency)}
            </strong>
          </div>
        ))}
      </div>
      {waiting > 0 && (
        <button type="button" class="pending-card" onClick={props.onPending}>
          <span aria-hidden="true">⏳</span>
          <span>{ctx.t(moreWaiting ? 'webapp-pending-many' : 'webapp-pending-count', { count: waiting })}</span>
          <span class="chevron" aria-hidden="true">›</span>
        </button>
      )}
      <Section title={ctx.t('webapp-wallets')} id="wallets">
        {wallets.length === 0 ? (
          <p class="empty">{ctx.t('webapp-wallets-empty')}</p>
        ) : (
          <ul class="list">
            {wallets.map((w) => (
              <li class="row" key={w.id} data-wallet={w.id}>
                <span class="tx-icon" aria-hidden="true">
                  {WALLET_ICON[w.type] ?? '👛'}
                </span>
                <span class="tx-main">
                  <span class="tx-title">{w.name}</span>
                  <span class="tx-sub">{ctx.t(`webapp-wallet-${w.type in WALLET_ICON ? w.type : 'other'}`)}</span>
                </span>
                <span class={`tx-amount${w.balance.startsWith('-') ? ' negative' : ''}`} data-balance={w.id}>
                  {money(ctx.lang, w.balance, w.currency)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {pending.error && <Problem ctx={ctx} error={pending.error} />}
      {plans.error && <Problem ctx={ctx} error={plans.error} />}
      {plans.data && plans.data.budgets.length > 0 && <Bars ctx={ctx} title={ctx.t('webapp-budgets')} items={plans.data.budgets} kind="budget" />}
      {plans.data && plans.data.goals.length > 0 && <Bars ctx={ctx} title={ctx.t('webapp-goals')} items={plans.data.goals} kind="goal" />}
    </div>
  );
}

function Bars(props: { ctx: Ctx; title: string; items: Progress[]; kind: 'budget' | 'goal' }): JSX.Element {
  const { ctx } = props;
  return (
    <Section title={props.title} id={`${props.kind}s`}>
      <ul class="list">
        {props.items.map((p) => {
          const over = props.kind === 'budget' && p.percent >= 100;
          const warn = props.kind === 'budget' && p.percent >= 80;
          return (
            <li class="progress-row" key={p.id}>
              <div class="progress-head">
                <span>{p.name}</span>
                <span class="muted small">
                  {money(ctx.lang, p.done.text, p.currency)} / {money(ctx.lang, p.target.text, p.currency)}
                </span>
              </div>
              <div class={`meter${over ? ' over' : warn ? ' warn' : ''}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, p.percent)} aria-label={p.name}>
                <span class="meter-fill" style={{ width: `${Math.min(100, Math.max(0, p.percent))}%` }} />
              </div>
              <div class="muted small">
                {props.kind === 'budget'
                  ? ctx.t('webapp-budget-left', { percent: percent(ctx.lang, p.percent), days: Number(p.note ?? 0) })
                  : ctx.t('webapp-goal-progress', { percent: percent(ctx.lang, p.percent), deadline: p.note ? date(ctx.lang, p.note) : 'none' })}
              </div>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
