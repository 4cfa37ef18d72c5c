// Fastify's own validator (Ajv) and serializer (fast-json-stringify) compilers,
// loaded by the API's first request (lazy-schemas.ts imports this module then).
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

export function createCompilers() {
  return { validator: AjvCompiler(), serializer: SerializerSelector() };
}
