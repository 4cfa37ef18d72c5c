// The /docs server, loaded by the first /docs request (docs.ts): @fastify/swagger
// and @fastify/swagger-ui in a small Fastify instance of their own that holds
// the server's routes (method, URL, schema, config; handlers never run,
// schemas are not compiled).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import swagger, { type SwaggerOptions } from '@fastify/swagger';
import swaggerUi, { type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { ApiContext } from '../context.js';
import { seaResourceDir } from '../../runtime/sea.js';
import { documentedSchema } from '../openapi-responses.js';

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="32" viewBox="0 0 160 32"><text x="0" y="23" font-family="sans-serif" font-size="20" font-weight="700" fill="#ffffff">finance-bot API</text></svg>';

function swaggerOptions(ctx: ApiContext): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'finance-bot API',
        version: ctx.config.version,
        description:
          'Family finance over HTTP, on the same core as the Telegram bot. Errors are always {"error":{"code","message","field?","reason?"}}. ' +
          'A path below with a method it does not list answers 405 method_not_allowed, its Allow header naming the methods it takes; an unknown path answers 404 not_found. ' +
          'Money is a decimal string in the wallet\'s currency ("50.00").',
      },
      servers: [{ url: ctx.config.http.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          hmacClient: { type: 'apiKey', in: 'header', name: 'X-Client-Id' },
          hmacTimestamp: { type: 'apiKey', in: 'header', name: 'X-Timestamp' },
          hmacSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Signature',
            description: 'hex HMAC-SHA256 over METHOD:PATH:TIMESTAMP:BODY_HASH with the client secret',
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Email logins and sessions' },
        { name: 'telegram', description: 'Binding a Telegram chat to a login' },
        { name: 'families', description: 'Families, wallets, categories, audit log' },
        { name: 'transactions', description: 'The ledger' },
        { name: 'reports', description: 'Budgets, goals, monthly reports and trend, the chart, CSV export' },
        { name: 'health', description: 'Probes' },
      ],
    },
  };
}

/** Where Swagger UI's files are: the package's static folder, or inside the single executable its extracted copy. */
function swaggerUiDir(): string {
  const sea = seaResourceDir();
  return sea ? join(sea, 'swagger-ui') : join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
}

/** The UI's scripts that may add <style> elements of their own. */
const UI_SCRIPTS = ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];
/** React's `createElement("style", null, "…")` with a literal text, as the minified scripts write it. */
const STYLE_ELEMENT = /\.createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g;

/**
 * CSP hashes ('sha256-…') of the <style> elements Swagger UI's scripts add: the top bar's logo is an
 * SVG carrying `<style>.logo_small_svg__cls-2{fill:#fff}…</style>`, drawn while the page starts.
 * A hash lets exactly those texts in, where 'unsafe-inline' let any inline style in (an injected
 * <style> or style="…" could restyle the page to hide or fake parts of it). Read from the files
 * served, so an upgrade of the UI brings its own; a text written another way is not found and the
 * browser test (tests/e2e/docs-page) reports the violation.
 */
export function inlineStyleHashes(dir: string = swaggerUiDir()): string[] {
  const hashes = new Set<string>();
  for (const file of UI_SCRIPTS) {
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(STYLE_ELEMENT)) {
      const text = JSON.parse(m[1] ?? '""') as string;
      hashes.add(`'sha256-${createHash('sha256').update(text).digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

function swaggerUiOptions(): FastifySwaggerUiOptions {
  const sea = seaResourceDir();
  const styles = ["'self'", ...inlineStyleHashes()].join(' ');
  return {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    // Given inline so the plugin does not read its own logo file (the single-binary build has no node_modules).
    logo: { type: 'image/svg+xml', content: LOGO_SVG },
    // Inside the single executable the UI's files are extracted from its assets.
    ...(sea ? { baseDir: join(sea, 'swagger-ui') } : {}),
    // Scripts and stylesheets are files; the only inline styles allowed are the UI's own <style>
    // elements, by hash (inlineStyleHashes): no 'unsafe-inline' (tests/e2e/docs-page loads it in a browser).
    staticCSP: `default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src ${styles}; frame-ancestors 'none'; form-action 'self'`,
  };
}

/** A Fastify instance serving /docs for `routes` (the server's, as registered). */
export async function buildDocsServer(ctx: ApiContext, routes: readonly RouteOptions[]): Promise<FastifyInstance> {
  const docs = Fastify();
  // The routes below only describe the server's: their schemas are read, never compiled.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await docs.register(swagger, swaggerOptions(ctx));
  for (const r of routes) {
    const schema = documentedSchema(r);
    docs.route({ method: r.method, url: r.url, ...(schema ? { schema } : {}), ...(r.config ? { config: r.config } : {}), handler: async () => undefined });
  }
  await docs.register(swaggerUi, swaggerUiOptions());
  await docs.ready();
  return docs;
}
