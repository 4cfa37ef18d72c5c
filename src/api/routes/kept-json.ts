// A GET's answer kept by the read memo (read-snapshots.ts) as the JSON text its route wrote.
import type { FastifyReply } from 'fastify';

/**
 * A kept answer's JSON: the memo (read-snapshots.ts) keeps the text the route's response schema
 * wrote, not the object, so a GET repeated while nothing was written is not serialized again.
 * `serialize` runs only when the memo has no answer for the current database version; the text is
 * sent as JSON as it stands (Fastify serializes only what is not a string already).
 */
export function keptJson<T extends ReturnType<FastifyReply['serialize']>>(reply: FastifyReply, json: T): T {
  reply.type('application/json; charset=utf-8');
  return json;
}
