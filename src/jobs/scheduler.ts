// Scheduled work: recurring rules, approval reminders and the pinned summaries' new day. All are safe to run
// from several processes at once (idempotency keys and conditional updates in
// the core), so the in-process interval needs no leader election; in Redis mode
// a BullMQ job scheduler triggers the same function on one worker per tick.
import type { Config } from '../config.js';
import { runDueRecurring, remindPendingApprovals } from '../domain/recurring/index.js';
import type { CoreDeps } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { createPoller, type Poller } from './poller.js';
import { pruneOperationalData } from '../domain/maintenance/retention.js';
import { queueSummaryDays } from '../domain/groups/summary-day.js';
import type { BackupSchedule } from './backups.js';

export type ScheduledWorkResult = { recurringCreated: number; recurringStopped: number; recurringFailed: number; reminded: number; summaries: number; backupFailed: boolean };

export function runScheduledWork(deps: CoreDeps, config: Config, log: Logger, backups?: BackupSchedule): ScheduledWorkResult {
  const now = deps.clock();
  // The daily backup first: it copies one snapshot, so later writes of this pass never delay it.
  const backup = backups?.tick(now);
  const recurring = runDueRecurring(deps, now);
  for (const f of recurring.failed) log.warn({ ruleId: f.ruleId, date: f.date, code: f.code }, 'recurring occurrence not created yet; retried on the next run');
  for (const s of recurring.stopped) log.warn({ ruleId: s.ruleId, date: s.date, code: s.code }, 'recurring rule stopped: its occurrence can never be created');
  const reminded = remindPendingApprovals(deps, { olderThanMs: config.approvalReminderHours * 3_600_000, now });
  // Past a family's midnight its group's pinned summary names yesterday: one refresh per group and day.
  const summaries = queueSummaryDays(deps, now);
  const pruned = pruneOperationalData(deps, now);
  if (Object.values(pruned).some((n) => n > 0)) log.info(pruned, 'old operational rows pruned');
  const result = {
    recurringCreated: recurring.created.length,
    recurringStopped: recurring.stopped.length,
    recurringFailed: recurring.failed.length,
    reminded: reminded.length,
    summaries,
    backupFailed: backup === 'failed',
  };
  if (result.recurringCreated || result.reminded || result.recurringStopped) log.info(result, 'scheduled work done');
  return result;
}

/** Runs the scheduled work now and every `everyMs`, calling `onWork` when it wrote outbox rows. */
export function startIntervalScheduler(o: { deps: CoreDeps; config: Config; log: Logger; everyMs: number; onWork: () => void; backups?: BackupSchedule }): Poller {
  const poller = createPoller('scheduler', o.everyMs, o.log, async () => {
    const r = runScheduledWork(o.deps, o.config, o.log, o.backups);
    if (r.recurringCreated || r.reminded || r.summaries || r.backupFailed) o.onWork();
  });
  poller.start();
  return poller;
}
