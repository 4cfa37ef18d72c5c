// Entry point: `node dist/main.js [all|api|bot|worker|migrate|backup]`
// (or APP_ROLE). Loads config, opens the database, applies migrations, then
// starts the parts the role asks for and stops them in reverse on a signal.
import { ConfigError, loadConfig, type AppRole } from './config.js';
import { createLogger } from './logger.js';
import { openDatabase } from './db/connection.js';
import { runMigrations } from './db/migrate.js';
import { backupDatabase } from './db/backup.js';
import { startParts, type RunningPart } from './app.js';

async function main(): Promise<void> {
  const argRole = process.argv[2];
  let config;
  try {
    config = loadConfig(argRole ? { role: argRole } : {});
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n\nSee .env.example for every variable.\n`);
      process.exit(78);
    }
    throw e;
  }
  const log = createLogger({ level: config.logLevel });
  const role: AppRole = config.role;
  const conn = openDatabase(config.database.path, { synchronous: config.database.synchronous });
  runMigrations(conn.db);
  log.info({ role, database: config.database.path, version: config.version }, 'database ready');

  if (role === 'migrate') {
    conn.close();
    log.info('migrations applied');
    return;
  }
  if (role === 'backup') {
    const target = process.argv[3] ?? `${config.database.path}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await backupDatabase(conn.sqlite, target);
    conn.close();
    log.info({ target }, 'backup written');
    return;
  }

  let parts: RunningPart[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
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
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  parts = await startParts({ config, log, conn, role });
  log.info({ role, parts: parts.map((p) => p.name) }, 'finance-bot started');
}

main().catch((err: unknown) => {
  process.stderr.write(`finance-bot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
