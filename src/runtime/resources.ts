// Where the app's resource folders are: drizzle/ (migrations) and locales/
// beside src/ in development and beside dist/ when built; the Mini App's built
// page in dist/webapp (never src/webapp, which holds its sources and the
// page's template); next to the executable, or — inside the single executable
// — extracted from its embedded assets.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seaResourceDir } from './sea.js';

export type ResourceName = 'drizzle' | 'locales' | 'webapp';

/** Folders that may hold `name`, most likely first; `here` is this module's folder (src/runtime, or dist/ in the bundle). */
export function resourceCandidates(name: ResourceName, here: string, sea: string | null | undefined): string[] {
  const local =
    name === 'webapp'
      ? [
          join(here, name), // the bundle: dist/webapp beside dist/main.js
          join(here, '..', '..', 'dist', name), // development: src/runtime → dist/webapp
          resolve('dist', name),
        ]
      : [
          join(here, '..', name), // the bundle: dist/ → the project's folder
          join(here, '..', '..', name), // development: src/runtime → the project's folder
          resolve(name),
        ];
  return [...(sea ? [join(sea, name)] : []), ...local, join(dirname(process.execPath), name)];
}

export function findResourceDir(name: ResourceName, marker: string): string {
  const candidates = resourceCandidates(name, dirname(fileURLToPath(import.meta.url)), seaResourceDir());
  for (const c of candidates) if (existsSync(join(c, marker))) return c;
  throw new Error(`${name}/ not found (looked in ${candidates.join(', ')})`);
}
