// The program behind the entry point (main.ts): `[all|api|bot|worker|migrate|backup]`
// (or APP_ROLE), plus two commands: `restore FILE` and `healthcheck [role]`.
// Loads config, opens and checks the database, applies migrations, then starts
// the parts the role asks for and stops them in reverse on a signal.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig, type AppRole, type Config } from './config.js';
import { createLogger } from './logger.js';
import { backupDatabase, BackupError } from './db/backup.js';
import { backupFileName } from './jobs/backups.js';
import { START_LOCK_WAIT_MS } from './db/connection.js';
import { DatabaseStartError, openCheckedDatabase } from './db/preflight.js';
import { restoreDatabase, RestoreError, secretsAdvice } from './db/restore.js';
import { checkHealth } from './runtime/healthcheck.js';
import { TelegramTokenError, TelegramWebhookError } from './runtime/telegram-start.js';
import { UnpackError } from './runtime/unpack.js';
import { readSecretLine } from './runtime/passphrase-prompt.js';
import { ListenError, startParts, type RunningPart } from './app.js';
import { releaseYoungGeneration } from './runtime/young-generation.js';
import { limitHeapGrowth } from './runtime/heap-growth.js';

function configOrExit(role: string | undefined, options: { createSecrets?: boolean; databaseFolderMayBeMissing?: boolean } = {}): Config {
  try {
    return loadConfig(role ? { role, ...options } : options);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n\nSee .env.example for every variable.\n`);
      process.exit(78);
    }
    throw e;
  }
}

/** How `restore` was called cannot work (a missing argument, no passphrase for an encrypted file): exit 64, one sentence. */
class UsageError extends Error {
  override name = 'UsageError';
}

const PASSPHRASE_HOW = 'Give it as one line on stdin (type it when asked, or `finance-bot restore FILE < passphrase.txt`) or with --passphrase-file FILE. Nothing was changed.';

/**
 * The passphrase of an encrypted backup: --passphrase-file FILE, else one line from stdin (a
 * terminal: prompted on stderr, not echoed; a pipe: waited for RESTORE_PASSPHRASE_TIMEOUT_SECONDS).
 * None at all (stdin empty or closed, as from a script or `< /dev/null`; an empty file) is a
 * usage error, not a wrong passphrase: no backup is ever encrypted with an empty one.
 */
async function readPassphrase(args: string[], file: string, timeoutS: number): Promise<string> {
  const i = args.indexOf('--passphrase-file');
  if (i >= 0) {
    const path = args[i + 1]!;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`${file} is encrypted and the passphrase file ${path} cannot be read (${(err as Error).message}). ${PASSPHRASE_HOW}`);
    }
    const passphrase = text.replace(/\r?\n$/, '');
    if (!passphrase) throw new UsageError(`${file} is encrypted and the passphrase file ${path} is empty. ${PASSPHRASE_HOW}`);
    return passphrase;
  }
  const got = await readSecretLine({ input: process.stdin, prompt: 'The backup is encrypted. Passphrase: ', promptTo: process.stderr, timeoutMs: timeoutS * 1000 });
  if (got.kind === 'interrupted') throw new UsageError(`${file} is encrypted and no passphrase was given (interrupted). ${PASSPHRASE_HOW}`);
  if (got.kind === 'timeout') {
    throw new UsageError(
      `${file} is encrypted and no passphrase was given (stdin sent no line within ${timeoutS} s; RESTORE_PASSPHRASE_TIMEOUT_SECONDS). ${PASSPHRASE_HOW}`,
    );
  }
  if (!got.line) throw new UsageError(`${file} is encrypted and no passphrase was given (stdin was empty). ${PASSPHRASE_HOW}`);
  return got.line;
}

async function restoreCommand(args: string[]): Promise<number> {
  const usage = 'Usage: finance-bot restore FILE [--passphrase-file FILE]';
  const i = args.indexOf('--passphrase-file');
  // `--passphrase-file` with nothing after it read stdin instead, and an unknown option (`--passphrase x`) took its value for the FILE.
  if (i >= 0 && (args[i + 1] === undefined || args[i + 1]!.startsWith('--'))) {
    process.stderr.write(`finance-bot: --passphrase-file needs a file name.\n${usage}\n`);
    return 64;
  }
  const unknown = args.find((a) => a.startsWith('--') && a !== '--passphrase-file');
  if (unknown) {
    process.stderr.write(`finance-bot: unknown option ${unknown}.\n${usage}\n`);
    return 64;
  }
  const file = args.find((a, j) => !a.startsWith('--') && args[j - 1] !== '--passphrase-file');
  if (!file) {
    process.stderr.write(`${usage}\n`);
    return 64;
  }
  // Nothing is written before the backup is checked and in place: a missing or wrong file leaves no
  // development secrets (nor their folder) behind.
  // A new machine's database folder is made by the restore itself (and removed again if it fails).
  const config = configOrExit(undefined, { createSecrets: false, databaseFolderMayBeMissing: true });
  let r: Awaited<ReturnType<typeof restoreDatabase>>;
  try {
    r = await restoreDatabase({ file, dbPath: config.database.path, passphrase: () => readPassphrase(args, file, config.restore.passphraseTimeoutS) });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`finance-bot: ${err.message}\n`);
    return 64;
  }
  // Restored: the secrets the app will start with (made now if missing, as its first start would).
  const started = configOrExit(undefined);
  process.stdout.write(
    [
      `Restored ${r.from} into ${r.restored}.`,
      r.aside ? `The previous database is kept as ${r.aside} (delete it once you are satisfied).` : 'There was no database before.',
      'Start finance-bot as usual: it applies any newer migrations.',
      secretsAdvice({ dbPath: config.database.path, secrets: started.secrets }),
      '',
    ].join('\n'),
  );
  return 0;
}

/**
 * Where `backup [TARGET]` writes: an existing folder gets the scheduled backup's name
 * (finance-YYYY-MM-DD.db) inside it; a file path is taken as it is, but its folder
 * must exist (a typo must not grow a new tree of folders); none, beside the database.
 */
export function backupTarget(arg: string | undefined, dbPath: string, at: number): string {
  if (arg === undefined) return `${dbPath}.backup-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
  const kind = (path: string) => statSync(path, { throwIfNoEntry: false });
  if (kind(arg)?.isDirectory()) return join(arg, backupFileName(at));
  // "backups/" names a folder even when it is missing.
  const folder = /[\\/]$/.test(arg) ? resolve(arg) : dirname(resolve(arg));
  const found = kind(folder);
  if (!found) throw new BackupError(`cannot write the backup to ${arg}: the folder ${folder} does not exist (create it, or give an existing folder)`);
  if (!found.isDirectory()) throw new BackupError(`cannot write the backup to ${arg}: ${folder} is a file, not a folder`);
  return resolve(arg);
}

async function healthcheckCommand(role: string | undefined): Promise<number> {
  // It signs nothing: a health probe never writes the development secrets (nor their folder).
  const config = configOrExit(undefined, { createSecrets: false });
  const report = await checkHealth(config, role);
  (report.healthy ? process.stdout : process.stderr).write(`${report.message}\n`);
  return report.healthy ? 0 : 1;
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (arg === 'restore') process.exit(await restoreCommand(process.argv.slice(3)));
  if (arg === 'healthcheck') process.exit(await healthcheckCommand(process.argv[3]));
  const config = configOrExit(arg);
  const log = createLogger({ level: config.logLevel });
  const role: AppRole = config.role;
  // Checked before the database is opened: a wrong target changes nothing.
  const backupTo = role === 'backup' ? backupTarget(process.argv[3], config.database.path, Date.now()) : undefined;
  // A backup reads an existing database: a wrong DATABASE_PATH must not yield a new, empty one and a "successful" empty backup.
  const conn = openCheckedDatabase(config.database.path, {
    synchronous: config.database.synchronous,
    existing: role === 'backup',
    lockWait: {
      onWait: () =>
        log.warn(
          { database: config.database.path },
          `the database is locked by another process (another role applying migrations, a restore, or a tool such as sqlite3 with a write transaction open); waiting for it, up to ${START_LOCK_WAIT_MS / 60_000} minutes`,
        ),
    },
  });
  log.info({ role, database: config.database.path, version: config.version }, 'database ready');

  if (role === 'migrate') {
    conn.close();
    log.info('migrations applied');
    return;
  }
  if (role === 'backup') {
    const result = backupDatabase(conn.sqlite, backupTo ?? backupTarget(undefined, config.database.path, Date.now()));
    conn.close();
    log.info({ target: result.path, bytes: result.bytes, ms: result.ms }, 'backup written');
    return;
  }

  // Filled by the start as each part begins: a stop signal during the start (Telegram not reachable
  // yet, retrying for up to a minute at a time) stops the parts already running, gracefully.
  const parts: RunningPart[] = [];
  const startStop = new AbortController();
  let starting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  // `fatal`: a part ended for good while running (Telegram refused the bot): stop the same way, then
  // say why in one sentence and exit non-zero, so a supervisor shows it instead of a process without a bot.
  const stop = async (signal: string, fatal?: Error) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // The start in progress, if any, starts nothing more and ends (its Telegram wait at once).
    startStop.abort();
    await starting.catch(() => undefined);
    // Reverse order: stop taking new work first, then the workers, then the database.
    for (const part of [...parts].reverse()) {
      try {
        log.debug({ part: part.name }, 'stopping');
        await part.stop();
        log.debug({ part: part.name }, 'stopped');
      } catch (err) {
        log.error({ err, part: part.name }, 'error while stopping');
      }
    }
    conn.close();
    log.info('stopped');
    if (fatal) {
      process.stderr.write(`finance-bot: ${fatal.message}\n`);
      process.exit(fatal instanceof TelegramTokenError ? 78 : 1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  starting = startParts({ config, log, conn, role, parts, signal: startStop.signal, onFatal: (err) => void stop('fatal', err) });
  try {
    await starting;
  } catch (err) {
    // Called off by a stop signal: stop() is shutting down what started.
    if (stopping) return;
    throw err;
  }
  if (stopping) return;
  releaseYoungGeneration();
  limitHeapGrowth();
  log.info({ role, parts: parts.map((p) => p.name) }, 'finance-bot started');
}

/** Runs the command line; exits the process on a problem a person must fix. */
export function run(): void {
  main().catch(exitOnStartError);
}

function exitOnStartError(err: unknown): void {
  // Problems a person must fix get one sentence; anything else keeps its stack for a bug report.
  if (err instanceof DatabaseStartError) {
    // 78 for a file or place to fix (a wrong DATABASE_PATH is a configuration error, as configOrExit's), 1 when it may pass.
    process.stderr.write(`finance-bot: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  if (
    err instanceof RestoreError ||
    err instanceof BackupError ||
    err instanceof TelegramTokenError ||
    err instanceof TelegramWebhookError ||
    err instanceof UnpackError ||
    err instanceof ListenError
  ) {
    process.stderr.write(`finance-bot: ${err.message}\n`);
    process.exit(err instanceof RestoreError ? 2 : err instanceof TelegramTokenError || err instanceof TelegramWebhookError ? 78 : 1);
  }
  process.stderr.write(`finance-bot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
