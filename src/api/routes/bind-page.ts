// The binding page, GET /bind?code=…: the link the bot's /link sends. A login
// form (and a register form when registration is on) posts back here; the
// server logs the person in, confirms the code through the core, and answers
// with a plain page. No cookies, no scripts: nothing to forge across sites,
// and it works in any browser. Registered in its own encapsulated context,
// the only one that parses HTML form bodies.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, isDomainError, registerUser, type DomainError } from '../../domain/index.js';
import { confirmBinding, normalizeCode } from '../../domain/auth/index.js';
import { BIND_CSS, donePage, loginPage, problemPage, registerPage, type PageBase } from '../bind/html.js';
import { pickLang, TEXTS, type ErrorKey } from '../bind/text.js';
import type { ApiContext } from '../context.js';
import { STATUS_BY_DOMAIN_CODE, toErrorResponse } from '../errors.js';

type PageQuery = { code?: string; lang?: string };
type LoginForm = { code?: string; email?: string; password?: string; lang?: string };
type RegisterForm = LoginForm & { name?: string };

const str = { type: 'string', maxLength: 1024 } as const;
const formSchema = (extra: Record<string, unknown> = {}) => ({
  hide: true,
  body: { type: 'object', properties: { code: str, email: str, password: str, lang: str, ...extra } },
});
const querySchema = { hide: true, querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 64 }, lang: { type: 'string', maxLength: 8 } } } };

/** The page's words for a core error, by its reason when it has one. */
function messageFor(lang: PageBase['lang'], e: DomainError): string {
  const t = TEXTS[lang].errors;
  const reason = typeof e.details['reason'] === 'string' ? e.details['reason'] : '';
  if (reason in t) return t[reason as ErrorKey] as string;
  if (e.code === 'unauthorized') return t.wrong_login;
  if (e.code === 'rate_limited') return t.rate_limited;
  // Validation messages of the core (a weak password, a bad email) are already plain words, in English.
  if (e.code === 'validation') return e.message;
  return t.generic;
}

export function registerBindPage(app: FastifyInstance, ctx: ApiContext): void {
  const base = new URL(ctx.config.http.publicUrl).pathname.replace(/\/+$/, '');
  const pageOf = (req: FastifyRequest, lang?: string): PageBase => ({ lang: pickLang(lang, req.headers['accept-language']), base });
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const rateLimit = { max: ctx.limits.bindPage.max, timeWindow: ctx.limits.bindPage.timeWindowMs };

  app.register(async (page) => {
    await page.register(formbody, { bodyLimit: 8 * 1024 });

    // Errors before a handler runs (too many attempts, a malformed form) get a page too, not JSON.
    page.setErrorHandler((err, req, reply) => {
      const { status, body } = toErrorResponse(err);
      const p = pageOf(req, (req.body as LoginForm | undefined)?.lang);
      const message = status === 429 ? TEXTS[p.lang].errors.rate_limited : status >= 500 ? TEXTS[p.lang].errors.generic : body.error.message;
      if (status >= 500) req.log.error({ err }, 'binding page failed');
      return html(reply, status, problemPage({ ...p, message, retryHref: `${base}/bind` }));
    });

    page.get('/bind/style.css', { schema: { hide: true } }, async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(BIND_CSS),
    );

    page.get<{ Querystring: PageQuery }>('/bind', { schema: querySchema }, async (req, reply) => {
      const p = pageOf(req, req.query.lang);
      return html(reply, 200, loginPage({ ...p, allowRegistration: ctx.config.http.allowRegistration, state: { code: normalizeCode(req.query.code ?? '') } }));
    });

    page.post<{ Body: LoginForm }>('/bind', { config: { rateLimit }, schema: formSchema() }, async (req, reply) => {
      const f = req.body ?? {};
      const p = pageOf(req, f.lang);
      const state = { code: normalizeCode(f.code ?? ''), email: (f.email ?? '').trim() };
      try {
        const user = await authenticate(ctx.core, { email: state.email, password: f.password ?? '' });
        const result = confirmBinding(ctx.core, user.id, { code: state.code });
        ctx.onOutbox();
        return html(reply, 200, donePage({ ...p, email: user.email ?? state.email, merged: result.absorbedUserId !== null }));
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return html(reply, STATUS_BY_DOMAIN_CODE[e.code], loginPage({ ...p, allowRegistration: ctx.config.http.allowRegistration, state: { ...state, error: messageFor(p.lang, e) } }));
      }
    });

    page.get<{ Querystring: PageQuery }>('/bind/register', { schema: querySchema }, async (req, reply) => {
      const p = pageOf(req, req.query.lang);
      const code = normalizeCode(req.query.code ?? '');
      if (!ctx.config.http.allowRegistration) {
        return html(reply, 403, problemPage({ ...p, message: TEXTS[p.lang].registrationOff, retryHref: `${base}/bind?code=${encodeURIComponent(code)}` }));
      }
      return html(reply, 200, registerPage({ ...p, state: { code } }));
    });

    page.post<{ Body: RegisterForm }>('/bind/register', { config: { rateLimit }, schema: formSchema({ name: str }) }, async (req, reply) => {
      const f = req.body ?? {};
      const p = pageOf(req, f.lang);
      const state = { code: normalizeCode(f.code ?? ''), email: (f.email ?? '').trim(), name: (f.name ?? '').trim() };
      if (!ctx.config.http.allowRegistration) {
        return html(reply, 403, problemPage({ ...p, message: TEXTS[p.lang].registrationOff, retryHref: `${base}/bind?code=${encodeURIComponent(state.code)}` }));
      }
      try {
        const user = await registerUser(ctx.core, { email: state.email, password: f.password ?? '', name: state.name, locale: p.lang });
        try {
          const result = confirmBinding(ctx.core, user.id, { code: state.code });
          ctx.onOutbox();
          return html(reply, 200, donePage({ ...p, email: user.email ?? state.email, merged: result.absorbedUserId !== null }));
        } catch (e) {
          // The account exists now; a code problem is fixed by logging in with a new code.
          if (!isDomainError(e)) throw e;
          return html(reply, STATUS_BY_DOMAIN_CODE[e.code], loginPage({ ...p, allowRegistration: true, state: { code: state.code, email: state.email, error: messageFor(p.lang, e) } }));
        }
      } catch (e) {
        if (!isDomainError(e)) throw e;
        return html(reply, STATUS_BY_DOMAIN_CODE[e.code], registerPage({ ...p, state: { ...state, error: messageFor(p.lang, e) } }));
      }
    });
  });
}
