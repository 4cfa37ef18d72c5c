// Every locale is complete: the same keys in every language, every key the
// code uses exists, and every message parses (the bundle knows it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/config.js';
import { ROLES } from '../../src/domain/index.js';
import { BOT_COMMANDS } from '../../src/bot/runtime/commands.js';
import { createI18n, findLocalesDir } from '../../src/bot/runtime/i18n.js';

const root = process.cwd();
const localesDir = findLocalesDir();

/** Message ids of a locale (every .ftl of it), with the file and the variables each message uses. */
function keysOf(locale: string): Map<string, { file: string; vars: Set<string>; refs: Set<string> }> {
  const keys = new Map<string, { file: string; vars: Set<string>; refs: Set<string> }>();
  for (const file of readdirSync(join(localesDir, locale)).filter((f) => f.endsWith('.ftl'))) {
    let current: { vars: Set<string>; refs: Set<string> } | undefined;
    for (const line of readFileSync(join(localesDir, locale, file), 'utf8').split('\n')) {
      const m = /^([a-zA-Z][a-zA-Z0-9_-]*)\s*=/.exec(line);
      if (m) {
        const key = m[1] as string;
        expect(keys.has(key), `${locale}: "${key}" is defined twice (${keys.get(key)?.file} and ${file})`).toBe(false);
        current = { vars: new Set(), refs: new Set() };
        keys.set(key, { file, ...current });
      } else if (/^[#a-zA-Z-]/.test(line)) current = undefined;
      const body = m ? line.slice(m[0].length) : line;
      for (const v of body.matchAll(/\$([a-zA-Z_][\w-]*)/g)) current?.vars.add(v[1] as string);
      // A referenced message ({ other-key }) is formatted with the same variables.
      for (const r of body.matchAll(/\{\s*([a-zA-Z][\w-]*)\s*\}/g)) current?.refs.add(r[1] as string);
    }
  }
  return keys;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

const codeDirs = ['src/bot', 'src/jobs'].map((d) => join(root, d)).filter((d) => {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
});

/** Keys the code names: t('key'), ctx.t("key"), i18n.t(locale, 'key'), texts.t(locale, `key`)… */
function usedKeys(): { exact: Map<string, string>; prefixes: Map<string, string> } {
  const exact = new Map<string, string>();
  const prefixes = new Map<string, string>();
  // The literal must end right after the key (or continue with ${…}: a prefix), so prose like 'manage-…' in a comment is no key.
  const call = /\b(?:t|tr|translate)\(\s*(?:[\w.]+\s*,\s*)?(['"`])([a-z][a-z0-9-]*)(?:\1|(\$\{))/g;
  for (const dir of codeDirs) {
    for (const file of sourceFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(call)) {
        const where = relative(root, file);
        if (m[3]) prefixes.set(m[2] as string, where);
        else exact.set(m[2] as string, where);
      }
    }
  }
  return { exact, prefixes };
}

describe('locales', () => {
  const byLocale = new Map(LOCALES.map((l) => [l, keysOf(l)]));

  it('define the same keys in every language', () => {
    const all = new Set([...byLocale.values()].flatMap((k) => [...k.keys()]));
    for (const [locale, keys] of byLocale) {
      const missing = [...all].filter((k) => !keys.has(k));
      expect(missing, `missing in ${locale}`).toEqual([]);
    }
  });

  it('contain every key the bot and the jobs use', () => {
    const { exact, prefixes } = usedKeys();
    expect(exact.size).toBeGreaterThan(50);
    for (const [locale, keys] of byLocale) {
      const missing = [...exact].filter(([k]) => !keys.has(k)).map(([k, file]) => `${k} (${file})`);
      expect(missing, `used in code but missing in ${locale}`).toEqual([]);
      for (const [prefix, file] of prefixes) {
        expect([...keys.keys()].some((k) => k.startsWith(prefix)), `no ${prefix}… key in ${locale} (${file})`).toBe(true);
      }
      // Keys built at run time: roles, command descriptions.
      for (const role of ROLES) expect(keys.has(`role-${role}`), `role-${role} in ${locale}`).toBe(true);
      for (const command of BOT_COMMANDS) expect(keys.has(`cmd-${command}`), `cmd-${command} in ${locale}`).toBe(true);
    }
  });

  it('parse: every message translates to text', () => {
    const i18n = createI18n('en');
    for (const [locale, keys] of byLocale) {
      const varsOf = (key: string, seen = new Set<string>()): string[] => {
        const entry = keys.get(key);
        if (!entry || seen.has(key)) return [];
        seen.add(key);
        return [...entry.vars, ...[...entry.refs].flatMap((r) => varsOf(r, seen))];
      };
      for (const key of keys.keys()) {
        const text = i18n.t(locale, key, Object.fromEntries(varsOf(key).map((v) => [v, 'x'])));
        expect(text, `${locale}: ${key}`).not.toBe(`{${key}}`);
        expect(text.trim(), `${locale}: ${key}`).not.toBe('');
      }
    }
  });
});

describe('bundle matching (remembered per locale list)', () => {
  it('gives each locale its own language, an unknown one the default, the same again and again, and sees a bundle added later', () => {
    const i18n = createI18n('en');
    // quick-hint's example follows the wallet's decimals: its callers always give the exponent.
    const hint = { exponent: 2 };
    const ru = i18n.t('ru', 'quick-hint', hint);
    const en = i18n.t('en', 'quick-hint', hint);
    expect(ru).not.toBe(en);
    for (let i = 0; i < 3; i++) {
      expect(i18n.t('ru', 'quick-hint', hint)).toBe(ru);
      expect(i18n.t('en', 'quick-hint', hint)).toBe(en);
      expect(i18n.t('de', 'quick-hint', hint)).toBe(en);
    }
    i18n.loadLocale('de', { source: 'quick-hint = Beispiel' });
    expect(i18n.t('de', 'quick-hint', hint)).toBe('Beispiel');
    expect(i18n.t('ru', 'quick-hint', hint)).toBe(ru);
  });
});
