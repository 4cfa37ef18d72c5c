// A family's books with every kind of balance movement the ledger makes, each
// step at its own moment of the test clock: an income, an expense, transfers in
// one currency and across two (to_amount_minor), opening balances in and out (a
// card's debt), adjustments up and down, a member's requests approved (later
// than asked), rejected and withdrawn, reversals of an expense, of a
// cross-currency transfer and of an approved entry, corrections of an executed
// and of a waiting entry. Used by the postings migration's test (0021): the
// same steps on the same fresh database give the same ids and moments, so the
// postings the code before 0021 wrote (fixtures/postings-0020.json) can be
// compared with what the view derives.
import {
  adjustWalletBalance,
  approveTransaction,
  correctTransaction,
  createTransaction,
  createWallet,
  rejectTransaction,
  reverseTransaction,
  setApprovalThreshold,
  withdrawTransaction,
} from '../../../src/domain/index.js';
import type { TestDb } from '../../support/db.js';
import { fund, makeFamily } from '../../support/builders.js';

export function recordEveryMovement(t: TestDb): { familyId: number } {
  const { deps, clock } = t;
  const step = () => clock.advance(60_000);
  const f = makeFamily(deps);
  step();
  setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor: 1_000 });
  step();
  fund(deps, f, f.cashId, 100_000); // income
  step();
  const eur = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Euro', type: 'bank', currency: 'EUR', openingBalanceMinor: 5_000 }).id; // opening balance in
  step();
  const card = createWallet(deps, f.owner, { familyId: f.familyId, name: 'Card', type: 'card', currency: 'USD', creditLimitMinor: 50_000, openingBalanceMinor: -2_000 }).id; // a card's debt
  step();
  const expense = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 700, categoryId: f.expenseCategoryId }).transaction.id;
  step();
  createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: card, amountMinor: 3_000 }); // transfer, one currency
  step();
  const fx = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: f.cashId, toWalletId: eur, amountMinor: 1_100, toAmountMinor: 1_000 }).transaction.id;
  step();
  createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: eur, toWalletId: f.cashId, amountMinor: 500, toAmountMinor: 540 }); // and back
  step();
  adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: f.cashId, balanceMinor: 95_000 }); // adjustment down
  step();
  adjustWalletBalance(deps, f.owner, { familyId: f.familyId, walletId: eur, balanceMinor: 6_000 }); // adjustment up
  step();
  const asked = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 4_000, categoryId: f.expenseCategoryId }).transaction.id;
  const rejected = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 4_100, categoryId: f.expenseCategoryId }).transaction.id;
  const withdrawn = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 4_200, categoryId: f.expenseCategoryId }).transaction.id;
  const waiting = createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 4_300, categoryId: f.expenseCategoryId }).transaction.id;
  step();
  approveTransaction(deps, f.owner, asked); // executed later than asked
  step();
  rejectTransaction(deps, f.owner, rejected, 'no');
  step();
  withdrawTransaction(deps, f.members.member, withdrawn);
  step();
  correctTransaction(deps, f.members.member, { transactionId: waiting, amountMinor: 4_400 }); // a waiting entry: withdrawn, a new request
  step();
  reverseTransaction(deps, f.owner, { transactionId: expense, reason: 'twice' });
  step();
  reverseTransaction(deps, f.owner, { transactionId: fx, reason: 'wrong rate' });
  step();
  reverseTransaction(deps, f.owner, { transactionId: asked, reason: 'refunded' });
  step();
  const toCorrect = createTransaction(deps, f.owner, { familyId: f.familyId, fromWalletId: card, amountMinor: 900, categoryId: f.expenseCategoryId }).transaction.id;
  step();
  correctTransaction(deps, f.owner, { transactionId: toCorrect, amountMinor: 950, walletId: f.cashId }); // reversal plus a corrected copy
  step();
  createTransaction(deps, f.owner, { familyId: f.familyId, toWalletId: card, amountMinor: 1_200, categoryId: f.incomeCategoryId }); // income into a card
  return { familyId: f.familyId };
}
