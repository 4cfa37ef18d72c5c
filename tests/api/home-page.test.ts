// GET /: the address printed at start shows what this server is and where to
// go, as a page to a browser and as links to any other client; never a 404.
import { afterEach, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from './support.js';

let api: TestApi;
afterEach(async () => {
  await api?.close();
});

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GET /', () => {
  it('shows a browser a page with the ways in: the bot, the binding page, the API docs, the health check', async () => {
    api = await startApi();
    const res = await api.request('GET', '/', { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('<h1>finance-bot is running</h1>');
    expect(res.text).toContain('/start');
    expect(res.text).toContain('href="/bind?lang=en"');
    expect(res.text).toContain('href="/docs"');
    expect(res.text).toContain('href="/health"');
    // The page's own stylesheet; no script, so the strict Content-Security-Policy holds.
    expect(res.text).toContain('href="/bind/style.css"');
    expect(res.text).not.toMatch(/<script/i);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('speaks the browser’s language, and ?lang= overrides it', async () => {
    api = await startApi();
    const ru = await api.request('GET', '/', { headers: { accept: BROWSER, 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' } });
    expect(ru.text).toContain('<html lang="ru">');
    expect(ru.text).toContain('<h1>finance-bot работает</h1>');
    expect(ru.text).toContain('href="/bind?lang=ru"');
    const en = await api.request('GET', '/?lang=en', { headers: { accept: BROWSER, 'accept-language': 'ru' } });
    expect(en.text).toContain('<h1>finance-bot is running</h1>');
  });

  it('answers any other client (curl’s Accept: */*) with the links as JSON', async () => {
    api = await startApi();
    const res = await api.request('GET', '/', { headers: { accept: '*/*' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ name: 'finance-bot', version: api.config.version, docs: '/docs', openapi: '/docs/json', health: '/health', bind: '/bind' });
  });

  it('links under PUBLIC_URL’s path when the server sits behind a proxy at a sub-path', async () => {
    api = await startApi({ env: { PUBLIC_URL: 'https://example.org/money' } });
    const page = await api.request('GET', '/', { headers: { accept: BROWSER } });
    expect(page.text).toContain('href="/money/docs"');
    expect(page.text).toContain('href="/money/bind/style.css"');
    const json = await api.request('GET', '/');
    expect(json.body).toMatchObject({ docs: '/money/docs', health: '/money/health' });
  });

  it('is not part of the OpenAPI document (it is a signpost, not an API route)', async () => {
    api = await startApi();
    const doc = await api.request<{ paths: Record<string, unknown> }>('GET', '/docs/json');
    expect(Object.keys(doc.body.paths)).not.toContain('/');
  });
});
