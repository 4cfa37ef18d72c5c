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
const FLIP = { '+': '-', '-': '+' } as const;

/** What a transfer between wallets of different currencies lands as (to_amount in to_currency); undefined for anything else. */
function landed(tx: Tx): { amount: string; currency: string } | undefined {
  return tx.to_amount !== null && tx.to_currency !== null && tx.to_currency !== tx.currency ? { amount: tx.to_amount, currency: tx.to_currency } : undefined;
}

/**
 * How a transaction's amount reads: `main`, and for a transfer between currencies its other side
 * (`other`), each in its own currency's decimals. In the family's lists, what left and what arrived
 * ("₩10,000", "→ BHD 7.500"), as the bot's lines read; in one wallet's own view (`walletId`), what
 * moved in (+) or out (−) of that wallet, so the receiving wallet's line says what it received
 * ("+BHD 7.500", "← ₩10,000"). A reversal's money moves the other way, so its sign is turned.
 */
export function txAmounts(ctx: Pick<Ctx, 'lang'>, tx: Tx, view: { walletId?: number; unsigned?: boolean } = {}): { main: string; other?: string } {
  const { walletId } = view;
  const sent = { amount: tx.amount, currency: tx.currency };
  const got = landed(tx);
  const show = (side: { amount: string; currency: string }, sign?: '+' | '-') => money(ctx.lang, side.amount, side.currency, sign ? { sign } : {});
  const mine = walletId !== undefined && (tx.from_wallet_id === walletId || tx.to_wallet_id === walletId);
  const into = mine && tx.to_wallet_id === walletId;
  const direction = mine ? (into ? '+' : '-') : SIGN[tx.kind];
  const sign = !direction || view.unsigned ? undefined : tx.reversal_of !== null ? FLIP[direction] : direction;
  if (into && got) return { main: show(got, sign), other: `← ${show(sent)}` };
  return got ? { main: show(sent, sign), other: `→ ${show(got)}` } : { main: show(sent, sign) };
}

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

/** One transaction in a list; `walletId` when the list is that wallet's own (its amounts are that wallet's, see txAmounts). */
export function TxRow(props: { ctx: Ctx; tx: Tx; walletId?: number; onOpen?: () => void; children?: ComponentChildren }): JSX.Element {
  const { ctx, tx } = props;
  const amounts = txAmounts(ctx, tx, props.walletId !== undefined ? { walletId: props.walletId } : {});
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
        <span class="tx-sum">{amounts.main}</span>
        {amounts.other && <span class="tx-other">{amounts.other}</span>}
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
