// Support for the single executable (Node SEA). The build script embeds the
// bundled app, better-sqlite3's native addon and the resource folders as
// assets; at startup they are written once to a versioned folder in the temp
// directory (native addons must be loaded from a file).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

type SeaModule = { isSea(): boolean; getAsset(key: string, encoding?: string): string | ArrayBuffer };

let sea: SeaModule | null | undefined;
function seaModule(): SeaModule | null {
  if (sea !== undefined) return sea;
  try {
    // node:sea exists from Node 20.12; older runtimes are never a SEA.
    const m = createRequire(import.meta.url)('node:sea') as SeaModule;
    sea = m.isSea() ? m : null;
  } catch {
    sea = null;
  }
  return sea;
}

let extracted: string | null | undefined;

/** The folder holding the extracted resources, or null when not running as a single executable. */
export function seaResourceDir(): string | null {
  if (extracted !== undefined) return extracted;
  const m = seaModule();
  if (!m) return (extracted = null);
  const manifest = JSON.parse(m.getAsset('manifest.json', 'utf8') as string) as { version: string; files: string[] };
  const id = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `finance-bot-${manifest.version}-${id}`);
  if (!existsSync(join(dir, '.complete'))) {
    const staging = `${dir}.tmp-${process.pid}`;
    for (const file of manifest.files) {
      const target = join(staging, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(m.getAsset(file) as ArrayBuffer));
    }
    writeFileSync(join(staging, '.complete'), '');
    try {
      renameSync(staging, dir);
    } catch {
      // another process extracted it first; theirs is identical
    }
  }
  return (extracted = dir);
}

/** better-sqlite3's addon object when running as a single executable (its own loader can't find it there). */
export function seaNativeBinding(): object | undefined {
  const dir = seaResourceDir();
  if (!dir) return undefined;
  const mod = { exports: {} as object };
  process.dlopen(mod, join(dir, 'better_sqlite3.node'));
  return mod.exports;
}

/** The app version recorded in the executable at build time. */
export function seaAppVersion(): string | undefined {
  const m = seaModule();
  if (!m) return undefined;
  return (JSON.parse(m.getAsset('manifest.json', 'utf8') as string) as { version: string }).version;
}
