// Where the app's resource folders (drizzle/ migrations, locales/, the Mini
// App's built page) are: beside src/ in development, beside dist/ when built
// (the page inside it), next to the executable, or — inside the single
// executable — extracted from its embedded assets.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seaResourceDir } from './sea.js';

export type ResourceName = 'drizzle' | 'locales' | 'webapp';

export function findResourceDir(name: ResourceName, marker: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sea = seaResourceDir();
  const candidates = [
    ...(sea ? [join(sea, name)] : []),
    join(here, '..', '..', name),
    join(here, '..', name),
    // the built page in the bundled tree (dist/webapp beside dist/main.js)
    join(here, name),
    // built files (dist/webapp) when running from src/ with tsx
    join(here, '..', '..', 'dist', name),
    resolve(name),
    join(dirname(process.execPath), name),
  ];
  for (const c of candidates) if (existsSync(join(c, marker))) return c;
  throw new Error(`${name}/ not found (looked in ${candidates.join(', ')})`);
}
