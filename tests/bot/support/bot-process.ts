// The bot as its own process, for restart and kill -9 tests:
//   node --import tsx tests/bot/support/bot-process.ts
// Reads the usual env (BOT_TOKEN, TELEGRAM_API_ROOT, DATABASE_PATH…), prints
// "ready" once polling, and on SIGTERM stops gracefully (waits for updates in
// flight), closes the database and exits 0 — what src/main.ts does.
import { loadConfig } from '../../../src/config.js';
import { createBot } from '../../../src/bot/index.js';
import { openDatabase } from '../../../src/db/connection.js';
import { runMigrations } from '../../../src/db/migrate.js';
import { createLogger } from '../../../src/logger.js';

const config = loadConfig({ env: process.env, dotenvPath: false });
const log = createLogger({ level: process.env['BOT_PROCESS_LOG'] ?? 'silent', destination: process.stderr });
const conn = openDatabase(config.database.path, { synchronous: config.database.synchronous });
runMigrations(conn.db);
const app = createBot({ core: { db: conn.db, clock: Date.now }, config, log });
await app.startPolling();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void app.stop().then(() => {
    conn.close();
    process.stdout.write('stopped\n');
    process.exit(0);
  });
});
