// The only module that reads process.env. Everything else receives a Config.
// Validation failures name every bad variable at once, so a self-hoster fixes
// the .env in one go instead of one restart per mistake.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { isCurrencyCode } from './domain/money/currency.js';
import { seaAppVersion } from './runtime/sea.js';
import { kernelFileSystemProblem, makeFolder, nearestExisting, setFolderProblem } from './runtime/make-folder.js';

export const APP_ROLES = ['all', 'api', 'bot', 'worker', 'migrate', 'backup'] as const;
export type AppRole = (typeof APP_ROLES)[number];
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * One of `values`, in any case and with spaces around it trimmed (LOG_LEVEL=INFO,
 * DATABASE_SYNCHRONOUS=full); anything else is refused naming the allowed values.
 */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const allowed = `must be one of ${values.join(', ')} (any case)`;
  return z
    .string()
    .transform((v, c) => {
      const found = values.find((x) => x.toLowerCase() === v.trim().toLowerCase());
      if (found === undefined) c.addIssue({ code: z.ZodIssueCode.custom, message: `${allowed}; got "${v.trim()}"` });
      return (found ?? values[0]) as T[number];
    });
}

// A boolean is one of these words in any case; an unknown word is refused, never read as false.
const bool = oneOf(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const secret = z.string().min(32, 'must be at least 32 characters');

/**
 * A URL whose scheme is one of `schemes` (z.string().url() alone takes any
 * scheme: ftp:, mailto:, a typo like htps:). `why` ends the message.
 */
function urlOf(schemes: readonly string[], why: string) {
  return z
    .string()
    .url(`must be a full URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`)
    .refine(
      (v) => {
        const scheme = urlPart(v, 'protocol');
        return scheme === undefined || schemes.includes(scheme);
      },
      (v) => ({ message: `must start with ${schemes.map((s) => `${s}//`).join(' or ')} (got ${urlPart(v, 'protocol') ?? ''}//)${why}` }),
    );
}

/** A part of a URL, or undefined when it does not parse (z.url() has said so already). */
function urlPart(v: string, part: 'protocol' | 'port' | 'hostname'): string | undefined {
  try {
    return new URL(v)[part];
  } catch {
    return undefined;
  }
}

/**
 * A whole number in [min, max], written as digits. z.coerce.number() took
 * " " as 0 (BACKUP_KEEP_DAILY=" " turned the backups off, PORT=" " picked a
 * random port), "0x10" as 16 and "1e3" as 1000.
 */
function wholeNumber(min: number, max: number) {
  const range = `from ${min} to ${max}`;
  // The value is shown (none of these is a secret): "PORT: must be a whole number" alone left the
  // reader to find which of the environment, .env or compose had set what.
  return z.string().transform((raw, c) => {
    const v = raw.trim();
    const got = `got "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
    if (!/^\d+$/.test(v)) {
      c.addIssue({ code: z.ZodIssueCode.custom, message: `must be a whole number ${range}; ${got}` });
      return z.NEVER;
    }
    const n = Number(v);
    if (n < min || n > max) {
      c.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${range}; ${got}` });
      return z.NEVER;
    }
    return n;
  });
}

/**
 * CORS_ORIGINS: comma-separated origins, each scheme://host[:port] as a
 * browser sends it in Origin (a trailing slash dropped). The CORS plugin
 * compares strings exactly, so "money.example.org", "https://x.org/app" or
 * "*" would match no request at all: refused, naming the item.
 */
export function parseCorsOrigins(raw: string): string[] | string {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const origins: string[] = [];
  for (const item of items) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    const bare = url !== undefined && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !['https:', 'http:'].includes(url.protocol) || !bare || !/^https?:\/\/[^/]+\/?$/i.test(item)) {
      return `"${item}" is not an origin: each must be https:// or http:// and a host, with an optional port and nothing after it (e.g. https://money.example.org)`;
    }
    origins.push(url.origin);
  }
  return origins;
}

/** Telegram only delivers webhooks to these ports (Bot API, setWebhook). */
const WEBHOOK_PORTS = ['', '443', '80', '88', '8443'];

/** Placeholder words people leave in a copied example file. */
const PLACEHOLDER = /change[-_ ]?me|example|placeholder|your[-_ ]?(jwt|hmac)?[-_ ]?secret|replace[-_ ]?(this|me)|^secret|^password/i;

/**
 * Why a production secret is guessable, or null. Catches what people type by
 * hand (one character repeated, a short pattern repeated, a handful of
 * distinct characters, a placeholder); a value from `openssl rand -base64 48`
 * passes.
 */
export function secretWeakness(value: string): string | null {
  if (value.length < 32) return 'must be at least 32 characters';
  if (PLACEHOLDER.test(value)) return 'looks like a placeholder from an example, not a random secret';
  for (let period = 1; period <= 16; period++) {
    if ([...value].every((ch, i) => ch === value[i % period])) return 'is a short pattern repeated, not a random secret';
  }
  if (new Set(value).size < 16) return 'has too few different characters to be random (use openssl rand -base64 48)';
  return null;
}

/** Who may set X-Forwarded-For: nobody, the nearest N hops, or the listed proxies. */
export type TrustProxy = false | number | string[];

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isProxyAddress(item: string): boolean {
  const [addr = '', bits, ...rest] = item.split('/');
  if (rest.length > 0) return false;
  const v4 = IPV4.test(addr);
  const v6 = !v4 && /^[0-9a-fA-F:.]+$/.test(addr) && addr.includes(':');
  if (!v4 && !v6) return ['loopback', 'linklocal', 'uniquelocal'].includes(item);
  if (bits === undefined) return true;
  // A prefix of 0 would trust every address on the internet to name the client.
  return /^\d{1,3}$/.test(bits) && Number(bits) >= 1 && Number(bits) <= (v4 ? 32 : 128);
}

/**
 * TRUST_PROXY: false (default) | true (exactly one hop) | a hop count (2) |
 * proxy addresses or CIDRs, comma-separated (10.0.0.0/8,192.168.1.10).
 * Never "trust everything": a client could then choose its own address.
 * Returns the value or a message saying what is wrong.
 */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const v = raw.trim().toLowerCase();
  if (['false', '0', 'no', ''].includes(v)) return false;
  if (['true', 'yes'].includes(v)) return 1;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops >= 1 && hops <= 10 ? hops : 'must be false, true (one hop), a hop count 1-10, or proxy addresses/CIDRs';
  }
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > 0 && items.every(isProxyAddress)) return items;
  return 'must be false, true (one hop), a hop count such as 1, or proxy addresses/CIDRs such as 10.0.0.0/8,127.0.0.1';
}

/** DATABASE_PATH's default; its folder (./data) is the only database folder the app makes. */
const DEFAULT_DATABASE_PATH = './data/finance.db';

const schema = z.object({
  // Every enum and boolean in any case (LOG_LEVEL=DEBUG, NODE_ENV=Production is what people type): oneOf.
  NODE_ENV: oneOf(['development', 'production', 'test']).default('development'),
  APP_ROLE: oneOf(APP_ROLES).default('all'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_PATH: z.string().min(1).default(DEFAULT_DATABASE_PATH),
  DATABASE_SYNCHRONOUS: oneOf(['FULL', 'NORMAL']).default('FULL'),
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC-DEF… (from @BotFather)')
    .optional(),
  TELEGRAM_API_ROOT: urlOf(['https:', 'http:'], '').default('https://api.telegram.org'),
  BOT_MODE: oneOf(['polling', 'webhook']).optional(),
  // Telegram's own servers post only to https on ports 443, 80, 88 and 8443 (checked below, with
  // TELEGRAM_API_ROOT: a local Bot API server, `telegram-bot-api --local`, posts to http and any port).
  WEBHOOK_URL: urlOf(['https:', 'http:'], '').optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  PORT: wholeNumber(0, 65535).default('8000'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: urlOf(['https:', 'http:'], '').optional(),
  JWT_SECRET_KEY: secret.optional(),
  HMAC_SECRET_KEY: secret.optional(),
  REQUIRE_HMAC_VERIFICATION: bool.default('false'),
  ALLOW_REGISTRATION: bool.default('true'),
  CORS_ORIGINS: z
    .string()
    .transform((v, c) => {
      const parsed = parseCorsOrigins(v);
      if (typeof parsed === 'string') c.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    })
    .optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, c) => {
      const parsed = parseTrustProxy(v);
      if (typeof parsed === 'string') c.addIssue({ code: z.ZodIssueCode.custom, message: parsed });
      return typeof parsed === 'string' ? false : parsed;
    }),
  REDIS_URL: urlOf(['redis:', 'rediss:'], '').optional(),
  DEFAULT_LOCALE: oneOf(LOCALES).default('en'),
  DEFAULT_CURRENCY: z
    .string()
    .transform((s) => s.toUpperCase())
    .refine(isCurrencyCode, 'must be an ISO 4217 currency code such as USD')
    .default('USD'),
  APPROVAL_REMINDER_HOURS: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of hours such as 24 or 0.5')
    .transform(Number)
    .pipe(z.number().positive('must be more than 0').max(8760, 'must be at most 8760 (a year)'))
    .default('24'),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP_DAILY: wholeNumber(0, 366).default('7'),
  BACKUP_KEEP_WEEKLY: wholeNumber(0, 520).default('4'),
  RESTORE_PASSPHRASE_TIMEOUT_SECONDS: wholeNumber(1, 3600).default('30'),
  INSTANCE_POLICY: oneOf(['invite', 'open']).default('invite'),
  INSTANCE_ALLOWED_TELEGRAM_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be Telegram user ids separated by commas, e.g. 12345,67890')
    .optional(),
  MINIAPP_AUTH_MAX_AGE_SECONDS: wholeNumber(60, 86_400).default('3600'),
});

/** Every environment variable the app reads (documented in .env.example and the README). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

/** Each variable's default as written in the environment, or undefined when it has none (tests hold the docs to it). */
export const CONFIG_DEFAULTS: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(schema.shape).map(([name, type]) => {
    let t: z.ZodTypeAny = type;
    while (t instanceof z.ZodEffects || t instanceof z.ZodOptional) t = t instanceof z.ZodEffects ? t.innerType() : t.unwrap();
    return [name, t instanceof z.ZodDefault ? String(t._def.defaultValue()) : undefined];
  }),
);

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  role: AppRole;
  logLevel: string;
  version: string;
  database: { path: string; synchronous: 'FULL' | 'NORMAL' };
  bot: {
    token: string | undefined;
    apiRoot: string;
    mode: 'polling' | 'webhook';
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
  };
  http: {
    port: number;
    host: string;
    /** PUBLIC_URL, else defaultPublicUrl(HOST, PORT); with PORT=0, replaced by the port the server got once it listens. */
    publicUrl: string;
    /** PUBLIC_URL was set (never replaced). */
    publicUrlSet: boolean;
    corsOrigins: string[];
    /** false: use the socket address; a number: trust that many proxy hops; a list: trust only these proxy addresses/CIDRs. */
    trustProxy: TrustProxy;
    allowRegistration: boolean;
    requireHmac: boolean;
  };
  secrets: { jwt: string; hmac: string };
  redisUrl: string | undefined;
  defaults: { locale: Locale; currency: string };
  approvalReminderHours: number;
  /** Scheduled backups: folder, days and weeks kept (keepDaily 0 turns them off). */
  backup: { dir: string; keepDaily: number; keepWeekly: number };
  /** `restore`: how long a passphrase from a stdin that is not a terminal is waited for (seconds). */
  restore: { passphraseTimeoutS: number };
  /** Who may create families: the instance owner's invitees (invite) or anyone (open), plus an allowlist. */
  instance: { mode: 'invite' | 'open'; allowedTelegramIds: number[] };
  /** Telegram Mini App: how old its signed initData may be (seconds); its session ends then. */
  miniApp: { authMaxAgeS: number };
};

/**
 * PUBLIC_URL when it is not set: the server on this machine. A wildcard HOST (0.0.0.0, ::) is reached
 * as localhost; an IPv6 address goes in brackets (`http://::1:8000` is no URL).
 */
export function defaultPublicUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '[::]' ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses a .env file: NAME=VALUE lines, # comments, `export `, values in '…' or "…" (in "…", \" \\ and
 * \n are escapes) with an optional # comment after the closing quote, as Docker Compose reads it.
 * A quoted value once kept its quotes when a comment followed (BACKUP_DIR="/mnt/usb" # other disk went
 * to a folder named `"`), and a line that was not NAME=value was skipped in silence (BOT_TOKEN: …
 * left the bot off). A line it cannot read is a ConfigError naming the file, the line and the
 * variable, never the value (it may be a secret).
 */
export function parseDotenv(text: string, file = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const where = `${file} line ${i + 1}`;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      const name = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1];
      problems.push(`${name ?? '(.env)'}: ${where} is not NAME=value${name ? ` (write it as ${name}=…)` : ''}`);
      return;
    }
    const name = m[1] as string;
    const value = readDotenvValue(m[2] ?? '');
    if (typeof value === 'string') out[name] = value;
    else problems.push(`${name}: ${where} ${value.problem}`);
  });
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/** A .env value as written after `=`: quoted (up to its closing quote) or bare (up to a ` #` comment). */
function readDotenvValue(v: string): string | { problem: string } {
  const quote = v[0];
  if (quote !== '"' && quote !== "'") return v.replace(/\s+#.*$/, '').trim();
  let value = '';
  for (let i = 1; i < v.length; i++) {
    const ch = v[i] as string;
    if (ch === quote) {
      const rest = v.slice(i + 1).trim();
      if (rest && !rest.startsWith('#')) return { problem: 'has text after the closing quote (only a # comment may follow it)' };
      return value;
    }
    if (quote === '"' && ch === '\\' && i + 1 < v.length) {
      const next = v[++i] as string;
      value += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
    } else value += ch;
  }
  return { problem: `opens a ${quote} quote that is never closed (a value must stay on one line)` };
}

/**
 * Development secrets are generated once and kept beside the database (mode
 * 0600) so tokens survive restarts; production refuses to invent them.
 */
function ensureDevSecret(dbPath: string, name: string): string {
  const dir = devSecretDir(dbPath);
  // A folder we create is the owner's alone, whatever the umask (an existing one is left as the admin made it).
  if (!existsSync(dir)) makeFolder(dir, 0o700);
  const file = devSecretFile(dbPath, name);
  const damaged = existsSync(file);
  if (damaged) {
    chmodSync(file, 0o600);
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 32) return value;
  }
  // Roles started together (api, bot, worker) may all get here: the secret is written whole under
  // a private name, then linked into place, which fails if another process was first; then every
  // process reads the one that won, so they all sign and check with the same key.
  const value = randomBytes(48).toString('base64url');
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // The mode given to open() is masked by the umask; chmod afterwards is not.
    writeFileSync(temp, value + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    if (damaged) renameSync(temp, file); // one too short to be a secret is replaced
    else linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // EEXIST: another process was first. A file system without hard links: rename (the last one wins).
    if (code !== 'EEXIST') {
      if (!existsSync(temp) || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(code)) throw err;
      renameSync(temp, file);
    }
  } finally {
    rmSync(temp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

/** `path` is an existing folder (a missing one, or a file in its way, is not). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The folder development secrets are kept in: the database's. */
function devSecretDir(dbPath: string): string {
  return dbPath === ':memory:' ? resolve('data') : dirname(resolve(dbPath));
}

/** The file a development secret is kept in (JWT_SECRET_KEY: `.jwt-secret-key`). */
function devSecretFile(dbPath: string, name: string): string {
  return join(devSecretDir(dbPath), `.${name.toLowerCase().replace(/_/g, '-')}`);
}

/** A development secret already kept beside the database, or '' (nothing is created). */
function readDevSecret(dbPath: string, name: string): string {
  try {
    const value = readFileSync(devSecretFile(dbPath, name), 'utf8').trim();
    return value.length >= 32 ? value : '';
  } catch {
    return '';
  }
}

function devSecretProblem(dbPath: string, name: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reason: Record<string, string> = {
    EACCES: 'this user may not write there',
    EPERM: 'this user may not write there',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOSPC: 'the disk is full',
  };
  return (
    `DATABASE_PATH: ${name} is not set, so a development secret is kept beside the database, but ${devSecretDir(dbPath)} ` +
    `cannot be written (${[e.code, e.code && reason[e.code]].filter(Boolean).join(': ') || String(err)}). ` +
    'Point DATABASE_PATH at a folder this user may write, or set JWT_SECRET_KEY and HMAC_SECRET_KEY.'
  );
}

function readVersion(): string {
  const embedded = seaAppVersion();
  if (embedded) return embedded;
  for (const candidate of [resolve('package.json'), new URL('../package.json', import.meta.url)]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'finance-bot' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate (the single binary has no package.json beside it)
    }
  }
  return process.env['npm_package_version'] ?? '0.0.0';
}

/**
 * Docker secrets: NAME_FILE=/run/secrets/x sets NAME to that file's contents
 * (trailing newline removed) for every variable, unless NAME itself is set.
 */
function readFileVariables(merged: Record<string, string | undefined>): void {
  const problems: string[] = [];
  for (const name of CONFIG_VARIABLES) {
    const file = merged[`${name}_FILE`];
    if (!file) continue;
    if (merged[name] !== undefined) {
      problems.push(`${name}_FILE: ${name} is set too; set only one of them`);
      continue;
    }
    try {
      merged[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
}

export type LoadConfigOptions = {
  env?: Record<string, string | undefined>;
  /** Read ./.env when present (default true). Real env vars win over the file. */
  dotenvPath?: string | false;
  role?: string;
  /**
   * Write development secrets that are missing (default: yes, except for the
   * backup role). A command that signs nothing (backup, healthcheck) only reads
   * them: a wrong DATABASE_PATH must not grow a folder holding two new secrets.
   */
  createSecrets?: boolean;
  /**
   * The folder of a DATABASE_PATH that was set may be missing: restore makes it on a new machine;
   * backup and healthcheck (createSecrets false) make nothing and say "no database at …" themselves.
   * Otherwise (default) it must exist: only the default folder (./data) is ever made.
   */
  databaseFolderMayBeMissing?: boolean;
};


export function loadConfig(options: LoadConfigOptions = {}): Config {
  const baseEnv = options.env ?? process.env;
  let fileEnv: Record<string, string> = {};
  const dotenvPath = options.dotenvPath === undefined ? '.env' : options.dotenvPath;
  if (dotenvPath && existsSync(dotenvPath)) fileEnv = parseDotenv(readFileSync(dotenvPath, 'utf8'), dotenvPath);
  const merged: Record<string, string | undefined> = { ...fileEnv };
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined && v !== '') merged[k] = v;
  // A blank value (empty, or only spaces: BACKUP_KEEP_DAILY=" ") means unset: the default applies.
  for (const [k, v] of Object.entries(merged)) if (v === undefined || v.trim() === '') delete merged[k];
  readFileVariables(merged);
  if (options.role) merged['APP_ROLE'] = options.role;
  // `docker run --env-file` keeps quotes as part of the value: BACKUP_DIR="/mnt/usb" was a folder named `"` in the working directory, a quoted secret a
  // different key than Compose reads from the same file. Refused, the value never shown (it may be a secret).
  const quoted = CONFIG_VARIABLES.filter((name) => /^(["']).*\1$/s.test(merged[name]?.trim() ?? ''));
  for (const name of quoted) delete merged[name];
  const unquoted = (list: string[]): string[] => [
    ...quoted.map((name) => `${name}: has quotes around it; write the value without them (docker run --env-file keeps quotes as part of the value)`),
    ...list.filter((p) => !quoted.some((name) => p.startsWith(`${name}:`))),
  ];

  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(unquoted(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`)));
  }
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const createSecrets = options.createSecrets ?? env.APP_ROLE !== 'backup';
  // Checked before anything is made beside it: under /proc, making the folder never ended.
  const kernelProblem = env.DATABASE_PATH === ':memory:' ? undefined : kernelFileSystemProblem(resolve(env.DATABASE_PATH));
  if (kernelProblem) problems.push(`DATABASE_PATH: cannot keep the database at ${resolve(env.DATABASE_PATH)}: ${kernelProblem}. Point DATABASE_PATH at a file in a folder on a disk.`);
  // DATABASE_PATH names the file, not its folder: `/srv/finance/` became a database file named `finance`
  // in /srv (the secrets beside it), and an existing folder left the secrets in its parent before the
  // start failed.
  const namesFolder =
    kernelProblem === undefined && env.DATABASE_PATH !== ':memory:' && (/[\\/]$/.test(env.DATABASE_PATH.trim()) || isFolder(resolve(env.DATABASE_PATH)));
  if (namesFolder) {
    problems.push(`DATABASE_PATH: ${env.DATABASE_PATH} names a folder; it must name the database file, e.g. ${join(resolve(env.DATABASE_PATH), 'finance.db')}.`);
  }
  const databaseProblem = kernelProblem ?? (namesFolder ? 'names a folder' : undefined);
  const backupProblem = env.BACKUP_DIR === undefined ? undefined : kernelFileSystemProblem(resolve(env.BACKUP_DIR));
  if (backupProblem) problems.push(`BACKUP_DIR: cannot keep backups in ${resolve(env.BACKUP_DIR!)}: ${backupProblem}. Point BACKUP_DIR at a folder on a disk.`);
  // A DATABASE_PATH that was set names a folder that must exist: making it (and its parents) started a
  // new, empty database in the empty mount point of a disk that was not mounted (or in a typo's folder),
  // and the family's books seemed lost. The default's folder is made, as is BACKUP_DIR's (jobs/backups.ts).
  const databaseDir = dirname(resolve(env.DATABASE_PATH));
  const setFolderMissing =
    databaseProblem === undefined && env.DATABASE_PATH !== ':memory:' && !(options.databaseFolderMayBeMissing ?? !createSecrets) && databaseDir !== dirname(resolve(DEFAULT_DATABASE_PATH))
      ? setFolderProblem(databaseDir)
      : undefined;
  if (setFolderMissing) {
    const file = resolve(env.DATABASE_PATH);
    const blocker = setFolderMissing.code === 'ENOENT' ? undefined : nearestExisting(databaseDir);
    problems.push(
      `DATABASE_PATH: ${blocker ? `${blocker} is a file, not a folder, so the folder ${databaseDir}` : `the folder ${databaseDir}`} of ${file} does not exist (${setFolderMissing.code ?? setFolderMissing.message}). ` +
        'finance-bot never creates the folder of a DATABASE_PATH you set, so a disk that is not mounted or a typo cannot start an empty database elsewhere. ' +
        'Mount its disk or create the folder (mkdir -p), or fix the path.',
    );
  }
  let secretFolderFailed = databaseProblem !== undefined || setFolderMissing !== undefined;
  const secretFor = (name: 'JWT_SECRET_KEY' | 'HMAC_SECRET_KEY'): string => {
    const value = env[name];
    if (value) {
      const weak = production ? secretWeakness(value) : null;
      if (weak) problems.push(`${name}: ${weak}`);
      return value;
    }
    if (production) {
      problems.push(`${name}: required in production (at least 32 random characters, e.g. openssl rand -base64 48)`);
      return '';
    }
    if (secretFolderFailed || quoted.includes(name)) return '';
    if (!createSecrets) return readDevSecret(env.DATABASE_PATH, name);
    try {
      return ensureDevSecret(env.DATABASE_PATH, name);
    } catch (err) {
      // The folder beside the database is missing and cannot be made, or cannot be written: a
      // configuration problem (the same one would stop the database), said in one line.
      secretFolderFailed = true;
      problems.push(devSecretProblem(env.DATABASE_PATH, name, err));
      return '';
    }
  };
  const jwt = secretFor('JWT_SECRET_KEY');
  const hmac = secretFor('HMAC_SECRET_KEY');
  // One leaked key must not give both: forging tokens and signing as the bot.
  if (production && jwt && jwt === hmac) problems.push('HMAC_SECRET_KEY: must differ from JWT_SECRET_KEY');
  // `all` runs without a bot when there is no token (it says so); a process whose only job is the bot cannot.
  if (env.APP_ROLE === 'bot' && !env.BOT_TOKEN) problems.push('BOT_TOKEN: required by the bot role (the token @BotFather gave you)');
  const mode = env.BOT_MODE ?? (env.WEBHOOK_URL ? 'webhook' : 'polling');
  if (mode === 'webhook' && !env.WEBHOOK_URL) problems.push('WEBHOOK_URL: required when BOT_MODE=webhook');
  if (env.WEBHOOK_URL && urlPart(env.TELEGRAM_API_ROOT, 'hostname') === 'api.telegram.org') {
    if (urlPart(env.WEBHOOK_URL, 'protocol') !== 'https:') {
      problems.push(`WEBHOOK_URL: must start with https:// (got ${urlPart(env.WEBHOOK_URL, 'protocol') ?? '?'}//); Telegram only posts updates to https addresses`);
    } else if (!WEBHOOK_PORTS.includes(urlPart(env.WEBHOOK_URL, 'port') ?? '')) {
      problems.push('WEBHOOK_URL: must use port 443 (the default), 80, 88 or 8443: Telegram posts updates to no other port');
    }
  }
  if (mode === 'webhook' && !env.WEBHOOK_SECRET) {
    problems.push('WEBHOOK_SECRET: required in webhook mode so forged updates are refused');
  }
  // PORT=0 lets the system pick the port: the default PUBLIC_URL follows the server once it listens
  // (startApp), but a bot-only process in polling mode runs no server, so its links would say :0.
  if (env.PORT === 0 && !env.PUBLIC_URL && env.APP_ROLE === 'bot' && mode === 'polling') {
    problems.push('PUBLIC_URL: required by the bot role with PORT=0: this process runs no HTTP server, so /link and the Mini App would point to port 0; set PUBLIC_URL to the address the API is reached at');
  }
  if (problems.length || quoted.length) throw new ConfigError(unquoted(problems));

  const publicUrl = (env.PUBLIC_URL ?? defaultPublicUrl(env.HOST, env.PORT)).replace(/\/+$/, '');
  return {
    nodeEnv: env.NODE_ENV,
    role: env.APP_ROLE,
    logLevel: env.LOG_LEVEL,
    version: readVersion(),
    database: { path: env.DATABASE_PATH, synchronous: env.DATABASE_SYNCHRONOUS },
    bot: {
      token: env.BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      mode,
      webhookUrl: env.WEBHOOK_URL,
      webhookSecret: env.WEBHOOK_SECRET,
    },
    http: {
      port: env.PORT,
      host: env.HOST,
      publicUrl,
      publicUrlSet: env.PUBLIC_URL !== undefined,
      corsOrigins: env.CORS_ORIGINS ?? [],
      trustProxy: env.TRUST_PROXY,
      allowRegistration: env.ALLOW_REGISTRATION,
      requireHmac: env.REQUIRE_HMAC_VERIFICATION,
    },
    secrets: { jwt, hmac },
    redisUrl: env.REDIS_URL,
    defaults: { locale: env.DEFAULT_LOCALE, currency: env.DEFAULT_CURRENCY },
    approvalReminderHours: env.APPROVAL_REMINDER_HOURS,
    backup: {
      dir: env.BACKUP_DIR ?? join(env.DATABASE_PATH === ':memory:' ? 'data' : dirname(env.DATABASE_PATH), 'backups'),
      keepDaily: env.BACKUP_KEEP_DAILY,
      keepWeekly: env.BACKUP_KEEP_WEEKLY,
    },
    restore: { passphraseTimeoutS: env.RESTORE_PASSPHRASE_TIMEOUT_SECONDS },
    instance: {
      mode: env.INSTANCE_POLICY,
      allowedTelegramIds: (env.INSTANCE_ALLOWED_TELEGRAM_IDS ?? '').split(',').map((v) => v.trim()).filter(Boolean).map(Number),
    },
    miniApp: { authMaxAgeS: env.MINIAPP_AUTH_MAX_AGE_SECONDS },
  };
}
