// What both bundles of the app (scripts/build.mjs for dist/, build-binary.mjs
// for the single executable) leave out.

/**
 * Optional native or dev-only peers of our dependencies, loaded by their users
 * inside try/catch (msgpackr's native extension, pino-pretty, ws's native
 * helpers, ioredis's Valkey client, node-fetch's encoding): never bundled.
 */
export const OPTIONAL_PEERS = ['msgpackr-extract', 'pino-pretty', 'bufferutil', 'utf-8-validate', '@valkey/valkey-glide', 'encoding'];
