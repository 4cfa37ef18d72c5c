// The README's curl walkthrough, run as written (only the address changes)
// with bash and curl against the API on an empty database, without Telegram;
// each "# {…}" comment under a command is checked against that command's output.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createTestDb, TEST_PASSWORD_PARAMS, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

function walkthrough(): string {
  const readme = readFileSync('README.md', 'utf8');
  const m = /<!-- walkthrough:begin -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no walkthrough block');
  return m[1]!;
}

/** The script with a marker echoed after each command, so outputs can be matched to the README's "# …" lines. */
function instrument(script: string): { script: string; expected: string[] } {
  const lines = script.split('\n');
  const out: string[] = [];
  const expected: string[] = [];
  let command = '';
  for (const line of lines) {
    if (line.startsWith('# ')) {
      expected[expected.length - 1] = line.slice(2);
      continue;
    }
    command += (command ? '\n' : '') + line;
    if (line.endsWith('\\') || !command.trim()) continue;
    out.push(command, `echo; echo "@@step ${expected.length}"`);
    expected.push('');
    command = '';
  }
  return { script: out.join('\n'), expected };
}

/** "{"id":1,…,"role":"owner",…}" → the fragments between the ellipses, each of which must appear in order. */
function fragments(comment: string): string[] {
  return comment
    .replace(/\s+\(.*\)$/, '')
    .split('…')
    .map((f) => f.replace(/^,|,$/g, ''))
    .filter((f) => f && f !== '{' && f !== '}' && f !== '}]}' && f !== ']}');
}

describe('README: from an empty database with curl', () => {
  it('runs as written and answers what the README says', { timeout: 60_000 }, async () => {
    t = createTestDb();
    const config = loadConfig({ env: { DATABASE_PATH: t.path, JWT_SECRET_KEY: 'Qx7vL2pR9sT4wY6zA1bC3dE5fG8hJ0kM', HMAC_SECRET_KEY: 'Zm4nB7vC1xL3kJ6hG9fD2sA5pO8iU0yT' }, dotenvPath: false });
    const server = buildServer({ core: { ...t.deps, clock: Date.now, passwordParams: TEST_PASSWORD_PARAMS, instancePolicy: config.instance }, config, log: createLogger({ level: 'silent' }) });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (server.server.address() as { port: number }).port;
      const { script, expected } = instrument(walkthrough().replaceAll('http://127.0.0.1:8000', `http://127.0.0.1:${port}`));
      const output = await new Promise<string>((resolve, reject) => {
        // Async: the server answers in this same process.
        const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code: number) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}\n${out}`))));
      });
      const outputs = output.split(/\n?@@step \d+\n/);
      expect(outputs.length - 1).toBe(expected.length);
      expected.forEach((comment, i) => {
        if (!comment) return;
        let at = 0;
        for (const f of fragments(comment)) {
          const found = outputs[i]!.indexOf(f, at);
          expect(found, `step ${i + 1}: ${JSON.stringify(f)} in ${outputs[i]}`).toBeGreaterThanOrEqual(0);
          at = found + f.length;
        }
      });
    } finally {
      await server.close();
    }
  });
});


