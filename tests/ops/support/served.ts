// What every way of shipping the app must serve, checked against a running
// process: Swagger UI's files and the OpenAPI document at /docs, the Mini App's
// built page with its script, and the bot answering /start in Russian (its
// locales were found).
import { expect } from 'vitest';
import type { FakeTelegram } from '../../support/fake-telegram.js';

export async function expectDocsAndMiniApp(base: string): Promise<void> {
  const ui = await fetch(`${base}/docs/static/swagger-ui-bundle.js`);
  expect(ui.status).toBe(200);
  expect((await ui.text()).length).toBeGreaterThan(100_000);
  const doc = await fetch(`${base}/docs/json`);
  expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./);
  const page = await (await fetch(`${base}/app/`)).text();
  const script = /src="\.\/(app-[^"]+\.js)"/.exec(page)?.[1];
  expect(script).toBeDefined();
  expect((await fetch(`${base}/app/${script}`)).status).toBe(200);
}

export async function expectBotInRussian(tg: FakeTelegram, userId: number, output: () => string): Promise<void> {
  await tg.waitForCall('deleteWebhook', undefined, { timeoutMs: 30_000, includeExisting: true });
  const user = tg.user({ id: userId, first_name: 'Аня', language_code: 'ru' });
  user.send('/start');
  await user.waitForMessage(/Как её назвать/, { timeoutMs: 15_000 }).catch((e: Error) => {
    throw new Error(`${e.message}\n--- app output ---\n${output().slice(-4000)}`);
  });
}
