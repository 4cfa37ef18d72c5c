// The page's API client. The access token lives in this closure only (never
// in storage or the URL); when it expires the client logs in again with the
// same signed initData, which works until Telegram's initData goes stale.
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export type Session = { user_id: number; locale: string | null };
export type Api = {
  login(): Promise<Session>;
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
};

const RELOGIN = new Set(['token_expired', 'session_revoked', 'invalid_token', 'missing_token']);

export function createApi(initData: string): Api {
  let token: string | undefined;

  async function send<T>(method: string, path: string, body: unknown, auth: boolean): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && token) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(new URL(`../api/v1${path}`, document.baseURI), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), credentials: 'omit', cache: 'no-store' });
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; reason?: string } };
    if (!res.ok) throw new ApiFailure(res.status, json.error?.code ?? 'internal', json.error?.message ?? res.statusText, json.error?.reason);
    return json as T;
  }

  // One login at a time: requests that find the token expired together share it.
  let pending: Promise<Session> | undefined;
  function login(): Promise<Session> {
    pending ??= send<Session & { access_token: string }>('POST', '/miniapp/session', { init_data: initData }, false)
      .then((s) => {
        token = s.access_token;
        return { user_id: s.user_id, locale: s.locale };
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  async function authed<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!token) await login();
    const used = token;
    try {
      return await send<T>(method, path, body, true);
    } catch (e) {
      if (!(e instanceof ApiFailure) || e.status !== 401 || !RELOGIN.has(e.reason ?? '')) throw e;
      // Another request may have signed in again meanwhile.
      if (token === used) await login();
      return send<T>(method, path, body, true);
    }
  }

  return {
    login,
    get(path, query = {}) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v));
      const q = qs.toString();
      return authed('GET', q ? `${path}?${q}` : path);
    },
    post(path, body) {
      return authed('POST', path, body ?? {});
    },
  };
}
