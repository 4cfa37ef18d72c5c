import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_VARIABLES, ConfigError, loadConfig, parseDotenv, parseTrustProxy } from '../src/config.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-config-'));
  dirs.push(dir);
  return join(dir, 'finance.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SECRET = 'x'.repeat(40);

describe('config', () => {
  it('starts with no environment at all in development, generating secrets beside the database', () => {
    const db = tempDb();
    const c = loadConfig({ env: { DATABASE_PATH: db }, dotenvPath: false });
    expect(c.http.port).toBe(8000);
    expect(c.database.synchronous).toBe('FULL');
    expect(c.bot.token).toBeUndefined();
    expect(c.secrets.jwt.length).toBeGreaterThanOrEqual(32);
    const file = join(db, '..', '.jwt-secret-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(c.secrets.jwt);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same secret is reused on the next start, so tokens survive restarts.
    expect(loadConfig({ env: { DATABASE_PATH: db }, dotenvPath: false }).secrets.jwt).toBe(c.secrets.jwt);
  });

  it('a DATABASE_PATH that was set, in a folder that does not exist (a disk not mounted), is refused naming it; nothing is made', () => {
    const root = join(tempDb(), '..');
    const db = join(root, 'mnt', 'data', 'finance.db');
    for (const env of [{ DATABASE_PATH: db }, { DATABASE_PATH: db, JWT_SECRET_KEY: SECRET, HMAC_SECRET_KEY: 'y'.repeat(40) }]) {
      try {
        loadConfig({ env, dotenvPath: false });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).problems).toEqual([expect.stringMatching(/^DATABASE_PATH: the folder .*mnt\/data of .* does not exist \(ENOENT\)\. .*never creates .*Mount its disk or create the folder/)]);
      }
    }
    expect(existsSync(join(root, 'mnt'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
    // A file where the folder should be is refused the same way.
    writeFileSync(join(root, 'mnt'), 'x');
    expect(() => loadConfig({ env: { DATABASE_PATH: db }, dotenvPath: false })).toThrow(/DATABASE_PATH: .*mnt is a file, not a folder, so the folder .*mnt\/data of .* does not exist \(ENOTDIR\)/);
    // Commands that make nothing (backup, healthcheck) and restore (which makes a new machine's folder) say it themselves.
    expect(loadConfig({ env: { DATABASE_PATH: join(root, 'new', 'f.db'), JWT_SECRET_KEY: SECRET, HMAC_SECRET_KEY: SECRET }, dotenvPath: false, createSecrets: false }).database.path).toContain('new');
    expect(existsSync(join(root, 'new'))).toBe(false);
  });

  it('a DATABASE_PATH that names a folder (a trailing slash, an existing folder) is refused before anything is written', () => {
    // The folder inside a temporary one of its own, so that the check of its parent sees only this test's files.
    const parent = join(tempDb(), '..');
    const root = join(parent, 'db');
    mkdirSync(root);
    for (const db of [`${root}/`, `${join(root, 'new')}/`, root]) {
      try {
        loadConfig({ env: { DATABASE_PATH: db }, dotenvPath: false });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).problems).toEqual([`DATABASE_PATH: ${db} names a folder; it must name the database file, e.g. ${join(resolve(db), 'finance.db')}.`]);
      }
    }
    // No database file named after the folder, no secrets in its parent.
    expect(readdirSync(root)).toEqual([]);
    expect(readdirSync(parent).filter((f) => f.endsWith('-secret-key'))).toEqual([]);
  });

  it("the default DATABASE_PATH's folder (./data), left unset or written as the default, is still made", () => {
    const cwd = process.cwd();
    const root = join(tempDb(), '..');
    process.chdir(root);
    try {
      expect(loadConfig({ env: {}, dotenvPath: false }).database.path).toBe('./data/finance.db');
      expect(existsSync(join(root, 'data', '.jwt-secret-key'))).toBe(true);
      rmSync(join(root, 'data'), { recursive: true });
      expect(loadConfig({ env: { DATABASE_PATH: './data/finance.db' }, dotenvPath: false }).secrets.jwt.length).toBeGreaterThanOrEqual(32);
    } finally {
      process.chdir(cwd);
    }
  });

  it('roles started together in development all use the one secret that was written, whoever wrote it', async () => {
    const config = pathToFileURL(resolve('src/config.ts')).href;
    // Each child loads the config module, says it is ready, and loads the configuration at the moment it is given.
    const script = `
      import { loadConfig } from ${JSON.stringify(config)};
      process.stdout.write('ready\\n');
      process.stdin.once('data', (d) => {
        const at = Number(String(d).trim());
        while (Date.now() < at);
        const c = loadConfig({ env: { DATABASE_PATH: process.argv.at(-1) }, dotenvPath: false });
        process.stdout.write(JSON.stringify(c.secrets) + '\\n');
        process.stdin.destroy();
      });`;
    for (let round = 0; round < 4; round++) {
      const db = tempDb();
      const children = Array.from({ length: 8 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, '--', db], { stdio: ['pipe', 'pipe', 'inherit'] });
        let out = '';
        const ready = new Promise<void>((r) => child.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('ready\n') && r())));
        const done = new Promise<string>((r) => child.on('exit', () => r(out.trim().split('\n').pop() ?? '')));
        return { child, ready, done };
      });
      await Promise.all(children.map((c) => c.ready));
      const at = Date.now() + 300;
      for (const c of children) c.child.stdin.write(`${at}\n`);
      const secrets = (await Promise.all(children.map((c) => c.done))).map((line) => JSON.parse(line) as { jwt: string; hmac: string });
      const written = { jwt: readFileSync(join(db, '..', '.jwt-secret-key'), 'utf8').trim(), hmac: readFileSync(join(db, '..', '.hmac-secret-key'), 'utf8').trim() };
      expect(secrets).toEqual(Array(8).fill(written));
      expect(readdirSync(join(db, '..')).sort()).toEqual(['.hmac-secret-key', '.jwt-secret-key']);
    }
  }, 120_000);

  it('refuses to start in production without secrets and names both variables', () => {
    const err = (() => {
      try {
        loadConfig({ env: { NODE_ENV: 'production', DATABASE_PATH: tempDb() }, dotenvPath: false });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as ConfigError).message;
    expect(msg).toContain('JWT_SECRET_KEY');
    expect(msg).toContain('HMAC_SECRET_KEY');
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ env: { PORT: 'eighty', JWT_SECRET_KEY: 'short', DEFAULT_CURRENCY: 'XYZ1', BOT_TOKEN: 'nope', DATABASE_PATH: tempDb() }, dotenvPath: false });
      expect.unreachable('config should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'JWT_SECRET_KEY', 'DEFAULT_CURRENCY', 'BOT_TOKEN']) expect(problems).toContain(name);
    }
  });

  it('reads numbers as digits in range: a blank value is the default, hex, exponents and out-of-range values are named', () => {
    const blank = loadConfig({ env: { BACKUP_KEEP_DAILY: ' ', PORT: ' ', DATABASE_PATH: tempDb() }, dotenvPath: false });
    expect(blank.backup.keepDaily).toBe(7);
    expect(blank.http.port).toBe(8000);
    expect(loadConfig({ env: { BACKUP_KEEP_DAILY: ' 3 ', APPROVAL_REMINDER_HOURS: '0.5', DATABASE_PATH: tempDb() }, dotenvPath: false })).toMatchObject({
      backup: { keepDaily: 3 },
      approvalReminderHours: 0.5,
    });
    try {
      loadConfig({
        env: { BACKUP_KEEP_DAILY: '0x10', BACKUP_KEEP_WEEKLY: '1e3', PORT: '70000', APPROVAL_REMINDER_HOURS: 'Infinity', MINIAPP_AUTH_MAX_AGE_SECONDS: '-5', DATABASE_PATH: tempDb() },
        dotenvPath: false,
      });
      expect.unreachable('config should have failed');
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^BACKUP_KEEP_DAILY: must be a whole number from 0 to 366; got "0x10"$/m);
      expect(problems).toMatch(/^BACKUP_KEEP_WEEKLY: must be a whole number from 0 to 520; got "1e3"$/m);
      expect(problems).toMatch(/^PORT: must be from 0 to 65535; got "70000"$/m);
      expect(problems).toMatch(/^APPROVAL_REMINDER_HOURS: must be a number of hours/m);
      expect(problems).toMatch(/^MINIAPP_AUTH_MAX_AGE_SECONDS: must be a whole number from 60 to 86400; got "-5"$/m);
    }
  });

  it('reads CORS_ORIGINS as origins, and refuses an item no browser would send', () => {
    const c = loadConfig({ env: { CORS_ORIGINS: 'https://App.example:443/, http://localhost:5173', DATABASE_PATH: tempDb() }, dotenvPath: false });
    expect(c.http.corsOrigins).toEqual(['https://app.example', 'http://localhost:5173']);
    for (const bad of ['money.example.org', '*', 'https://money.example.org/app', 'ftp://money.example.org']) {
      expect(() => loadConfig({ env: { CORS_ORIGINS: `https://ok.example,${bad}`, DATABASE_PATH: tempDb() }, dotenvPath: false })).toThrow(
        new RegExp(`CORS_ORIGINS: "${bad.replace(/[.*/]/g, '\\$&')}" is not an origin`),
      );
    }
  });

  it('says a URL without a scheme needs one', () => {
    expect(() => loadConfig({ env: { PUBLIC_URL: 'money.example.org', DATABASE_PATH: tempDb() }, dotenvPath: false })).toThrow(
      /PUBLIC_URL: must be a full URL starting with https:\/\/ or http:\/\//,
    );
  });

  it('requires a webhook secret in webhook mode', () => {
    expect(() =>
      loadConfig({ env: { WEBHOOK_URL: 'https://x.example/hook', JWT_SECRET_KEY: SECRET, HMAC_SECRET_KEY: SECRET, DATABASE_PATH: tempDb() }, dotenvPath: false }),
    ).toThrow(/WEBHOOK_SECRET/);
  });

  it('requires an https WEBHOOK_URL on a port Telegram posts to, and names the variable', () => {
    const base = { WEBHOOK_SECRET: 'a'.repeat(24), JWT_SECRET_KEY: SECRET, HMAC_SECRET_KEY: SECRET, DATABASE_PATH: tempDb() };
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig({ env: { ...base, ...env }, dotenvPath: false });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems.join('\n');
      }
      return '';
    };
    for (const url of ['http://money.example.org/telegram/webhook', 'HTTP://money.example.org/hook', 'ftp://money.example.org/hook', 'ws://money.example.org/hook']) {
      expect(problems({ WEBHOOK_URL: url })).toMatch(/^WEBHOOK_URL: must start with https:\/\//m);
    }
    expect(problems({ BOT_MODE: 'webhook', WEBHOOK_URL: 'http://money.example.org/hook' })).toMatch(/WEBHOOK_URL: .*https/);
    expect(problems({ WEBHOOK_URL: 'https://money.example.org:3000/hook' })).toMatch(/^WEBHOOK_URL: must use port 443/m);
    for (const url of ['https://money.example.org/telegram/webhook', 'https://money.example.org:8443/hook', 'https://money.example.org:443/hook']) {
      expect(problems({ WEBHOOK_URL: url })).toBe('');
      expect(loadConfig({ env: { ...base, WEBHOOK_URL: url }, dotenvPath: false }).bot.mode).toBe('webhook');
    }
    // A local Bot API server (telegram-bot-api --local) posts to http and any port; a URL it is is still checked.
    const local = { TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' };
    expect(problems({ ...local, WEBHOOK_URL: 'http://bot:8000/telegram/webhook' })).toBe('');
    expect(problems({ ...local, WEBHOOK_URL: 'ftp://bot/hook' })).toMatch(/^WEBHOOK_URL: must start with https:\/\//m);
    expect(problems({ TELEGRAM_API_ROOT: 'https://api.telegram.org/', WEBHOOK_URL: 'http://money.example.org/hook' })).toMatch(/^WEBHOOK_URL: must start with https:\/\//m);
  });

  it('refuses URLs of the wrong scheme in the other URL variables, naming each', () => {
    try {
      loadConfig({ env: { TELEGRAM_API_ROOT: 'ftp://bots.example.org', PUBLIC_URL: 'javascript:alert(1)', REDIS_URL: 'http://localhost:6379', DATABASE_PATH: tempDb() }, dotenvPath: false });
      expect.unreachable('config should have failed');
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      for (const name of ['TELEGRAM_API_ROOT', 'PUBLIC_URL', 'REDIS_URL']) expect(problems).toMatch(new RegExp(`^${name}: must start with`, 'm'));
    }
    const ok = loadConfig({ env: { TELEGRAM_API_ROOT: 'http://127.0.0.1:8081', PUBLIC_URL: 'http://localhost:8000', REDIS_URL: 'rediss://cache.example.org:6380', DATABASE_PATH: tempDb() }, dotenvPath: false });
    expect(ok.bot.apiRoot).toBe('http://127.0.0.1:8081');
  });

  it('refuses the bot role without a bot token, by the command line or APP_ROLE; the other roles run without one', () => {
    const env = { JWT_SECRET_KEY: SECRET, HMAC_SECRET_KEY: SECRET, DATABASE_PATH: tempDb() };
    expect(() => loadConfig({ env, dotenvPath: false, role: 'bot' })).toThrow(/BOT_TOKEN: required by the bot role/);
    expect(() => loadConfig({ env: { ...env, APP_ROLE: 'bot' }, dotenvPath: false })).toThrow(/BOT_TOKEN/);
    expect(loadConfig({ env: { ...env, BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' }, dotenvPath: false, role: 'bot' }).role).toBe('bot');
    for (const role of ['all', 'api', 'worker', 'migrate', 'backup']) expect(loadConfig({ env, dotenvPath: false, role }).bot.token).toBeUndefined();
  });

  it('reads a .env file, with real environment variables winning', () => {
    const db = tempDb();
    const envFile = join(db, '..', '.env');
    writeFileSync(envFile, `# comment\nPORT=9001\nLOG_LEVEL="debug"\nDATABASE_PATH=${db}\nHOST=0.0.0.0 # inline\n`);
    const c = loadConfig({ env: { PORT: '9002' }, dotenvPath: envFile });
    expect(c.http.port).toBe(9002);
    expect(c.logLevel).toBe('debug');
    expect(c.http.host).toBe('0.0.0.0');
    expect(c.http.publicUrl).toBe('http://localhost:9002');
  });

  it('takes the role from the command line over APP_ROLE and rejects unknown roles', () => {
    const db = tempDb();
    expect(loadConfig({ env: { APP_ROLE: 'api', DATABASE_PATH: db }, dotenvPath: false, role: 'worker' }).role).toBe('worker');
    expect(() => loadConfig({ env: { DATABASE_PATH: db }, dotenvPath: false, role: 'everything' })).toThrow(/APP_ROLE/);
  });

  it('reads every enum and boolean variable in any case, trimmed, and names the variable and its allowed values otherwise', () => {
    const db = tempDb();
    const c = loadConfig({
      env: {
        DATABASE_PATH: db,
        NODE_ENV: ' Test ',
        APP_ROLE: 'API',
        LOG_LEVEL: 'INFO',
        DATABASE_SYNCHRONOUS: 'normal',
        BOT_MODE: 'Polling',
        DEFAULT_LOCALE: 'RU',
        INSTANCE_POLICY: 'OPEN',
        REQUIRE_HMAC_VERIFICATION: 'TRUE',
        ALLOW_REGISTRATION: ' No ',
      },
      dotenvPath: false,
    });
    expect([c.nodeEnv, c.role, c.logLevel, c.database.synchronous, c.bot.mode, c.defaults.locale, c.instance.mode]).toEqual(['test', 'api', 'info', 'NORMAL', 'polling', 'ru', 'open']);
    expect([c.http.requireHmac, c.http.allowRegistration]).toEqual([true, false]);
    expect(loadConfig({ env: { DATABASE_PATH: db, REQUIRE_HMAC_VERIFICATION: 'Yes', ALLOW_REGISTRATION: '0' }, dotenvPath: false }).http).toMatchObject({ requireHmac: true, allowRegistration: false });
    try {
      loadConfig({ env: { DATABASE_PATH: db, DEFAULT_LOCALE: 'de', LOG_LEVEL: 'loud', REQUIRE_HMAC_VERIFICATION: 'maybe', ALLOW_REGISTRATION: 'nope', DATABASE_SYNCHRONOUS: 'off' }, dotenvPath: false });
      expect.unreachable('config should have failed');
    } catch (e) {
      const problems = (e as ConfigError).problems;
      expect(problems).toContainEqual(expect.stringMatching(/^DEFAULT_LOCALE: .*en, ru/));
      expect(problems).toContainEqual(expect.stringMatching(/^LOG_LEVEL: .*fatal, error, warn, info, debug, trace, silent/));
      expect(problems).toContainEqual(expect.stringMatching(/^REQUIRE_HMAC_VERIFICATION: .*true, false, 1, 0, yes, no/));
      expect(problems).toContainEqual(expect.stringMatching(/^ALLOW_REGISTRATION: .*true, false/));
      expect(problems).toContainEqual(expect.stringMatching(/^DATABASE_SYNCHRONOUS: .*FULL, NORMAL/));
    }
  });

  it('reads a quoted .env value with a comment after it as the value alone, as Compose does', () => {
    const db = tempDb();
    const envFile = join(db, '..', '.env');
    const jwt = 'Qx7vL2pR9sT4wY6zA1bC3dE5fG8hJ0kM';
    writeFileSync(
      envFile,
      `DATABASE_PATH=${db}\nBACKUP_DIR="/mnt/usb/finance backups" # the other disk\nJWT_SECRET_KEY='${jwt}'   # keep with the backups\n` +
        `LOG_LEVEL="warn"#quiet\nPUBLIC_URL="https://money.example.org/say \\"hi\\""\n`,
    );
    const c = loadConfig({ env: {}, dotenvPath: envFile });
    // Before: the quotes and all stayed in the value: backups went into ./"/mnt/usb/finance backups",
    // the secret was 34 characters with its quotes, and LOG_LEVEL was refused.
    expect(c.backup.dir).toBe('/mnt/usb/finance backups');
    expect(c.secrets.jwt).toBe(jwt);
    expect(c.logLevel).toBe('warn');
    expect(c.http.publicUrl).toBe('https://money.example.org/say "hi"');
  });

  it('refuses a .env line it cannot read, naming the file, the line and the variable, never the value', () => {
    const db = tempDb();
    const envFile = join(db, '..', '.env');
    writeFileSync(envFile, `DATABASE_PATH=${db}\nBOT_TOKEN: 123456:SECRETSECRETSECRETSECRET\nWEBHOOK_SECRET="abcdefghijklmnop\nHOST='0.0.0.0' extra\n`);
    try {
      loadConfig({ env: {}, dotenvPath: envFile });
      expect.unreachable('config should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^BOT_TOKEN: ${envFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2 is not NAME=value`)),
        expect.stringMatching(/^WEBHOOK_SECRET: .* line 3 opens a " quote that is never closed/),
        expect.stringMatching(/^HOST: .* line 4 has text after the closing quote/),
      ]);
      expect((e as ConfigError).message).not.toMatch(/SECRETSECRET|abcdefghijklmnop/);
    }
  });

  it('refuses a value that arrives with quotes around it (docker run --env-file keeps them), naming the variable, never the value', () => {
    const db = tempDb();
    try {
      loadConfig({ env: { DATABASE_PATH: db, BOT_TOKEN: '"123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"', BACKUP_DIR: "'/mnt/usb/finance'", JWT_SECRET_KEY: `"${SECRET}"` }, dotenvPath: false });
      expect.unreachable('config should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      for (const name of ['BOT_TOKEN', 'BACKUP_DIR', 'JWT_SECRET_KEY']) expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${name}: has quotes around it`)));
      expect((e as ConfigError).message).not.toMatch(/ABCDEFGHIJ|xxxxxxxx|mnt/);
    }
    // Nothing was written for the refused secret.
    expect(readdirSync(join(db, '..'))).not.toContain('.jwt-secret-key');
    // A quote inside a value is the value's own.
    expect(loadConfig({ env: { DATABASE_PATH: db, PUBLIC_URL: 'https://money.example.org/"x"' }, dotenvPath: false }).http.publicUrl).toBe('https://money.example.org/"x"');
  });

  it('parses .env syntax', () => {
    expect(parseDotenv("A=1\nexport B='two words'\n#C=3\nD=\"x#y\"\nE=v # c\n")).toEqual({ A: '1', B: 'two words', D: 'x#y', E: 'v' });
  });

  it('documents every variable in .env.example and the README, with the default the schema applies, and nothing more', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(15);
    // .env.example: one NAME=value line per variable, the value being the default (empty when there is none).
    const example = parseDotenv(readFileSync('.env.example', 'utf8'));
    expect(Object.keys(example).sort()).toEqual([...CONFIG_VARIABLES].sort());
    for (const name of CONFIG_VARIABLES) expect(example[name], `.env.example ${name}`).toBe(CONFIG_DEFAULTS[name] ?? '');
    // README's Configuration table: rows "| `A` / `B` | `a` / `b` | meaning |"; a default in backticks is the
    // schema's, "–" means none, words or other variables ("generated in development", `http://HOST:PORT`) a default
    // computed at start (none in the schema).
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 5));
    const documented: string[] = [];
    for (const row of section.split('\n').filter((l) => /^\| `[A-Z_]+`/.test(l))) {
      const [names = '', defaults = ''] = row.split('|').slice(1).map((c) => c.trim());
      const rowNames = names.split(' / ').map((n) => n.replace(/`/g, ''));
      const rowDefaults = defaults.split(' / ');
      rowNames.forEach((name, i) => {
        documented.push(name);
        const cell = (rowDefaults.length === rowNames.length ? rowDefaults[i] : defaults) ?? '';
        // `http://HOST:PORT` is computed from other variables at start, like words.
        const literal = /^`([^`]*)`$/.exec(cell);
        if (literal && !CONFIG_VARIABLES.some((v) => new RegExp(`\\b${v}\\b`).test(literal[1] ?? ''))) expect(literal[1], `README ${name}`).toBe(CONFIG_DEFAULTS[name]);
        else expect(CONFIG_DEFAULTS[name], `README ${name}: "${cell}" but the schema has a default`).toBeUndefined();
      });
    }
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe('production secrets', () => {
  const STRONG_JWT = 'q8Vn2xLr7TzK4pWm9bYc3HsDf6GjA1uE5oRk0iNv8tQy';
  const STRONG_HMAC = 'Zr4Mx9Lp2Wq7Tn3Kv8Bc1Yd6Hf5Gs0Ja4Ue7Oi2Pk9Rl';
  const problemsFor = (jwt: string, hmac: string): string[] => {
    try {
      loadConfig({ env: { NODE_ENV: 'production', DATABASE_PATH: tempDb(), JWT_SECRET_KEY: jwt, HMAC_SECRET_KEY: hmac }, dotenvPath: false });
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems;
    }
  };

  it('starts with two different random secrets', () => {
    expect(problemsFor(STRONG_JWT, STRONG_HMAC)).toEqual([]);
  });

  it.each([
    ['one character repeated', 'x'.repeat(40)],
    ['a short pattern repeated', 'abc123'.repeat(8)],
    ['few different characters', 'abababababababcdcdcdcdcdcdcdefefefefefefefef'],
    ['a placeholder from an example', 'change-me-to-a-long-random-string-0123456789'],
    ['an example value', 'your-jwt-secret-key-here-at-least-32-characters'],
  ])('refuses %s and names the variable', (_what, weak) => {
    const problems = problemsFor(weak, STRONG_HMAC);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JWT_SECRET_KEY: /);
  });

  it('refuses the same value for JWT and HMAC', () => {
    expect(problemsFor(STRONG_JWT, STRONG_JWT)).toEqual(['HMAC_SECRET_KEY: must differ from JWT_SECRET_KEY']);
  });

  it('refuses the values .env.example ships with', () => {
    const example = parseDotenv(readFileSync('.env.example', 'utf8'));
    const problems = problemsFor(example['JWT_SECRET_KEY'] || 'x', example['HMAC_SECRET_KEY'] || 'x');
    expect(problems.join('\n')).toMatch(/JWT_SECRET_KEY/);
    expect(problems.join('\n')).toMatch(/HMAC_SECRET_KEY/);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['true', 1],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.0/8, 127.0.0.1,::1', ['10.0.0.0/8', '127.0.0.1', '::1']],
    ['loopback', ['loopback']],
  ])('%s → %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
    expect(loadConfig({ env: { DATABASE_PATH: tempDb(), TRUST_PROXY: raw }, dotenvPath: false }).http.trustProxy).toEqual(expected);
  });

  it.each(['0.0.0.0/0', '::/0', '0.0.0.0/0x', '999.1.1.1', '10.0.0.0/33', 'everyone', '11'])('refuses %s with the variable named', (raw) => {
    expect(() => loadConfig({ env: { DATABASE_PATH: tempDb(), TRUST_PROXY: raw }, dotenvPath: false })).toThrow(/TRUST_PROXY: must be/);
  });
});
