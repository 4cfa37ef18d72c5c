// The setup shared by the ledger test files: a fresh database and a USD family
// per test, and after each test the check that the books still balance.
import { afterEach, beforeEach, expect } from 'vitest';
import { createTransaction, listCategories, type CoreDeps, type CreateTransactionInput } from '../../../src/domain/index.js';
import { makeFamily, type FamilyFixture } from '../../support/builders.js';
import { createTestDb, type TestDb } from '../../support/db.js';
import { ledgerViolations } from './inspect.js';

export type LedgerState = { t: TestDb; deps: CoreDeps; f: FamilyFixture };

export const USD = (major: number) => Math.round(major * 100);

/** Registers the hooks; `use` receives each test's fresh state. Returns helpers bound to the current state. */
export function useLedgerFixture(use: (state: LedgerState) => void) {
  let s: LedgerState;
  beforeEach(() => {
    const t = createTestDb();
    s = { t, deps: t.deps, f: makeFamily(t.deps) };
    use(s);
  });
  afterEach(() => {
    // Whatever a test did, the books must still balance.
    expect(ledgerViolations(s.deps)).toEqual([]);
    s.t.cleanup();
  });
  return {
    expense(actor: number, amountMinor: number, extra: Partial<CreateTransactionInput> = {}) {
      return createTransaction(s.deps, actor, { familyId: s.f.familyId, fromWalletId: s.f.cashId, amountMinor, categoryId: s.f.expenseCategoryId, ...extra });
    },
    categoryNamed(name: string): number {
      const c = listCategories(s.deps, s.f.owner, s.f.familyId).find((x) => x.name === name);
      if (!c) throw new Error(`no category ${name}`);
      return c.id;
    },
  };
}
