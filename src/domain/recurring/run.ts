// Turning due recurring rules into transactions. Each rule's run is one
// IMMEDIATE transaction: every due occurrence (a savepoint each) creates its
// ledger entry (through the normal createTransaction path, as the rule's
// creator, so approval rules apply) and moves next_date on, and one outbox row
// tells of all the run recorded — together or not at all.
// The idempotency key `recurring:<ruleId>:<date>` makes a second run (another
// process, a retry after a crash) return the existing entry instead of a copy.
import { and, asc, eq, lte } from 'drizzle-orm';
import { families, recurringRules } from '../../db/schema.js';
import { writeTx, type CoreDeps, type Tx } from '../deps.js';
import { isDomainError, reasonOf, type DomainError } from '../errors.js';
import { createTransactionIn, type TransactionStatus } from '../ledger/create-transaction.js';
import { enqueueOutbox, type RecurringStopCause } from '../outbox/outbox.js';
import { addDays, localDate, nextOccurrence, occurrenceMoment } from './dates.js';
import { stopRule, type RecurringRule } from './rules.js';
import { noticeUnpaid, occurrenceEntry } from './unpaid.js';

export type RecurringRunResult = {
  created: Array<{ ruleId: number; date: string; transactionId: number; status: TransactionStatus }>;
  /** Rules stopped because an occurrence can never be created (creator gone or no longer allowed, wallet archived…). */
  stopped: Array<{ ruleId: number; date: string; code: string }>;
  /** Occurrences that failed for now (not enough money); retried on the next run. */
  failed: Array<{ ruleId: number; date: string; code: string; message: string }>;
};

/** A daily rule after years of downtime catches up over several runs rather than in one long burst. */
const MAX_OCCURRENCES_PER_RULE_PER_RUN = 400;


export function runDueRecurring(deps: CoreDeps, now: number = deps.clock()): RecurringRunResult {
  const result: RecurringRunResult = { created: [], stopped: [], failed: [] };
  // No time zone is more than a day ahead of UTC: this bound finds every candidate.
  const horizon = addDays(localDate(now, 'UTC'), 1);
  const due = deps.db
    .select({ rule: recurringRules, tz: families.timezone })
    .from(recurringRules)
    .innerJoin(families, eq(families.id, recurringRules.familyId))
    .where(and(eq(recurringRules.active, true), lte(recurringRules.nextDate, horizon)))
    .orderBy(asc(recurringRules.nextDate), asc(recurringRules.id))
    .all();
  for (const { rule, tz } of due) {
    const today = localDate(now, tz);
    if (rule.nextDate > today) continue;
    // One transaction per rule and run: its occurrences (each in a savepoint, so one that cannot be
    // recorded leaves those before it), what stopped them, and one notice for all it recorded (a rule
    // missed for ten days is one message, not ten), together or not at all.
    const run = writeTx(deps, (tx) => catchUp(tx, now, rule, tz, today));
    result.created.push(...run.created);
    if (run.stopped) result.stopped.push(run.stopped);
    if (run.failed) result.failed.push(run.failed);
  }
  return result;
}

type RuleRun = { created: RecurringRunResult['created']; stopped?: RecurringRunResult['stopped'][number]; failed?: RecurringRunResult['failed'][number] };

function catchUp(tx: Tx, now: number, rule: RecurringRule, tz: string, today: string): RuleRun {
  const run: RuleRun = { created: [] };
  let date = rule.nextDate;
  for (let n = 0; date <= today && n < MAX_OCCURRENCES_PER_RULE_PER_RUN; n++) {
    try {
      const at = date;
      const step = tx.transaction((sp) => createOccurrence(sp, now, rule.id, at, tz));
      // Another process moved the rule on (or stopped it) meanwhile: it owns this run.
      if (!step) break;
      if (step.created) run.created.push({ ruleId: rule.id, date, transactionId: step.transactionId, status: step.status });
      date = step.nextDate;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'insufficient_funds') {
        run.failed = { ruleId: rule.id, date, code: err.code, message: err.message };
        // Retried on every run; the creator hears about it once per date, with what could pay instead.
        const funds = reasonOf(err, 'insufficient_funds');
        if (funds) noticeUnpaid(tx, now, rule.id, date, funds);
      } else {
        // Forbidden / not_found (the creator left or became a viewer), validation
        // (archived wallet or category): retrying cannot help, so the rule stops
        // and the audit log says why.
        // Nobody would otherwise know: the rent is simply no longer recorded. The creator and the managers hear why, once.
        if (stopRule(tx, rule.id, { actorId: null, at: now, reason: err.code, details: { date, message: err.message } })) {
          enqueueOutbox(tx, { topic: 'recurring.stopped', payload: { ruleId: rule.id, familyId: rule.familyId, date, cause: stopCause(err) } }, now);
        }
        run.stopped = { ruleId: rule.id, date, code: err.code };
      }
      break;
    }
  }
  const ids = run.created.map((c) => c.transactionId);
  const last = ids.at(-1);
  if (last !== undefined) {
    enqueueOutbox(tx, { topic: 'recurring.created', payload: { transactionId: last, familyId: rule.familyId, ruleId: rule.id, ...(ids.length > 1 ? { transactionIds: ids } : {}) } }, now);
  }
  return run;
}

/** Why an occurrence can never be recorded: an archived wallet or category, or a creator who may no longer record entries (left, removed, a viewer now). */
function stopCause(err: DomainError): RecurringStopCause {
  const archived = reasonOf(err, 'archived');
  if (archived) return archived.entity === 'wallet' ? 'wallet_archived' : 'category_archived';
  if (err.code === 'forbidden' || (err.code === 'not_found' && reasonOf(err, 'missing') === undefined)) return 'creator';
  return 'other';
}

type Step = { nextDate: string; transactionId: number; status: TransactionStatus; created: boolean };

function createOccurrence(tx: Tx, at: number, ruleId: number, date: string, timeZone: string): Step | undefined {
  const rule: RecurringRule | undefined = tx
    .select()
    .from(recurringRules)
    .where(and(eq(recurringRules.id, ruleId), eq(recurringRules.active, true), eq(recurringRules.nextDate, date)))
    .get();
  if (!rule) return undefined;
  const entry = { ...occurrenceEntry(rule, rule.walletId, date), origin: 'job:recurring' };
  const { transaction, created } = createTransactionIn(tx, at, rule.createdBy, entry, { executedAt: occurrenceMoment(date, at, timeZone) });
  const nextDate = nextOccurrence(date, rule.frequency, rule.startDate);
  tx.update(recurringRules)
    .set({ nextDate })
    .where(and(eq(recurringRules.id, rule.id), eq(recurringRules.nextDate, date)))
    .run();
  return { nextDate, transactionId: transaction.id, status: transaction.status, created };
}
