// Transactions waiting for approval; approvers decide right here. The list is
// read in keyset pages (the API's next_cursor), newest first; [Show more]
// reads the next page, and after a decision the list is read again as far as
// it was shown, so the reader keeps their place.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Problem, Section, Spinner, TxRow } from '../components.js';
import { canDecide, useDecide } from '../decide.js';
import type { Ctx, Tx, TxPage } from '../model.js';

const PAGE = 50;

type Shown = { items: Tx[]; cursor: string | null };

const pageOf = (ctx: Ctx, cursor: string | null): Promise<TxPage> =>
  ctx.api.get<TxPage>('/transactions', { family_id: ctx.family.id, status: 'pending_approval', limit: PAGE, ...(cursor ? { cursor } : {}) });

/** The first `pages` pages (fewer when the list ends first). */
async function firstPages(ctx: Ctx, pages: number): Promise<Shown> {
  let shown: Shown = { items: [], cursor: null };
  for (let i = 0; i < pages; i++) {
    const page = await pageOf(ctx, shown.cursor);
    shown = { items: [...shown.items, ...page.transactions], cursor: page.next_cursor };
    if (!shown.cursor) break;
  }
  return shown;
}

export function ApprovalsPage(props: { ctx: Ctx }): JSX.Element {
  const { ctx } = props;
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const pages = useRef(1);
  // A reload (another family, a decision) makes an answer still on its way stale.
  const generation = useRef(0);
  const { decide, busy, message } = useDecide(ctx);

  useEffect(() => {
    pages.current = 1;
  }, [ctx.family.id]);

  useEffect(() => {
    const gen = ++generation.current;
    firstPages(ctx, pages.current).then(
      (s) => {
        if (gen !== generation.current) return;
        setShown(s);
        setError(null);
      },
      (e: unknown) => gen === generation.current && setError(e),
    );
  }, [ctx.family.id, ctx.version]);

  async function showMore(): Promise<void> {
    if (!shown?.cursor || loadingMore) return;
    const gen = generation.current;
    setLoadingMore(true);
    try {
      const page = await pageOf(ctx, shown.cursor);
      if (gen !== generation.current) return;
      pages.current += 1;
      setShown({ items: [...shown.items, ...page.transactions], cursor: page.next_cursor });
    } catch (e) {
      if (gen === generation.current) setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div class="page">
      {message && (
        <div class="toast" role="status">
          {message}
        </div>
      )}
      {error !== null && <Problem ctx={ctx} error={error} />}
      {!shown && error === null && <Spinner ctx={ctx} />}
      {shown && (
        <Section title={ctx.t('webapp-approvals-title')}>
          {shown.items.length === 0 ? (
            <p class="empty">{ctx.t('webapp-approvals-empty')}</p>
          ) : (
            <ul class="list">
              {shown.items.map((tx) => (
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
          {shown.cursor && (
            <div class="center pad">
              <button type="button" class="link show-more" disabled={loadingMore} onClick={() => void showMore()}>
                {ctx.t(loadingMore ? 'webapp-loading' : 'webapp-show-more')}
              </button>
            </div>
          )}
        </Section>
      )}
    </div>
  );
}
