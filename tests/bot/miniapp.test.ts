// The bot's doors to the Mini App: with an https PUBLIC_URL the menu button
// opens it and /app answers with a web_app button; with http /app explains.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Mini App entry points', () => {
  it('sets the menu button and answers /app with a web_app button when PUBLIC_URL is https', async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'https://money.example.org' } });
    const call = h.tg.lastCall('setChatMenuButton');
    expect(call?.params).toMatchObject({ menu_button: { type: 'web_app', text: 'Dashboard', web_app: { url: 'https://money.example.org/app/' } } });
    expect(h.tg.commands().map((c) => c.command)).toContain('app');

    const ann = h.person(3101, 'Ann');
    ann.send('/app');
    const reply = await ann.waitForMessage(/family's dashboard/);
    expect(JSON.stringify(reply.reply_markup)).toContain('"web_app":{"url":"https://money.example.org/app/"}');
    expect(ann.buttons()).toEqual(['📊 Open the dashboard']);
  });

  it('explains in the person\'s language why the app is unavailable over plain http', async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'http://127.0.0.1:8000' } });
    expect(h.tg.calls('setChatMenuButton')).toEqual([]);
    const boris = h.person(3102, 'Борис', 'ru');
    boris.send('/app');
    const reply = await boris.waitForMessage(/только по адресу https/);
    expect(reply.text).toContain('http://127.0.0.1:8000');
    expect(reply.reply_markup).toBeUndefined();
  });

  it('is off when the API takes signed requests only: no menu button, and /app says why', async () => {
    h = await startHarness({ env: { PUBLIC_URL: 'https://money.example.org', REQUIRE_HMAC_VERIFICATION: 'true' } });
    expect(h.tg.calls('setChatMenuButton')).toEqual([]);
    const ann = h.person(3103, 'Ann');
    ann.send('/app');
    const reply = await ann.waitForMessage(/signed requests only/);
    expect(reply.reply_markup).toBeUndefined();
    const boris = h.person(3104, 'Борис', 'ru');
    boris.send('/app');
    await boris.waitForMessage(/только подписанные запросы/);
  });
});
