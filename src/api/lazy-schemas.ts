// Route schemas compiled on first use instead of at start. Fastify compiles
// every route's validators (Ajv) and response serializers (fast-json-stringify)
// while it gets ready: a quarter of the API's start-up time in a CPU profile,
// and a few MB of heap, for routes a family may not call for hours. Here each compiled
// function is a stand-in that compiles its schema with Fastify's own compilers
// (same options, same external schemas) the first time a request needs it,
// and the compilers' modules (Ajv, fast-json-stringify and theirs) are loaded
// by the first request (an onRequest hook, which runs before validation and
// before any reply). A schema Fastify would reject at start is then rejected on
// that request, so the tests compile every route's schemas (`compileRouteSchemas`).
import type { FastifySchemaValidationError, FastifyServerOptions, onRequestHookHandler } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;
type Validate = ReturnType<ReturnType<BuildValidator>>;
type Serialize = ReturnType<ReturnType<BuildSerializer>>;

export type LazySchemas = {
  compilersFactory: CompilersFactory;
  /** Loads the compilers' modules before the first request needs them; add it before every other hook. */
  onRequest: onRequestHookHandler;
  /** Compiles every schema not compiled yet (tests); resolves to how many were compiled. */
  compileAll(): Promise<number>;
};

type Compilers = { validator: BuildValidator; serializer: BuildSerializer };

async function loadCompilers(): Promise<Compilers> {
  return (await import('./schema-compilers.js')).createCompilers();
}

/** Keywords whose property names Fastify would have to lower-case deep inside a header schema. */
const NESTED_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependencies', 'dependentRequired', 'dependentSchemas', 'propertyNames', 'patternProperties', '$ref', 'definitions', '$defs'];

/**
 * Fastify lower-cases the property names of a header schema before compiling
 * it, but not when the validator compiler is a custom one (as here). Node gives
 * every header name in lower case, so a header schema must name them so; a
 * schema that does not (or nests names where a simple check cannot see them)
 * fails at start instead of never matching its header.
 */
export function assertLowerCaseHeaderSchema(schema: unknown, where: string): void {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as { properties?: Record<string, unknown>; required?: unknown };
  const nested = NESTED_KEYWORDS.filter((k) => Object.hasOwn(s, k));
  if (nested.length) throw new Error(`${where}: the header schema uses ${nested.join(', ')}; give header schemas plain lower-case properties`);
  const names = [...Object.keys(s.properties ?? {}), ...(Array.isArray(s.required) ? s.required.map(String) : [])];
  const upper = names.filter((n) => n !== n.toLowerCase());
  if (upper.length) throw new Error(`${where}: header names must be lower case in the schema (${upper.join(', ')})`);
}

export function createLazySchemas(): LazySchemas {
  const pending = new Set<() => unknown>();
  const later = <T>(compile: () => T): (() => T) => {
    let compiled: T | undefined;
    const get = () => {
      if (compiled === undefined) {
        compiled = compile();
        pending.delete(get);
      }
      return compiled;
    };
    pending.add(get);
    return get;
  };

  let compilers: Compilers | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= loadCompilers().then((c) => {
      compilers = c;
    }));
  const loaded = (): Compilers => {
    if (!compilers) throw new Error('The schema compilers are not loaded yet (the onRequest hook loads them)');
    return compilers;
  };

  const buildValidator: BuildValidator = (externalSchemas, options) => {
    // Ajv itself (and ajv-formats) is created with the first compiled schema.
    const compiler = later(() => loaded().validator(externalSchemas, options));
    return (route) => {
      if (route.httpPart === 'headers') assertLowerCaseHeaderSchema(route.schema, `${route.method} ${route.url}`);
      const validator = later(() => compiler()(route));
      // Fastify reads `errors` right after a call that returned false, and passes the
      // parent object (so Ajv may fill defaults in the root value) when `schemaEnv` is set.
      const validate = ((data: unknown, ...rest: unknown[]) => {
        const v = validator() as (data: unknown, ...rest: unknown[]) => unknown;
        const result = v(data, ...rest);
        validate.errors = (v as { errors?: FastifySchemaValidationError[] | null }).errors;
        return result;
      }) as Validate & { errors?: FastifySchemaValidationError[] | null };
      Object.defineProperty(validate, 'schemaEnv', { get: () => (validator() as { schemaEnv?: unknown }).schemaEnv });
      return validate;
    };
  };

  const buildSerializer: BuildSerializer = (externalSchemas, options) => {
    const compiler = later(() => loaded().serializer(externalSchemas, options));
    return (route) => {
      const serializer = later(() => compiler()(route));
      return ((doc: unknown) => serializer()(doc)) as Serialize;
    };
  };

  return {
    compilersFactory: { buildValidator, buildSerializer },
    onRequest: (_req, _reply, done) => {
      if (compilers) return done();
      load().then(() => done(), done);
    },
    async compileAll() {
      await load();
      let n = 0;
      // A route's schema compiles its Ajv or fast-json-stringify instance first: skip what is done by then.
      for (const get of [...pending]) {
        if (!pending.has(get)) continue;
        get();
        n++;
      }
      return n;
    },
  };
}
