// Making the folders the app writes into (the database's, the backups', the
// unpacked files'), and telling a folder that can hold files from a kernel's
// view of itself (/proc, /sys). Node's mkdirSync({ recursive: true }) loops
// forever on a path under /proc: mkdir there says ENOENT, Node then makes the
// parent (which exists) and tries again, without end. Here each missing level
// is made once, parent first, and the first refusal is the error.
import { mkdirSync, statSync, statfsSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What is at `path`, or undefined when nothing is (ENOENT, or ENOTDIR: a file where a folder of it should be). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
}

/**
 * Makes `dir` and its missing parents with `mode`, one level at a time; returns
 * the folders it made, outermost first (for a caller that removes them again).
 * Throws the errno error of the first level that cannot be made.
 */
export function makeFolder(dir: string, mode = 0o700): string[] {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    const found = statOf(d);
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${resolve(dir)}'`), { code: 'ENOTDIR', path: d });
      break;
    }
    missing.unshift(d);
    if (d === dirname(d)) break;
  }
  const made: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d, { mode });
      made.push(d);
    } catch (err) {
      // Another process made it meanwhile: fine when it is a folder.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
  return made;
}

/**
 * Why `dir`, a folder a person set (BACKUP_DIR, DATABASE_PATH's folder), cannot be used as it is:
 * the errno error of a folder that does not exist (ENOENT) or is a file (ENOTDIR), else undefined.
 * Such a folder is never made: a disk that is not mounted leaves its empty mount point, and making
 * the folder there put the family's data on the system disk. Nothing is made here.
 */
export function setFolderProblem(dir: string): NodeJS.ErrnoException | undefined {
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

// statfs f_type of the kernel's file systems that hold no files of ours (linux/magic.h).
const KERNEL_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0x62656570: 'configfs',
  0xde5e81e4: 'efivarfs',
  0x42494e4d: 'binfmt_misc',
  0x65735543: 'fusectl',
  0x19800202: 'mqueue',
};

/** The nearest folder of `path` (itself included) that exists, or undefined. */
export function nearestExisting(path: string): string | undefined {
  for (let d = resolve(path); ; d = dirname(d)) {
    if (statOf(d)) return d;
    if (d === dirname(d)) return undefined;
  }
}

/**
 * Why `path` (a file or folder to be made) cannot hold the app's files because
 * the nearest existing folder above it is a kernel file system (proc, sysfs…),
 * or undefined. Read-only: nothing is made.
 */
export function kernelFileSystemProblem(path: string): string | undefined {
  let at: string | undefined;
  let type: number;
  try {
    at = nearestExisting(path);
    if (!at) return undefined;
    type = statfsSync(at).type;
  } catch {
    return undefined; // a folder this user may not look into, no statfs (another OS): the write itself will say what is wrong
  }
  const name = KERNEL_FILE_SYSTEMS[type];
  return name ? `${at} is on the kernel's ${name} file system, which holds no files (a typo?)` : undefined;
}
