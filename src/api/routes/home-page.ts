// GET /: what someone finds at the server's address. A browser (Accept:
// text/html) gets a short page in its language saying what this server is and
// where to go: the bot, the binding page, the API's documentation and health
// check. Any other client (curl, a script) gets the same links as JSON. Before
// this, the address printed at start answered a 404 error.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { escapeHtml, htmlPage } from '../bind/html.js';
import { pickLang, type PageLang } from '../bind/text.js';
import type { ApiContext } from '../context.js';

const TEXTS: Record<PageLang, { heading: string; intro: string; web: string; webHow: string; bind: string; developers: string; docs: string; health: string }> = {
  en: {
    heading: 'finance-bot is running',
    intro: 'This server keeps a family’s wallets, expenses, budgets and goals. The family uses it in Telegram: open the family’s bot and send /start.',
    web: 'Use your account on the web',
    webHow: 'Send /link to the bot and open the link it sends, or enter its code here:',
    bind: 'Connect Telegram',
    developers: 'For developers',
    docs: 'API documentation (OpenAPI)',
    health: 'Health check',
  },
  ru: {
    heading: 'finance-bot работает',
    intro: 'Этот сервер хранит кошельки, расходы, бюджеты и цели семьи. Семья пользуется им в Telegram: откройте бота семьи и отправьте /start.',
    web: 'Ваш аккаунт на сайте',
    webHow: 'Отправьте боту /link и откройте ссылку из ответа или введите код здесь:',
    bind: 'Подключить Telegram',
    developers: 'Для разработчиков',
    docs: 'Документация API (OpenAPI)',
    health: 'Проверка работы',
  },
};

/** Whether the client asked for a page: browsers name text/html in Accept; curl's default (*\/*) does not. */
const wantsHtml = (req: FastifyRequest) => /\btext\/html\b/i.test(req.headers.accept ?? '');

export function registerHomePage(app: FastifyInstance, ctx: ApiContext): void {
  const base = new URL(ctx.config.http.publicUrl).pathname.replace(/\/+$/, '');
  const links = { docs: `${base}/docs`, openapi: `${base}/docs/json`, health: `${base}/health`, bind: `${base}/bind` };

  app.get<{ Querystring: { lang?: string } }>(
    '/',
    { schema: { hide: true, querystring: { type: 'object', properties: { lang: { type: 'string', maxLength: 8 } } } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('vary', 'Accept, Accept-Language');
      if (!wantsHtml(req)) return { name: 'finance-bot', version: ctx.config.version, ...links };
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      const t = TEXTS[lang];
      const body = `<h1>${escapeHtml(t.heading)}</h1>
<p>${escapeHtml(t.intro)}</p>
<h2>${escapeHtml(t.web)}</h2>
<p>${escapeHtml(t.webHow)} <a href="${links.bind}?lang=${lang}">${escapeHtml(t.bind)}</a></p>
<h2>${escapeHtml(t.developers)}</h2>
<ul>
<li><a href="${links.docs}">${escapeHtml(t.docs)}</a></li>
<li><a href="${links.health}">${escapeHtml(t.health)}</a></li>
</ul>`;
      return reply.type('text/html; charset=utf-8').send(htmlPage({ lang, base }, 'finance-bot', body));
    },
  );
}
