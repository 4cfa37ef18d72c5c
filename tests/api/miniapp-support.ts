// Shared by the Mini App tests: the page built once into a temporary folder
// (tests never write into the working tree), initData signed the way
// Telegram signs it, and the Telegram chat of a test user.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { telegramIdentities } from '../../src/db/schema.js';
import { signInitData } from '../../src/domain/auth/init-data.js';
import type { CoreDeps } from '../../src/domain/index.js';

export const BOT_TOKEN = '123456:AAE-mini-app-test-token-000000000001';

let built: string | undefined;
/** Builds src/webapp (scripts/build-webapp.mjs) into a temporary folder, once per test file. */
export function builtWebapp(): string {
  if (built) return built;
  const dir = join(mkdtempSync(join(tmpdir(), 'finance-webapp-')), 'webapp');
  execFileSync(process.execPath, ['scripts/build-webapp.mjs', dir], { stdio: 'pipe' });
  return (built = dir);
}

export function chatOf(deps: CoreDeps, userId: number): number {
  const row = deps.db.select({ chatId: telegramIdentities.chatId }).from(telegramIdentities).where(eq(telegramIdentities.userId, userId)).get();
  if (!row) throw new Error(`user ${userId} has no Telegram chat`);
  return row.chatId;
}

/** initData for a Telegram user, signed with a bot token, as opened at `authDateMs`. */
export function initDataFor(chatId: number, authDateMs: number, opts: { token?: string; language?: string; firstName?: string } = {}): string {
  return signInitData(
    {
      query_id: `AAQ${chatId}`,
      user: JSON.stringify({ id: chatId, first_name: opts.firstName ?? 'Test', language_code: opts.language ?? 'en' }),
      auth_date: String(Math.floor(authDateMs / 1000)),
    },
    opts.token ?? BOT_TOKEN,
  );
}
