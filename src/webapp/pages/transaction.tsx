// One transaction. When it waits and the reader may decide, Telegram's
// MainButton approves it and its SecondaryButton (or, in older clients, a
// button on the page) rejects it.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Section, txAmounts, txIcon, txTitle, txWallets } from '../components.js';
import { canDecide, useDecide } from '../decide.js';
import { dateTime } from '../format.js';
import { memberName, type Ctx, type Tx } from '../model.js';
import { telegram } from '../telegram.js';

export function TransactionPage(props: { ctx: Ctx; tx: Tx }): JSX.Element {
  const { ctx } = props;
  const [tx, setTx] = useState(props.tx);
  const { decide, busy, message } = useDecide(ctx, (t, d) => setTx({ ...t, status: d === 'approve' ? 'executed' : 'rejected' }));
  const decidable = canDecide(ctx, tx);

  // Approve on Telegram's MainButton, Reject on its SecondaryButton where the client has one (else on the page).
  const [nativeReject, setNativeReject] = useState(false);
  useEffect(() => {
    if (!decidable) return undefined;
    const undoMain = telegram.main(ctx.t('webapp-approve'), () => void decide(tx, 'approve'), busy !== null);
    const undoSecondary = telegram.secondary(ctx.t('webapp-reject'), () => void decide(tx, 'reject'), busy !== null);
    setNativeReject(undoSecondary !== undefined);
    return () => {
      undoMain();
      undoSecondary?.();
    };
  }, [decidable, busy, tx.id]);

  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <div class="kv">
        <span class="muted">{label}</span>
        <span>{value}</span>
      </div>
    ) : null;
  const cat = tx.category_id !== null ? ctx.categories.get(tx.category_id) : undefined;
  // The transaction's own page, unsigned as before: what left, and what arrived for a transfer between currencies.
  const amounts = txAmounts(ctx, tx, { unsigned: true });
  return (
    <div class="page">
      <div class="hero">
        <div class="hero-icon" aria-hidden="true">
          {txIcon(ctx, tx)}
        </div>
        <h1 class="hero-title">{txTitle(ctx, tx)}</h1>
        <div class={`hero-amount ${tx.kind}`}>{amounts.main}</div>
        {amounts.other && <div class="hero-other">{amounts.other}</div>}
        <div class={`badge badge-${tx.status}`}>{ctx.t(`webapp-status-${tx.status}`)}</div>
      </div>
      {message && (
        <div class="toast" role="status">
          {message}
        </div>
      )}
      <Section>
        {row(ctx.t('webapp-field-kind'), ctx.t(`webapp-kind-${['expense', 'income', 'transfer'].includes(tx.kind) ? tx.kind : 'other'}`))}
        {row(ctx.t('webapp-field-category'), cat ? `${cat.emoji ?? ''} ${cat.name}`.trim() : null)}
        {row(ctx.t('webapp-field-wallet'), txWallets(ctx, tx))}
        {row(ctx.t('webapp-field-member'), memberName(ctx, tx.created_by))}
        {row(ctx.t('webapp-field-date'), dateTime(ctx.lang, tx.executed_at ?? tx.created_at, ctx.family.timezone))}
        {row(ctx.t('webapp-field-reason'), tx.reason)}
      </Section>
      {decidable && !nativeReject && (
        <div class="actions wide">
          <button type="button" class="btn btn-danger" disabled={busy !== null} onClick={() => void decide(tx, 'reject')}>
            {ctx.t('webapp-reject')}
          </button>
        </div>
      )}
    </div>
  );
}
