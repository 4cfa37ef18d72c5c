// Unpacking the single executable's embedded files (better-sqlite3's native
// addon, migrations, locales, Swagger UI) into a folder only this user can
// touch, before anything is loaded from it:
// - the folder is private: created 0700, and an existing one must be a real
//   folder (no symlink) owned by this user with no access for group or others;
//   otherwise it is refused and the next location is tried;
// - every file's SHA-256 is compared with the build's manifest; a missing,
//   changed or planted file is rewritten (to a temporary name, then renamed)
//   and checked again, so nothing written by someone else is ever loaded;
// - locations, in order: $XDG_CACHE_HOME/finance-bot or ~/.cache/finance-bot,
//   then <temp dir>/finance-bot-<uid>. A location where the addon cannot be
//   loaded (a noexec mount) is skipped too; when none works the error lists
//   each location and why.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeFolder } from './make-folder.js';

export type EmbeddedFile = { name: string; sha256: string; read: () => Buffer };

export class UnpackError extends Error {
  override name = 'UnpackError';
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Where the files may go, most preferred first. */
export function cacheLocations(env: { XDG_CACHE_HOME?: string | undefined } = {}): string[] {
  const uid = process.getuid?.() ?? 'user';
  const home = (() => {
    try {
      return homedir();
    } catch {
      return undefined;
    }
  })();
  const cache = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined);
  return [...(cache ? [join(cache, 'finance-bot')] : []), join(tmpdir(), `finance-bot-${uid}`)];
}

/** Creates `dir` (0700) or checks that an existing one is private to this user; returns why not, or null. */
export function privateDirProblem(dir: string): string | null {
  try {
    if (!existsSync(dir)) {
      makeFolder(dirname(dir), 0o700);
      mkdirSync(dir, { mode: 0o700 });
      chmodSync(dir, 0o700);
    }
    const st = lstatSync(dir);
    if (st.isSymbolicLink()) return 'is a symbolic link';
    if (!st.isDirectory()) return 'is not a folder';
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return `belongs to uid ${st.uid}, not to this user (uid ${uid})`;
    if ((st.mode & 0o077) !== 0) return `is open to other users (mode ${(st.mode & 0o777).toString(8)}; expected 700)`;
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/**
 * The file's SHA-256, read in small pieces: every start checks every file
 * twice (~9 MB each time), which read whole allocated ~19 MB of buffers for
 * the garbage collector. O_NOFOLLOW: a symlink planted after the lstat is
 * refused, not followed.
 */
function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(64 * 1024);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function fileMatches(path: string, expected: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isFile() && sha256OfFile(path) === expected;
  } catch {
    return false;
  }
}

/** Writes every file that is missing or differs from the manifest into `dir`, then checks them all. */
export function unpackInto(dir: string, files: readonly EmbeddedFile[]): { rewritten: string[] } {
  const rewritten: string[] = [];
  for (const f of files) {
    const target = join(dir, f.name);
    if (fileMatches(target, f.sha256)) continue;
    const data = f.read();
    if (sha256(data) !== f.sha256) throw new UnpackError(`the embedded ${f.name} does not match the build's manifest (a damaged executable?)`);
    makeFolder(dirname(target), 0o700);
    const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, data, { mode: 0o600 });
    // A planted file or folder at the target is replaced (a folder is removed first).
    if (existsSync(target) && !lstatSync(target).isFile()) rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    rewritten.push(f.name);
  }
  for (const f of files) {
    if (!fileMatches(join(dir, f.name), f.sha256)) throw new UnpackError(`${join(dir, f.name)} changed while it was unpacked`);
  }
  return { rewritten };
}

/**
 * Unpacks into the first private location where `accept` (e.g. loading the
 * native addon) succeeds; returns that folder.
 */
export function unpackFirstUsable(o: {
  locations: readonly string[];
  subdir: string;
  files: readonly EmbeddedFile[];
  accept?: (dir: string) => void;
}): string {
  const tried: string[] = [];
  for (const base of o.locations) {
    const problem = privateDirProblem(base);
    if (problem) {
      tried.push(`${base}: ${problem}`);
      continue;
    }
    const dir = join(base, o.subdir);
    const sub = privateDirProblem(dir);
    if (sub) {
      tried.push(`${dir}: ${sub}`);
      continue;
    }
    try {
      unpackInto(dir, o.files);
      o.accept?.(dir);
      return dir;
    } catch (err) {
      tried.push(`${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  throw new UnpackError(
    `cannot unpack the single executable's files into a private folder:\n${tried.map((t) => `  - ${t}`).join('\n')}\n` +
      'Set XDG_CACHE_HOME or TMPDIR to a folder of yours, on a file system that allows executables (not mounted noexec).',
  );
}
