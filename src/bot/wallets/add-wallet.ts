// Adding a wallet, one question at a time: name → kind → currency → the money
// in it now (its starting balance) → for a credit card, its limit (or no
// limit). The core creates the wallet and its opening balance in one call.
// Renaming is one question (shared/one-value.ts).
import { InlineKeyboard } from 'grammy';
import { can, createWallet, displayName, fieldOf, getFamily, getWallet, isDomainError, renameWallet, type WalletType } from '../../domain/index.js';
import type { BotContext, ConversationContext } from '../context.js';
import { money } from '../runtime/format.js';
import { errorText, notAllowedText } from '../shared/replies.js';
import { scopeInFamily } from '../runtime/guards.js';
import { readAmountAnswer } from '../shared/amount-answer.js';
import { beginInFamily, endOrAskAgain, saveInFamily } from '../shared/flow-steps.js';
import { ask, navRow, noticeBoard, type Convo } from '../shared/ask.js';
import { askOneValue, type Rows } from '../shared/one-value.js';
import { requestKeyOf } from '../shared/request-key.js';
import { walletListRows } from './wallets.js';
import { nextRow } from '../../presentation/keyboard.js';

export const ADD_WALLET_CONVERSATION = 'wallet-add';
export const RENAME_WALLET_CONVERSATION = 'wallet-rename';

/** The kinds offered; a credit card is a card that may go below zero. */
const KINDS = ['cash', 'bank', 'card', 'credit', 'savings'] as const;
type Kind = (typeof KINDS)[number];
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB'];
const P = 'wa';

type Setup = { ok: true; familyId: number; baseCurrency: string } | { ok: false; text: string };

/** The family the wallet is added to: `familyId` (the list's), else the active one; kept for the whole conversation. */
function setupOf(outer: BotContext, familyId: number | undefined): Setup {
  const scope = scopeInFamily(outer, familyId);
  if (!scope) return { ok: false, text: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
  if (!can(scope.role, 'manage_wallets')) return { ok: false, text: notAllowedText(outer, scope.role) };
  return { ok: true, familyId: scope.familyId, baseCurrency: getFamily(outer.app.deps, scope.userId, scope.familyId).baseCurrency };
}

/**
 * An amount typed in a currency, or the localized reason it is not one ("12 bus" too: a wallet has no note).
 * Only a credit card may start below zero (a debt, "-120"); a minus anywhere else is refused, never dropped.
 */
function readAmount(t: ConversationContext['t'], text: string, currency: string, allowNegative: boolean): { minor: number } | { error: string } {
  const read = readAmountAnswer(text, currency, { allowZero: true, allowNegative });
  return read.ok ? { minor: read.minor } : { error: t(read.error.key, read.error.vars) };
}

/** Adds a wallet to family `familyId` (the /wallets list's), or to the active family when none is given. */
export async function addWalletConversation(conversation: Convo, ctx: ConversationContext, familyId?: number): Promise<void> {
  const setup = await beginInFamily(conversation, ctx, (outer) => setupOf(outer, familyId));
  if (!setup) return;
  const workIn = setup.familyId;
  const t = ctx.t;
  let step: 'name' | 'kind' | 'currency' | 'balance' | 'limit' = 'name';
  let name = '';
  let kind: Kind = 'cash';
  let currency = setup.baseCurrency;
  let opening = 0;
  const notice = noticeBoard();
  for (;;) {
    let answer;
    if (step === 'name') {
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-wallet-ask-name')), keyboard: navRow(new InlineKeyboard(), t, P) });
      if (answer.type === 'text') {
        name = answer.text.trim().replace(/\s+/g, ' ');
        // The core judges the name when the wallet is created; an empty one is asked again now.
        if (!name) notice.set(t('errors-name'));
        else step = 'kind';
        continue;
      }
    } else if (step === 'kind') {
      const kb = new InlineKeyboard();
      KINDS.forEach((k, i) => {
        kb.text(t('manage-wallet-type', { type: k }), `${P}:k:${k}`);
        if (i % 2 === 1) nextRow(kb);
      });
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-wallet-ask-type', { name })), keyboard: navRow(kb, t, P, { back: true }) });
      if (answer.type === 'button' && answer.action === 'k' && (KINDS as readonly string[]).includes(answer.arg)) {
        kind = answer.arg as Kind;
        step = 'currency';
        continue;
      }
      if (answer.type === 'button' && answer.action === 'b') {
        step = 'name';
        continue;
      }
    } else if (step === 'currency') {
      const kb = new InlineKeyboard();
      for (const c of [...new Set([setup.baseCurrency, ...COMMON_CURRENCIES])]) kb.text(c, `${P}:c:${c}`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-wallet-ask-currency', { name })), keyboard: navRow(kb, t, P, { back: true }) });
      const picked = answer.type === 'button' && answer.action === 'c' ? answer.arg : answer.type === 'text' ? answer.text.trim().toUpperCase() : undefined;
      if (picked !== undefined) {
        if (/^[A-Z]{3}$/.test(picked)) {
          currency = picked;
          step = 'balance';
        } else notice.set(t('errors-currency'));
        continue;
      }
      if (answer.type === 'button' && answer.action === 'b') {
        step = 'kind';
        continue;
      }
    } else if (step === 'balance') {
      const question = kind === 'credit' ? 'manage-wallet-ask-balance-credit' : 'manage-wallet-ask-balance';
      answer = await ask(conversation, ctx, P, { text: notice.with(t(question, { name, currency })), keyboard: navRow(new InlineKeyboard(), t, P, { back: true, skip: true }) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmount(t, answer.text, currency, kind === 'credit');
        if ('error' in read) notice.set(read.error);
        else {
          opening = read.minor;
          if (kind === 'credit') step = 'limit';
          else if (await create()) return;
        }
        continue;
      }
      if (answer.type === 'button' && answer.action === 's') {
        opening = 0;
        if (kind === 'credit') step = 'limit';
        else if (await create()) return;
        continue;
      }
      if (answer.type === 'button' && answer.action === 'b') {
        step = 'currency';
        continue;
      }
    } else {
      const kb = new InlineKeyboard().text(t('manage-wallet-no-limit'), `${P}:n`);
      answer = await ask(conversation, ctx, P, { text: notice.with(t('manage-wallet-ask-limit', { name, currency })), keyboard: navRow(kb, t, P, { back: true }) }, { amountStep: true });
      if (answer.type === 'text') {
        const read = readAmount(t, answer.text, currency, false);
        if ('error' in read) notice.set(read.error);
        else if (await create(read.minor)) return;
        continue;
      }
      if (answer.type === 'button' && answer.action === 'n') {
        if (await create(null)) return;
        continue;
      }
      if (answer.type === 'button' && answer.action === 'b') {
        step = 'balance';
        continue;
      }
    }
    if (await endOrAskAgain(ctx, answer, notice)) return;
  }

  /** Creates the wallet; false (with the reason noted and the step to ask again set) when the core refuses. */
  async function create(creditLimit?: number | null): Promise<boolean> {
    const result = await saveInFamily(conversation, ctx, workIn, (outer, scope): { ok: true; text: string; keyboard: Rows } | { ok: false; field: string; text: string } => {
      const { userId: actor, familyId } = scope;
      try {
        const type: WalletType = kind === 'credit' ? 'card' : kind;
        const wallet = createWallet(outer.app.deps, actor, {
          familyId,
          name,
          type,
          currency,
          openingBalanceMinor: opening,
          origin: outer.chat ? `chat:${outer.chat.id}` : null,
          requestKey: requestKeyOf(outer),
          ...(kind === 'credit' ? (creditLimit === null || creditLimit === undefined ? { allowNegative: true } : { creditLimitMinor: creditLimit }) : {}),
        });
        const list = walletListRows(outer, scope);
        const created = outer.t('manage-wallet-created', { name: wallet.name, currency: wallet.currency });
        const balance = outer.t('manage-wallets-line', { name: wallet.name, balance: money(outer, getWallet(outer.app.deps, actor, familyId, wallet.id).balanceMinor, wallet.currency) });
        return { ok: true, text: `${created}\n${balance}\n\n${list.text}`, keyboard: list.rows };
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return { ok: false, field: fieldOf(e), text: errorText(outer, e) };
      }
    });
    // No longer in the family: nothing is left to ask.
    if (result === null) return true;
    if (result.ok) {
      await ctx.reply(result.text, { reply_markup: { inline_keyboard: result.keyboard } });
      return true;
    }
    notice.set(result.text);
    step = result.field === 'name' ? 'name' : result.field === 'currency' ? 'currency' : step;
    return false;
  }
}

/** Renames a wallet of family `familyId` (its card's), or of the active family when none is given. */
export async function renameWalletConversation(conversation: Convo, ctx: ConversationContext, walletId: number, familyId?: number): Promise<void> {
  await askOneValue(conversation, ctx, {
    prefix: 'wr',
    question(outer) {
      const scope = scopeInFamily(outer, familyId);
      if (!scope) return { refused: outer.t(familyId === undefined ? 'start-no-family' : 'manage-stale-button') };
      if (!can(scope.role, 'manage_wallets')) return { refused: notAllowedText(outer, scope.role) };
      return { prompt: outer.t('manage-wallet-ask-rename', { name: displayName(getWallet(outer.app.deps, scope.userId, scope.familyId, walletId), outer.app.locale) }), familyId: scope.familyId };
    },
    apply(outer, value) {
      const scope = scopeInFamily(outer, familyId);
      if (!scope) return { ok: false, final: true, text: outer.t(familyId === undefined ? 'start-no-family' : 'conv-not-in-family') };
      const wallet = renameWallet(outer.app.deps, scope.userId, { familyId: scope.familyId, walletId, name: value });
      return { ok: true, text: outer.t('manage-wallet-renamed', { name: wallet.name }) };
    },
  });
}
