// The build context (everything .dockerignore lets through) is sent to the
// builder, which may be a remote machine or a CI runner. A family's books, a
// backup, an .env or a development secret must stay out of it wherever it lies
// in the checkout, not only at its top: .dockerignore patterns match from the
// context's root (unlike .gitignore's), so `*.db` let backups/finance-….db and
// scratch/x.db through.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Docker's .dockerignore rules (moby/patternmatcher): last match wins, `!` re-includes, a matched folder excludes its contents. */
function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (pattern.startsWith('**/', i)) {
          re += '(?:.*/)?';
          i += 2;
        } else if (pattern.startsWith('**', i)) {
          re += '.*';
          i += 1;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, re: new RegExp(`^${re}$`) };
    });
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) excluded = !rule.negate;
    return excluded;
  };
}

describe('.dockerignore', () => {
  const excluded = dockerignore(readFileSync('.dockerignore', 'utf8'));

  it('keeps databases, backups, .env files, secrets and installed modules out of the build context at any depth', () => {
    for (const path of [
      'node_modules/better-sqlite3/package.json',
      'src/webapp/node_modules/x/index.js',
      'dist/main.js',
      'data/finance.db',
      'finance.db',
      'backups/finance-2026-12-01.db',
      'scratch/frames.db',
      'data/finance.db-wal',
      'old/finance.db-wal',
      'finance.db.before-restore-2026-12-01T10-00-00Z',
      'finance.db.backup-2026-12-01T10-00-00-000Z',
      'Downloads/finance.db.enc',
      '.env',
      '.env.production',
      'deploy/.env',
      'secrets/jwt_secret_key',
      '.jwt-secret-key',
      '.hmac-secret-key',
      '.git/config',
    ]) {
      expect(excluded(path), path).toBe(true);
    }
  });

  it('lets through what the Dockerfile copies', () => {
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'src/main.ts', 'src/db/schema.ts', 'src/domain/data/x.ts', 'src/domain/secrets/x.ts', 'scripts/build.mjs', 'locales/en/bot.ftl', 'drizzle/0000_init.sql', '.env.example']) {
      expect(excluded(path), path).toBe(false);
    }
  });
});
