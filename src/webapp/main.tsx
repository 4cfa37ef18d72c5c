// The Mini App: logs in with Telegram's signed initData, then shows the
// family's books in four tabs (overview, month, history, approvals) with
// Telegram's BackButton for going back and its MainButton for approving.
import type { JSX } from 'preact';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure, createApi, type Api } from './api.js';
import { errorText } from './components.js';
import { createT, pickLang, type Lang, type T } from './i18n.js';
import type { Category, Ctx, Me, Tx, TxPage, Wallet } from './model.js';
import { ApprovalsPage } from './pages/approvals.js';
import { HistoryPage } from './pages/history.js';
import { MonthPage } from './pages/month.js';
import { OverviewPage } from './pages/overview.js';
import { TransactionPage } from './pages/transaction.js';
import { telegram } from './telegram.js';
import { useLoad } from './use-load.js';
import './style.css';

type Tab = 'overview' | 'month' | 'history' | 'approvals';
const TABS: Array<{ id: Tab; icon: string }> = [
  { id: 'overview', icon: '👛' },
  { id: 'month', icon: '📊' },
  { id: 'history', icon: '📜' },
  { id: 'approvals', icon: '⏳' },
];

function App(props: { api: Api; me: Me; lang: Lang; t: T }): JSX.Element {
  const { api, me, lang, t } = props;
  const [familyId, setFamilyId] = useState(me.families[0]?.id);
  const [tab, setTab] = useState<Tab>('overview');
  const [detail, setDetail] = useState<Tx | null>(null);
  const [version, setVersion] = useState(0);
  const family = me.families.find((f) => f.id === familyId);

  const lookups = useLoad(async () => {
    if (!family) return { wallets: new Map<number, Wallet>(), categories: new Map<number, Category>() };
    const [w, c] = await Promise.all([
      api.get<{ wallets: Wallet[] }>('/wallets', { family_id: family.id }),
      api.get<{ categories: Category[] }>('/categories', { family_id: family.id }),
    ]);
    // Names the family got from the defaults (Cash, Groceries…) read in the reader's language; typed names stay as typed.
    const named = <X extends { name: string; name_key?: string | null }>(x: X): X => (x.name_key ? { ...x, name: t(x.name_key) === x.name_key ? x.name : t(x.name_key) } : x);
    return { wallets: new Map(w.wallets.map((x) => [x.id, named(x)])), categories: new Map(c.categories.map((x) => [x.id, named(x)])) };
  }, [family?.id, version]);

  // How many wait for approval, for the tab's badge: one page of up to 100, "100+" past it.
  const waiting = useLoad(
    () =>
      family
        ? api
            .get<TxPage>('/transactions', { family_id: family.id, status: 'pending_approval', limit: 100 })
            .then((p) => (p.transactions.length === 0 ? '' : `${p.transactions.length}${p.next_cursor ? '+' : ''}`))
        : Promise.resolve(''),
    [family?.id, version],
  );

  // Telegram's BackButton: from a transaction to its list, from any tab to the overview.
  useEffect(() => {
    if (detail) return telegram.back(() => setDetail(null));
    if (tab !== 'overview') return telegram.back(() => setTab('overview'));
    return undefined;
  }, [detail, tab]);

  const ctx = useMemo<Ctx | undefined>(
    () =>
      family && lookups.data
        ? {
            api,
            t,
            lang,
            me,
            family,
            wallets: lookups.data.wallets,
            categories: lookups.data.categories,
            version,
            changed: () => setVersion((v) => v + 1),
            openTx: (tx) => {
              telegram.select();
              setDetail(tx);
            },
          }
        : undefined,
    [family, lookups.data, version],
  );

  if (!family) return <Message text={t('webapp-no-family')} />;
  if (lookups.error) return <Message text={errorText({ t }, lookups.error)} />;
  if (!ctx) return <Message text={t('webapp-loading')} />;

  const choose = (next: Tab) => {
    telegram.select();
    setDetail(null);
    setTab(next);
  };
  return (
    <div class="app" data-tab={detail ? 'transaction' : tab}>
      <header class="top">
        {me.families.length > 1 ? (
          <select class="family-pick" aria-label={t('webapp-family')} value={String(family.id)} onChange={(e) => setFamilyId(Number((e.currentTarget as HTMLSelectElement).value))}>
            {me.families.map((f) => (
              <option key={f.id} value={String(f.id)}>
                {f.name}
              </option>
            ))}
          </select>
        ) : (
          <span class="family-name">{family.name}</span>
        )}
        <span class="muted small">{t(`role-${family.role}`)}</span>
      </header>
      <main>
        {detail ? (
          <TransactionPage key={detail.id} ctx={ctx} tx={detail} />
        ) : tab === 'overview' ? (
          <OverviewPage ctx={ctx} onPending={() => choose('approvals')} />
        ) : tab === 'month' ? (
          <MonthPage ctx={ctx} />
        ) : tab === 'history' ? (
          <HistoryPage ctx={ctx} />
        ) : (
          <ApprovalsPage ctx={ctx} />
        )}
      </main>
      <nav class="tabs" aria-label={t('webapp-tabs')}>
        {TABS.map((x) => (
          <button type="button" key={x.id} class={`tab${!detail && tab === x.id ? ' active' : ''}`} aria-current={!detail && tab === x.id ? 'page' : undefined} onClick={() => choose(x.id)}>
            <span class="tab-icon" aria-hidden="true">
              {x.icon}
            </span>
            {x.id === 'approvals' && waiting.data && <span class="tab-badge">{waiting.data}</span>}
            <span class="tab-label">{t(`webapp-tab-${x.id}`)}</span>
          </button>
        ))}
      </nav>
    </div>
  );
}

function Message(props: { text: string }): JSX.Element {
  return (
    <div class="message" role="alert">
      <div class="message-icon" aria-hidden="true">
        💸
      </div>
      <p>{props.text}</p>
    </div>
  );
}

async function boot(root: HTMLElement): Promise<void> {
  telegram.start();
  const first = pickLang(telegram.languageCode(), navigator.language);
  const t0 = createT(first);
  document.documentElement.lang = first;
  const initData = telegram.initData();
  if (!initData) {
    render(<Message text={t0('webapp-open-in-telegram')} />, root);
    return;
  }
  const api = createApi(initData);
  try {
    const session = await api.login();
    const me = await api.get<Me>('/miniapp/me');
    const lang = pickLang(session.locale, telegram.languageCode(), navigator.language);
    document.documentElement.lang = lang;
    render(<App api={api} me={me} lang={lang} t={lang === first ? t0 : createT(lang)} />, root);
  } catch (e) {
    const text = e instanceof ApiFailure && e.reason === 'unknown_telegram_user' ? t0('webapp-error-unknown-user') : errorText({ t: t0 }, e);
    render(<Message text={text} />, root);
  }
}

const root = document.getElementById('app');
if (root) void boot(root);
