// Route schemas compile on first use (src/api/lazy-schemas.ts): nothing is
// compiled at start, a request compiles its own route's schemas, and every
// route's schemas do compile (what Fastify used to prove at start).
import { afterEach, describe, expect, it } from 'vitest';
import { assertLowerCaseHeaderSchema } from '../../src/api/lazy-schemas.js';
import { startApi, type TestApi } from './support.js';

const apis: TestApi[] = [];
afterEach(async () => {
  for (const api of apis.splice(0)) await api.close();
});

async function api(): Promise<TestApi> {
  const a = await startApi();
  apis.push(a);
  return a;
}

describe('route schemas compiled on first use', () => {
  it('every route schema compiles, once', async () => {
    const a = await api();
    const compiled = await a.app.compileRouteSchemas();
    // Validators and serializers of some forty routes, plus Ajv and fast-json-stringify themselves.
    expect(compiled).toBeGreaterThan(40);
    expect(await a.app.compileRouteSchemas()).toBe(0);
  });

  it('a request compiles only what its route needs, and still validates and serializes as declared', async () => {
    const fresh = await api();
    const total = await fresh.app.compileRouteSchemas();

    const a = await api();
    const bad = await a.request('POST', '/api/v1/auth/login', { body: { email: 'x@example.com', password: 'p', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: { code: 'validation', field: 'extra', message: 'Unknown field: extra' } });
    const left = await a.app.compileRouteSchemas();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(total);
  });

  it('a header schema must name its headers in lower case (Node gives them so)', () => {
    expect(() => assertLowerCaseHeaderSchema({ type: 'object', properties: { 'idempotency-key': { type: 'string' } } }, 'POST /x')).not.toThrow();
    expect(() => assertLowerCaseHeaderSchema({ type: 'object', properties: { 'Idempotency-Key': { type: 'string' } } }, 'POST /x')).toThrow(/POST \/x.*lower case.*Idempotency-Key/);
    expect(() => assertLowerCaseHeaderSchema({ type: 'object', required: ['X-Signature'] }, 'POST /x')).toThrow(/X-Signature/);
    expect(() => assertLowerCaseHeaderSchema({ type: 'object', anyOf: [{ required: ['a'] }] }, 'POST /x')).toThrow(/anyOf/);
  });
});
