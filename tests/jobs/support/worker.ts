// A jobs process for the tests: `node --import tsx tests/jobs/support/worker.ts`
// with DATABASE_PATH, BOT_TOKEN, TELEGRAM_API_ROOT and optionally REDIS_URL in
// the environment. It prints one line per event on stdout (READY, JOB <id>,
// DELIVERED <id> <recipient>, AFTER <id> <outcome>, HANG, STOPPED) so a test
// can wait for the exact moment it wants to crash it.
//
// Test-only knobs (environment):
//   JOBS_ROLE                  worker (default) | all | api | bot
//   JOBS_HANG_AFTER_DELIVERIES after this many recorded deliveries, print HANG and
//                              never finish the job (the test then kill -9s us)
//   JOBS_LEASE_MS, JOBS_POLL_MS, JOBS_REDIS_PREFIX, JOBS_SCHEDULER_MS, JOBS_FAN_OUT
import pino from 'pino';
import { loadConfig } from '../../../src/config.js';
import { openDatabase } from '../../../src/db/connection.js';
import { startJobs, type JobsRole } from '../../../src/jobs/index.js';
import { createLogger } from '../../../src/logger.js';

const env = process.env;
const say = (line: string) => process.stdout.write(`${line}\n`);
const num = (name: string): number | undefined => (env[name] ? Number(env[name]) : undefined);

const config = loadConfig({ dotenvPath: false, env });
const log = createLogger({ level: config.logLevel, destination: pino.destination({ dest: 2, sync: true }) });
const conn = openDatabase(config.database.path, { synchronous: config.database.synchronous });
const deps = { db: conn.db, clock: Date.now };

const hangAfter = num('JOBS_HANG_AFTER_DELIVERIES');
let delivered = 0;
const tuning = Object.fromEntries(
  Object.entries({
    leaseMs: num('JOBS_LEASE_MS'),
    pollMs: num('JOBS_POLL_MS'),
    schedulerEveryMs: num('JOBS_SCHEDULER_MS'),
    redisPrefix: env['JOBS_REDIS_PREFIX'],
    fanOut: num('JOBS_FAN_OUT'),
    backoffBaseMs: 200,
  }).filter(([, v]) => v !== undefined),
);

const jobs = await startJobs({
  deps,
  config,
  log,
  role: (env['JOBS_ROLE'] ?? 'worker') as JobsRole,
  tuning,
  hooks: {
    beforeJob: (id) => say(`JOB ${id}`),
    afterJob: (id, outcome) => say(`AFTER ${id} ${outcome}`),
    afterDelivery: async (id, recipient) => {
      say(`DELIVERED ${id} ${recipient}`);
      if (hangAfter !== undefined && ++delivered >= hangAfter) {
        say('HANG');
        await new Promise(() => {});
      }
    },
  },
});
say('READY');

process.on('SIGTERM', () => {
  void jobs.stop().then(() => {
    conn.close();
    say('STOPPED');
    process.exit(0);
  });
});
