// Server-rendered pages of the binding flow: plain HTML forms that work with
// no JavaScript at all, labelled inputs, errors announced with role="alert",
// styles from one external stylesheet (no inline script or style, so the
// strict Content-Security-Policy holds).
import type { TelegramAccountParts } from '../../domain/auth/index.js';
import { TEXTS, type PageLang } from './text.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export type PageBase = { lang: PageLang; base: string };
export type FormState = { code: string; email?: string; name?: string; error?: string };

function layout(p: PageBase, title: string, body: string): string {
  return htmlPage(p, `${title} · ${TEXTS[p.lang].title}`, body);
}

/** The shell of every server-rendered page: the binding flow's and the home page's (one stylesheet, no script). */
export function htmlPage(p: PageBase, title: string, body: string): string {
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${p.base}/bind/style.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function errorBox(p: PageBase, error: string | undefined): string {
  if (!error) return '';
  return `<div class="error" role="alert" id="form-error"><h2>${escapeHtml(TEXTS[p.lang].problem)}</h2><p>${escapeHtml(error)}</p></div>\n`;
}

function field(o: { id: string; label: string; type: string; value?: string; autocomplete: string; hint?: string; extra?: string }): string {
  const hintId = o.hint ? `${o.id}-hint` : '';
  return `<div class="field">
<label for="${o.id}">${escapeHtml(o.label)}</label>
${o.hint ? `<p class="hint" id="${hintId}">${escapeHtml(o.hint)}</p>\n` : ''}<input id="${o.id}" name="${o.id}" type="${o.type}" autocomplete="${o.autocomplete}" required${o.value ? ` value="${escapeHtml(o.value)}"` : ''}${hintId ? ` aria-describedby="${hintId}"` : ''}${o.extra ?? ''}>
</div>`;
}

const codeField = (p: PageBase, code: string) =>
  field({ id: 'code', label: TEXTS[p.lang].code, type: 'text', value: code, autocomplete: 'one-time-code', hint: TEXTS[p.lang].codeHint, extra: ' autocapitalize="characters" spellcheck="false" maxlength="32"' });

export function loginPage(p: PageBase & { allowRegistration: boolean; state: FormState }): string {
  const t = TEXTS[p.lang];
  const s = p.state;
  const register = p.allowRegistration
    ? `<p>${escapeHtml(t.noAccount)} <a href="${p.base}/bind/register?code=${encodeURIComponent(s.code)}&amp;lang=${p.lang}">${escapeHtml(t.createOne)}</a></p>`
    : '';
  return layout(
    p,
    t.heading,
    `<h1>${escapeHtml(t.heading)}</h1>
${errorBox(p, s.error)}<p>${escapeHtml(t.intro)}</p>
<form method="post" action="${p.base}/bind?lang=${p.lang}"${s.error ? ' aria-describedby="form-error"' : ''}>
<input type="hidden" name="lang" value="${p.lang}">
${codeField(p, s.code)}
${field({ id: 'email', label: t.email, type: 'email', value: s.email ?? '', autocomplete: 'username', extra: ' maxlength="254" spellcheck="false"' })}
${field({ id: 'password', label: t.password, type: 'password', autocomplete: 'current-password', extra: ' maxlength="1024"' })}
<button type="submit">${escapeHtml(t.login)}</button>
</form>
${register}`,
  );
}

export function registerPage(p: PageBase & { state: FormState }): string {
  const t = TEXTS[p.lang];
  const s = p.state;
  return layout(
    p,
    t.register,
    `<h1>${escapeHtml(t.heading)}</h1>
${errorBox(p, s.error)}<p>${escapeHtml(t.registerIntro)}</p>
<form method="post" action="${p.base}/bind/register?lang=${p.lang}"${s.error ? ' aria-describedby="form-error"' : ''}>
<input type="hidden" name="lang" value="${p.lang}">
${codeField(p, s.code)}
${field({ id: 'name', label: t.name, type: 'text', value: s.name ?? '', autocomplete: 'name', extra: ' maxlength="64"' })}
${field({ id: 'email', label: t.email, type: 'email', value: s.email ?? '', autocomplete: 'email', extra: ' maxlength="254" spellcheck="false"' })}
${field({ id: 'password', label: t.password, type: 'password', autocomplete: 'new-password', hint: t.newPasswordHint, extra: ' minlength="10" maxlength="256"' })}
<button type="submit">${escapeHtml(t.register)}</button>
</form>
<p>${escapeHtml(t.haveAccount)} <a href="${p.base}/bind?code=${encodeURIComponent(s.code)}&amp;lang=${p.lang}">${escapeHtml(t.logIn)}</a></p>`,
  );
}

export function donePage(p: PageBase & { email: string; merged: boolean }): string {
  const t = TEXTS[p.lang];
  return layout(
    p,
    t.doneHeading,
    `<h1>${escapeHtml(t.doneHeading)}</h1>
<div class="success" role="status">
<p>${escapeHtml(t.done(p.email))}</p>
${p.merged ? `<p>${escapeHtml(t.merged)}</p>\n` : ''}<p>${escapeHtml(t.goBack)}</p>
</div>`,
  );
}

/** "Connect this Telegram account?": the explicit confirmation, naming the account. The ticket stands for the login just made. */
export function confirmPage(p: PageBase & { code: string; ticket: string; telegram: string; account: TelegramAccountParts; email: string; approvalRequired: boolean; merge: boolean }): string {
  const t = TEXTS[p.lang];
  return layout(
    p,
    t.confirmHeading,
    `<h1>${escapeHtml(t.confirmHeading)}</h1>
<p>${escapeHtml(t.confirmAccount)}</p>
<dl class="account" id="telegram-account">
<dt>${escapeHtml(t.telegramName)}</dt><dd id="telegram-name">${p.account.name === null ? `<em>${escapeHtml(t.telegramNoName)}</em>` : `<strong>${escapeHtml(p.account.name)}</strong>`}</dd>
<dt>${escapeHtml(t.telegramUsername)}</dt><dd id="telegram-username">${p.account.username === null ? `<em>${escapeHtml(t.telegramNoUsername)}</em>` : `<strong>@${escapeHtml(p.account.username)}</strong>`}</dd>
<dt>${escapeHtml(t.telegramId)}</dt><dd id="telegram-id">${p.account.id}</dd>
</dl>
<p>${escapeHtml(t.confirmTo(p.email))}</p>
${p.merge ? `<p>${escapeHtml(t.confirmMerge)}</p>
` : ''}${p.approvalRequired ? `<p>${escapeHtml(t.confirmApproval)}</p>
` : ''}<p>${escapeHtml(t.confirmWarning)}</p>
<form method="post" action="${p.base}/bind/confirm?lang=${p.lang}">
<input type="hidden" name="lang" value="${p.lang}">
<input type="hidden" name="code" value="${escapeHtml(p.code)}">
<input type="hidden" name="ticket" value="${escapeHtml(p.ticket)}">
<button type="submit">${escapeHtml(t.confirmButton(p.telegram))}</button>
</form>
<p><a href="${p.base}/bind?lang=${p.lang}">${escapeHtml(t.cancel)}</a></p>`,
  );
}

/** Asked the login's own chats to allow it: nothing is connected until one of them does. */
export function waitingPage(p: PageBase & { telegram: string }): string {
  const t = TEXTS[p.lang];
  return layout(
    p,
    t.waitingHeading,
    `<h1>${escapeHtml(t.waitingHeading)}</h1>
<div class="success" role="status">
<p>${escapeHtml(t.waiting(p.telegram))}</p>
</div>`,
  );
}

export function problemPage(p: PageBase & { message: string; retryHref?: string }): string {
  const t = TEXTS[p.lang];
  return layout(
    p,
    t.problem,
    `<h1>${escapeHtml(t.heading)}</h1>
${errorBox(p, p.message)}${p.retryHref ? `<p><a href="${escapeHtml(p.retryHref)}">${escapeHtml(t.tryAgain)}</a></p>` : ''}`,
  );
}

export const BIND_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1b;background:#f6f7f9}
body{margin:0;padding:1rem}
main{max-width:28rem;margin:2rem auto;background:#fff;border:1px solid #d5d9e0;border-radius:.75rem;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1rem;margin:0 0 .25rem}
.field{margin:0 0 1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{margin:0 0 .25rem;color:#4a5260;font-size:.9rem}
input{width:100%;font:inherit;padding:.6rem .7rem;border:2px solid #5b6472;border-radius:.4rem;background:#fff;color:inherit}
input:focus,button:focus,a:focus{outline:3px solid #f5b400;outline-offset:2px}
button{font:inherit;font-weight:600;width:100%;padding:.7rem;border:0;border-radius:.4rem;background:#1d4ed8;color:#fff;cursor:pointer}
button:hover{background:#1e40af}
a{color:#1d4ed8}
.error{border-left:5px solid #b91c1c;background:#fdecec;padding:.75rem 1rem;margin:0 0 1rem}
.success{border-left:5px solid #15803d;background:#e9f7ee;padding:.75rem 1rem}
.account{font-size:1.25rem;margin:.25rem 0 1rem}
.account dt{font-size:.875rem;font-weight:600}
.account dd{margin:0 0 .5rem}
@media (prefers-color-scheme:dark){html{background:#111418;color:#e8eaed}main{background:#1b1f24;border-color:#3a414b}input{background:#111418;border-color:#8a93a0}.hint{color:#b4bbc6}.error{background:#3b1616}.success{background:#12301d}a{color:#8ab4ff}}
`;
