// What the page reads from the API (the REST views, snake_case as served) and
// the context every page receives.
import type { Api } from './api.js';
import type { Lang, T } from './i18n.js';

export type Member = { user_id: number; name: string; role: string };
export type Family = {
  id: number;
  name: string;
  base_currency: string;
  timezone: string;
  role: 'owner' | 'admin' | 'member' | 'viewer';
  can_approve: boolean;
  can_create: boolean;
  members: Member[];
};
export type Me = { user_id: number; name: string; locale: string | null; families: Family[] };
export type Wallet = { id: number; name: string; name_key?: string | null; balance: string; type: string; currency: string };
export type Category = { id: number; name: string; name_key?: string | null; kind: string; emoji: string | null };
export type Tx = {
  id: number;
  kind: string;
  status: string;
  amount: string;
  currency: string;
  to_amount: string | null;
  to_currency: string | null;
  from_wallet_id: number | null;
  to_wallet_id: number | null;
  category_id: number | null;
  description: string | null;
  created_by: number;
  approved_by: number | null;
  reason: string | null;
  /** Set on the entry that undoes another: its money moves the other way (from_wallet_id gains, to_wallet_id loses). */
  reversal_of: number | null;
  created_at: string;
  /** When it counts (reports, budgets); null while it waits for approval. */
  executed_at: string | null;
};
export type TxPage = { transactions: Tx[]; next_cursor: string | null };

/** Everything a page needs: the API, words, the family and its lookups, and a way to say "the books changed". */
export type Ctx = {
  api: Api;
  t: T;
  lang: Lang;
  me: Me;
  family: Family;
  wallets: Map<number, Wallet>;
  categories: Map<number, Category>;
  /** Bumped after a decision, so every page reloads what it shows. */
  version: number;
  changed(): void;
  openTx(tx: Tx): void;
};

export const memberName = (ctx: Ctx, id: number | null): string => ctx.family.members.find((m) => m.user_id === id)?.name ?? '—';
