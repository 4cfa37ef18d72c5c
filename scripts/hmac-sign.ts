// Prints a signed curl command (or just the three headers) for the API's HMAC
// scheme, with the same secret the server uses (HMAC_SECRET_KEY from the
// environment or .env; in development the generated data/.hmac-secret-key).
//
//   npx tsx scripts/hmac-sign.ts POST /api/v1/auth/telegram/start '{"chat_id":123456789}'
//   npx tsx scripts/hmac-sign.ts --headers DELETE /api/v1/transactions/42 '{"reason":"typo"}'
//
// The body is signed byte for byte: send exactly the string you passed.
import { loadConfig } from '../src/config.js';
import { signRequest } from '../src/api/hmac-sign.js';

const args = process.argv.slice(2);
const headersOnly = args[0] === '--headers';
const [method, path, body = ''] = headersOnly ? args.slice(1) : args;
if (!method || !path || !path.startsWith('/')) {
  process.stderr.write('usage: hmac-sign.ts [--headers] METHOD /path[?query] [body]\n');
  process.exit(64);
}

const config = loadConfig();
const headers = signRequest({
  clientId: process.env['HMAC_CLIENT_ID'] ?? 'telegram_bot',
  secret: config.secrets.hmac,
  method: method.toUpperCase(),
  path,
  body,
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
if (headersOnly) {
  for (const [k, v] of Object.entries(headers)) process.stdout.write(`${k}: ${v}\n`);
} else {
  const parts = [`curl -sS -X ${method.toUpperCase()} ${quote(config.http.publicUrl + path)}`];
  if (body) parts.push(`-H 'Content-Type: application/json'`);
  for (const [k, v] of Object.entries(headers)) parts.push(`-H ${quote(`${k}: ${v}`)}`);
  if (body) parts.push(`--data-raw ${quote(body)}`);
  process.stdout.write(parts.join(' \\\n  ') + '\n');
}
