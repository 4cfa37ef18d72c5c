// The family's history: search, filters (member, wallet, category, kind) and
// infinite scroll over the API's keyset pages (next_cursor), newest first.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Problem, Section, TxRow } from '../components.js';
import type { Ctx, Tx, TxPage } from '../model.js';

type Filters = { q: string; created_by: string; wallet_id: string; category_id: string; kind: string };
const EMPTY: Filters = { q: '', created_by: '', wallet_id: '', category_id: '', kind: '' };
const PAGE = 30;

export function HistoryPage(props: { ctx: Ctx }): JSX.Element {
  const { ctx } = props;
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [query, setQuery] = useState<Filters>(EMPTY);
  const [items, setItems] = useState<Tx[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const loading = useRef(false);
  const generation = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  // Typing settles for a moment before the search runs.
  useEffect(() => {
    const h = setTimeout(() => setQuery(filters), filters.q === query.q ? 0 : 300);
    return () => clearTimeout(h);
  }, [filters]);

  async function loadMore(reset: boolean): Promise<void> {
    if (loading.current && !reset) return;
    const gen = reset ? ++generation.current : generation.current;
    loading.current = true;
    try {
      const page = await ctx.api.get<TxPage>('/transactions', { family_id: ctx.family.id, limit: PAGE, ...query, ...(reset || !cursor ? {} : { cursor }) });
      if (gen !== generation.current) return;
      setItems((prev) => (reset ? page.transactions : [...prev, ...page.transactions]));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError(e);
    } finally {
      if (gen === generation.current) loading.current = false;
    }
  }

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    void loadMore(true);
  }, [query, ctx.family.id, ctx.version]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor) return undefined;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore(false);
    }, { rootMargin: '300px' });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, query]);

  const set = (k: keyof Filters) => (e: Event) => setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const select = (k: keyof Filters, label: string, options: Array<[string | number, string]>) => (
    <label class="filter">
      <span class="sr-only">{label}</span>
      <select value={filters[k]} onChange={set(k)} aria-label={label}>
        <option value="">{label}</option>
        {options.map(([v, text]) => (
          <option key={v} value={String(v)}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const active = Object.values(filters).some(Boolean);
  return (
    <div class="page">
      <div class="filters">
        <input type="search" class="search" placeholder={ctx.t('webapp-search')} aria-label={ctx.t('webapp-search')} value={filters.q} onInput={set('q')} maxLength={100} />
        <div class="filter-row">
          {select('created_by', ctx.t('webapp-filter-member'), ctx.family.members.map((m) => [m.user_id, m.name]))}
          {select('wallet_id', ctx.t('webapp-filter-wallet'), [...ctx.wallets.values()].map((w) => [w.id, w.name]))}
          {select('category_id', ctx.t('webapp-filter-category'), [...ctx.categories.values()].map((c) => [c.id, `${c.emoji ?? ''} ${c.name}`.trim()]))}
          {select('kind', ctx.t('webapp-filter-kind'), ['expense', 'income', 'transfer'].map((k) => [k, ctx.t(`webapp-kind-${k}`)]))}
        </div>
        {active && (
          <button type="button" class="link" onClick={() => setFilters(EMPTY)}>
            {ctx.t('webapp-filter-clear')}
          </button>
        )}
      </div>
      {error !== null && <Problem ctx={ctx} error={error} />}
      <Section>
        {items.length === 0 && cursor !== undefined ? (
          <p class="empty">{ctx.t('webapp-history-empty')}</p>
        ) : (
          <ul class="list" aria-label={ctx.t('webapp-tab-history')}>
            {items.map((tx) => (
              <TxRow key={tx.id} ctx={ctx} tx={tx} {...(query.wallet_id ? { walletId: Number(query.wallet_id) } : {})} onOpen={() => ctx.openTx(tx)} />
            ))}
          </ul>
        )}
        <div ref={sentinel} class="muted center pad small" data-more={cursor ? 'yes' : 'no'}>
          {cursor === undefined || cursor ? ctx.t('webapp-loading') : items.length > 0 ? ctx.t('webapp-history-end') : ''}
        </div>
      </Section>
    </div>
  );
}
