// Transactions waiting for approval; approvers decide right here.
import type { JSX } from 'preact';
import { Problem, Section, Spinner, TxRow } from '../components.js';
import { canDecide, useDecide } from '../decide.js';
import type { Ctx, TxPage } from '../model.js';
import { useLoad } from '../use-load.js';

export function ApprovalsPage(props: { ctx: Ctx }): JSX.Element {
  const { ctx } = props;
  const pending = useLoad(() => ctx.api.get<TxPage>('/transactions', { family_id: ctx.family.id, status: 'pending_approval', limit: 100 }), [ctx.family.id, ctx.version]);
  const { decide, busy, message } = useDecide(ctx);
  return (
    <div class="page">
      {message && (
        <div class="toast" role="status">
          {message}
        </div>
      )}
      {pending.error && <Problem ctx={ctx} error={pending.error} />}
      {!pending.data && !pending.error && <Spinner ctx={ctx} />}
      {pending.data && (
        <Section title={ctx.t('webapp-approvals-title')}>
          {pending.data.transactions.length === 0 ? (
            <p class="empty">{ctx.t('webapp-approvals-empty')}</p>
          ) : (
            <ul class="list">
              {pending.data.transactions.map((tx) => (
                <TxRow key={tx.id} ctx={ctx} tx={tx} onOpen={() => ctx.openTx(tx)}>
                  {canDecide(ctx, tx) ? (
                    <div class="actions">
                      <button type="button" class="btn btn-primary" disabled={busy !== null} onClick={() => void decide(tx, 'approve')}>
                        {ctx.t('webapp-approve')}
                      </button>
                      <button type="button" class="btn btn-danger" disabled={busy !== null} onClick={() => void decide(tx, 'reject')}>
                        {ctx.t('webapp-reject')}
                      </button>
                    </div>
                  ) : (
                    <p class="hint">{ctx.t(tx.created_by === ctx.me.user_id ? 'webapp-approvals-yours' : 'webapp-approvals-waiting')}</p>
                  )}
                </TxRow>
              ))}
            </ul>
          )}
        </Section>
      )}
    </div>
  );
}
