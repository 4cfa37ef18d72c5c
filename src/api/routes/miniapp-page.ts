// Serves the Mini App's built files under /app: index.html and its
// content-hashed script and stylesheet (built by scripts/build-webapp.mjs into
// dist/webapp, embedded in the single executable like the other resources).
// Its own Content-Security-Policy: scripts, styles and API calls from this
// origin only, nothing inline, and — unlike every other page of the site —
// Telegram's web clients may show it in their iframe.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findResourceDir } from '../../runtime/resources.js';
import type { ApiContext } from '../context.js';

/** Telegram's web clients (Telegram Web K and A, and their older hosts) show Mini Apps in an iframe. */
export const TELEGRAM_WEB_ORIGINS = ['https://web.telegram.org', 'https://webk.telegram.org', 'https://webz.telegram.org'] as const;

export const MINIAPP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${TELEGRAM_WEB_ORIGINS.join(' ')}`,
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

type Asset = { body: Buffer; type: string };

/** The built files, read once: a few dozen kilobytes. */
function loadAssets(dir: string): { index: Buffer; files: Map<string, Asset> } {
  const files = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (type) files.set(name, { body: readFileSync(join(dir, name)), type });
  }
  return { index: readFileSync(join(dir, 'index.html')), files };
}

export function findWebappDir(): string | undefined {
  try {
    return findResourceDir('webapp', 'index.html');
  } catch {
    return undefined;
  }
}

export function registerMiniAppPage(app: FastifyInstance, ctx: ApiContext, webappDir: string | undefined): void {
  const dir = webappDir ?? findWebappDir();
  const built = dir && existsSync(join(dir, 'index.html')) ? loadAssets(dir) : undefined;
  if (!built) ctx.log.warn('Mini App not built (run npm run build): /app answers 503');

  const framed = (reply: FastifyReply) => {
    // Helmet's X-Frame-Options would forbid Telegram Web's iframe; frame-ancestors says who may frame it.
    reply.removeHeader('x-frame-options');
    return reply.header('content-security-policy', MINIAPP_CSP);
  };

  const page = async (_req: unknown, reply: FastifyReply) => {
    if (!built) {
      return reply.code(503).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('The Mini App is not built on this server: run npm run build.\n');
    }
    return framed(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(built.index);
  };
  // The page loads its files by relative paths (PUBLIC_URL may have a path prefix): it lives at /app/.
  app.get('/app', { schema: { hide: true } }, async (_req, reply) => reply.code(302).header('location', 'app/').send());
  app.get('/app/', { schema: { hide: true } }, page);
  app.get<{ Params: { file: string } }>(
    '/app/:file',
    { schema: { hide: true, params: { type: 'object', properties: { file: { type: 'string', maxLength: 100 } } } } },
    async (req, reply) => {
      const asset = built?.files.get(req.params.file);
      if (!asset) return reply.callNotFound();
      // File names carry their content hash: a new build is a new name.
      return framed(reply).header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
    },
  );
}
