// Small pieces every page uses: sections, a transaction row, loading and error states.
import type { ComponentChildren, JSX } from 'preact';
import { ApiFailure } from './api.js';
import { day, money } from './format.js';
import { memberName, type Ctx, type Tx } from './model.js';

export function Section(props: { title?: string; children: ComponentChildren; id?: string }): JSX.Element {
  return (
    <section class="section" id={props.id}>
      {props.title && <h2 class="section-title">{props.title}</h2>}
      <div class="card">{props.children}</div>
    </section>
  );
}

export function Spinner(props: { ctx: Pick<Ctx, 't'> }): JSX.Element {
  return (
    <div class="muted center pad" role="status">
      {props.ctx.t('webapp-loading')}
    </div>
  );
}

export function errorText(ctx: Pick<Ctx, 't'>, e: unknown): string {
  if (e instanceof ApiFailure) {
    if (e.reason === 'stale' || e.reason === 'session_revoked') return ctx.t('webapp-error-stale');
    if (e.status === 403) return ctx.t('webapp-error-forbidden');
    if (e.status === 409) return ctx.t('webapp-error-already-decided');
    if (e.status === 422 && e.code === 'insufficient_funds') return ctx.t('webapp-error-funds');
    if (e.status === 0 || e.status >= 500) return ctx.t('webapp-error-generic');
    return e.message;
  }
  return ctx.t('webapp-error-network');
}

export function Problem(props: { ctx: Pick<Ctx, 't'>; error: unknown }): JSX.Element {
  return (
    <div class="problem" role="alert">
      {errorText(props.ctx, props.error)}
    </div>
  );
}

const SIGN: Record<string, '+' | '-' | undefined> = { expense: '-', income: '+' };

export function txTitle(ctx: Ctx, tx: Tx): string {
  const cat = tx.category_id !== null ? ctx.categories.get(tx.category_id) : undefined;
  if (tx.description) return tx.description;
  if (cat) return cat.name;
  return ctx.t(`webapp-kind-${tx.kind === 'expense' || tx.kind === 'income' || tx.kind === 'transfer' ? tx.kind : 'other'}`);
}

export function txIcon(ctx: Ctx, tx: Tx): string {
  const cat = tx.category_id !== null ? ctx.categories.get(tx.category_id) : undefined;
  if (cat?.emoji) return cat.emoji;
  return tx.kind === 'income' ? '➕' : tx.kind === 'transfer' ? '🔁' : tx.kind === 'expense' ? '➖' : '•';
}

export function txWallets(ctx: Ctx, tx: Tx): string {
  const name = (id: number | null) => (id === null ? undefined : ctx.wallets.get(id)?.name);
  const from = name(tx.from_wallet_id);
  const to = name(tx.to_wallet_id);
  return from && to ? `${from} → ${to}` : (from ?? to ?? '');
}

export function TxRow(props: { ctx: Ctx; tx: Tx; onOpen?: () => void; children?: ComponentChildren }): JSX.Element {
  const { ctx, tx } = props;
  const sign = SIGN[tx.kind];
  const status = tx.status !== 'executed' ? tx.status : undefined;
  const body = (
    <>
      <span class="tx-icon" aria-hidden="true">
        {txIcon(ctx, tx)}
      </span>
      <span class="tx-main">
        <span class="tx-title">{txTitle(ctx, tx)}</span>
        <span class="tx-sub">
          {[memberName(ctx, tx.created_by), txWallets(ctx, tx), day(ctx.lang, tx.executed_at ?? tx.created_at, ctx.family.timezone)].filter(Boolean).join(' · ')}
        </span>
      </span>
      <span class={`tx-amount ${tx.kind}${status ? ` is-${status}` : ''}`}>
        {money(ctx.lang, tx.amount, tx.currency, sign ? { sign } : {})}
        {status && <span class={`badge badge-${status}`}>{ctx.t(`webapp-status-${status}`)}</span>}
      </span>
    </>
  );
  return (
    <li class="tx" data-tx={tx.id}>
      {props.onOpen ? (
        <button type="button" class="tx-open" onClick={props.onOpen}>
          {body}
        </button>
      ) : (
        <div class="tx-open">{body}</div>
      )}
      {props.children}
    </li>
  );
}
