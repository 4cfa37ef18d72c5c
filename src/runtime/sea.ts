// Support for the single executable (Node SEA). The build script embeds the
// bundled app, better-sqlite3's native addon and the resource folders as
// assets, with each file's SHA-256 in manifest.json. At startup they are
// unpacked into a private per-user folder and checked (see unpack.ts); the
// native addon is loaded from there (native addons must be loaded from a file).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cacheLocations, unpackFirstUsable } from './unpack.js';

type SeaModule = { isSea(): boolean; getAsset(key: string, encoding?: string): string | ArrayBuffer };
type Manifest = { version: string; contentHash: string; files: string[]; sha256: Record<string, string> };

const ADDON = 'better_sqlite3.node';

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

function manifest(m: SeaModule): Manifest {
  return JSON.parse(m.getAsset('manifest.json', 'utf8') as string) as Manifest;
}

// Process-wide by nature: one executable, one unpacked folder, one loaded addon.
let extracted: string | null | undefined;
let addon: object | undefined;

/** The folder holding the unpacked resources, or null when not running as a single executable. */
export function seaResourceDir(): string | null {
  if (extracted !== undefined) return extracted;
  const m = seaModule();
  if (!m) return (extracted = null);
  const man = manifest(m);
  const files = man.files.map((name) => ({ name, sha256: man.sha256[name] ?? '', read: () => Buffer.from(m.getAsset(name) as ArrayBuffer) }));
  extracted = unpackFirstUsable({
    // XDG_CACHE_HOME is the platform's, read here because this runs before the configuration loads.
    locations: cacheLocations({ XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] }),
    subdir: `${man.version}-${man.contentHash.slice(0, 12)}`,
    files,
    // Loading the addon is part of choosing the place: a noexec mount refuses it.
    accept: (dir) => {
      const mod = { exports: {} as object };
      process.dlopen(mod, join(dir, ADDON));
      addon = mod.exports;
    },
  });
  return extracted;
}

/** better-sqlite3's addon object when running as a single executable (its own loader can't find it there). */
export function seaNativeBinding(): object | undefined {
  if (!seaResourceDir()) return undefined;
  return addon;
}

/** The app version recorded in the executable at build time. */
export function seaAppVersion(): string | undefined {
  const m = seaModule();
  return m ? manifest(m).version : undefined;
}
