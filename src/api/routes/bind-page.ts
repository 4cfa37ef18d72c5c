// The binding page, GET /bind?code=…: the link the bot's /link sends. A login
// form (and a register form when registration is on) posts back here; the
// server checks the password (through the shared password guard), then shows
// WHICH Telegram account the code connects and asks for an explicit
// [Connect <name>]; only that press connects it (or, when the login already
// has chats, asks those chats to allow it). No cookies, no scripts: between
// the two steps the page carries a signed, short-lived ticket. Registered in
// its own encapsulated context, the only one that parses HTML form bodies
// (strictly UTF-8: bind/form-body.ts), and only those: JSON is not a form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getUser, isDomainError, PasswordChecksBusy, type DomainError, type User } from '../../domain/index.js';
import { confirmBinding, describeTelegramAccount, normalizeCode, previewBinding, telegramAccountParts } from '../../domain/auth/index.js';
import { quoteMarks } from '../../presentation/quotes.js';
import { formBodyParser } from '../bind/form-body.js';
import { BIND_CSS, confirmPage, donePage, loginPage, problemPage, registerPage, waitingPage, type PageBase } from '../bind/html.js';
import { pickLang, TEXTS, type ErrorKey } from '../bind/text.js';
import { createBindTickets } from '../bind/ticket.js';
import type { ApiContext } from '../context.js';
import { ApiError, STATUS_BY_DOMAIN_CODE, toErrorResponse } from '../errors.js';
import { logInWithPassword, registerWithPassword } from '../password-login.js';

type PageQuery = { code?: string; lang?: string };
type LoginForm = { code?: string; email?: string; password?: string; lang?: string };
type RegisterForm = LoginForm & { name?: string };
type ConfirmForm = { code?: string; ticket?: string; lang?: string };

const str = { type: 'string', maxLength: 1024 } as const;
const formSchema = (extra: Record<string, unknown> = {}) => ({
  hide: true,
  body: { type: 'object', properties: { code: str, email: str, password: str, lang: str, ...extra } },
});
const querySchema = { hide: true, querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 64 }, lang: { type: 'string', maxLength: 8 } } } };

/** The language the reader asked for: the form's hidden lang field, else the ?lang= of the URL posted to. */
function formLang(req: FastifyRequest): string | undefined {
  const fromBody = (req.body as { lang?: unknown } | undefined)?.lang;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = (req.query as { lang?: unknown } | undefined)?.lang;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

/** A field longer than the form's schema allows (Fastify's validation error, keyword maxLength). */
const tooLong = (err: unknown): boolean => {
  const v = (err as { validation?: unknown }).validation;
  return Array.isArray(v) && v.some((e) => (e as { keyword?: unknown }).keyword === 'maxLength');
};

/** The page's words for a core error, by its reason when it has one. */
function messageFor(lang: PageBase['lang'], e: DomainError | ApiError): string {
  const t = TEXTS[lang].errors;
  const reason = e instanceof ApiError ? (e.extra.reason ?? '') : typeof e.details['reason'] === 'string' ? e.details['reason'] : '';
  if (reason in t) return t[reason as ErrorKey] as string;
  if (e.code === 'unauthorized') return t.wrong_login;
  if (e.code === 'rate_limited') return t.rate_limited;
  // Validation messages of the core (a weak password, a bad email) are already plain words, in English.
  if (e.code === 'validation') return e.message;
  return t.generic;
}

const statusOf = (e: DomainError | ApiError) => (e instanceof ApiError ? e.statusCode : STATUS_BY_DOMAIN_CODE[e.code]);
/** Errors the form shows beside itself (the person fixes or retries): the core's, the API's 4xx, and a full password queue (503, Retry-After). */
const pageError = (e: unknown): DomainError | ApiError | undefined => {
  if (e instanceof PasswordChecksBusy) {
    const after = String(e.retryAfterSeconds);
    return new ApiError(503, 'unavailable', e.message, { reason: 'password_checks_busy', headers: { 'retry-after': after } });
  }
  return isDomainError(e) || (e instanceof ApiError && e.statusCode < 500) ? e : undefined;
};

export function registerBindPage(app: FastifyInstance, ctx: ApiContext): void {
  const base = new URL(ctx.config.http.publicUrl).pathname.replace(/\/+$/, '');
  const tickets = createBindTickets(ctx.config.secrets.jwt, ctx.now);
  const pageOf = (req: FastifyRequest, lang?: string): PageBase => ({ lang: pickLang(lang, req.headers['accept-language']), base });
  const html = (reply: FastifyReply, status: number, body: string, headers: Record<string, string> = {}) =>
    reply.code(status).headers(headers).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
  const rateLimit = { max: ctx.limits.bindPage.max, timeWindow: ctx.limits.bindPage.timeWindowMs };

  /** After a password was checked: the confirmation naming the Telegram account (nothing is connected yet). */
  const askToConfirm = (reply: FastifyReply, p: PageBase, user: User, code: string) => {
    const preview = previewBinding(ctx.core, user.id, { code });
    return html(
      reply,
      200,
      confirmPage({
        ...p,
        code,
        ticket: tickets.issue(user.id, code),
        telegram: describeTelegramAccount(preview.telegram, quoteMarks(p.lang)),
        account: telegramAccountParts(preview.telegram),
        email: user.email ?? '',
        approvalRequired: preview.approvalRequired,
        merge: preview.outcome === 'email_into_telegram' || preview.outcome === 'telegram_into_email',
      }),
    );
  };

  app.register(async (page) => {
    // Only the page's own form: JSON (the API's parser, inherited) or any other type posted here is 415.
    page.removeAllContentTypeParsers();
    page.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: 8 * 1024 }, formBodyParser);

    // Errors before a handler runs (too many attempts, a form that cannot be read) get a page too, not
    // JSON, in the reader's language: the form's lang, else the form's action's ?lang= (a body that
    // could not be read has none), else Accept-Language. English validator messages are not shown.
    page.setErrorHandler((err, req, reply) => {
      const { status, body, headers } = toErrorResponse(err);
      const p = pageOf(req, formLang(req));
      const t = TEXTS[p.lang].errors;
      const reason = body.error.reason ?? '';
      const busy = reason === 'password_checks_busy';
      const message =
        status === 429 ? t.rate_limited
        : busy ? t.password_checks_busy
        : status >= 500 ? t.generic
        : reason === 'invalid_utf8' || reason === 'unsupported_charset' || reason === 'duplicate_field' ? t[reason]
        : status === 413 ? t.payload_too_large
        : status === 415 ? t.not_a_form
        : tooLong(err) ? t.field_too_long
        : t.bad_form;
      if (status >= 500 && !busy) req.log.error({ err, reqId: req.id }, 'binding page failed');
      return html(reply, status, problemPage({ ...p, message, retryHref: `${base}/bind?lang=${p.lang}` }), headers);
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
        const user = await logInWithPassword(ctx, req, { email: state.email, password: f.password ?? '' }, 'bind_page');
        return askToConfirm(reply, p, user, state.code);
      } catch (e) {
        const err = pageError(e);
        if (!err) throw e;
        const headers = err instanceof ApiError ? (err.extra.headers ?? {}) : {};
        return html(reply, statusOf(err), loginPage({ ...p, allowRegistration: ctx.config.http.allowRegistration, state: { ...state, error: messageFor(p.lang, err) } }), headers);
      }
    });

    page.post<{ Body: ConfirmForm }>(
      '/bind/confirm',
      { config: { rateLimit }, schema: { hide: true, body: { type: 'object', properties: { code: str, ticket: str, lang: str } } } },
      async (req, reply) => {
        const f = req.body ?? {};
        const p = pageOf(req, f.lang);
        const code = normalizeCode(f.code ?? '');
        const userId = tickets.verify(f.ticket ?? '', code);
        const again = (status: number, error: string) =>
          html(reply, status, loginPage({ ...p, allowRegistration: ctx.config.http.allowRegistration, state: { code, error } }));
        if (userId === undefined) return again(401, TEXTS[p.lang].errors.ticket_expired);
        try {
          const result = confirmBinding(ctx.core, userId, { code, origin: 'bind_page' });
          const telegram = describeTelegramAccount(result.telegram, quoteMarks(p.lang));
          if (result.status === 'approval_requested') return html(reply, 202, waitingPage({ ...p, telegram }));
          return html(reply, 200, donePage({ ...p, email: getUser(ctx.core, result.userId).email ?? '', merged: result.absorbedUserId !== null }));
        } catch (e) {
          if (!isDomainError(e)) throw e;
          return again(STATUS_BY_DOMAIN_CODE[e.code], messageFor(p.lang, e));
        }
      },
    );

    // The confirm form's address, opened again (history, a bookmark, Enter in the address bar): it has
    // nothing to show on its own (the ticket came in the form), so back to the login page, not a JSON 404.
    page.get<{ Querystring: PageQuery }>('/bind/confirm', { schema: querySchema }, async (req, reply) => {
      const p = pageOf(req, req.query.lang);
      return reply.header('cache-control', 'no-store').redirect(`${base}/bind?lang=${p.lang}`, 303);
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
      let user: User;
      try {
        user = await registerWithPassword(ctx, req, { email: state.email, password: f.password ?? '', name: state.name, locale: p.lang });
      } catch (e) {
        const err = pageError(e);
        if (!err) throw e;
        const headers = err instanceof ApiError ? (err.extra.headers ?? {}) : {};
        return html(reply, statusOf(err), registerPage({ ...p, state: { ...state, error: messageFor(p.lang, err) } }), headers);
      }
      try {
        return askToConfirm(reply, p, user, state.code);
      } catch (e) {
        // The account exists now; a code problem is fixed by logging in with a new code.
        if (!isDomainError(e)) throw e;
        return html(reply, STATUS_BY_DOMAIN_CODE[e.code], loginPage({ ...p, allowRegistration: true, state: { code: state.code, email: state.email, error: messageFor(p.lang, e) } }));
      }
    });
  });
}
