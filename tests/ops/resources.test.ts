// Where the app finds its resource folders, from the sources (tsx) and from the bundle in dist/.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findResourceDir, resourceCandidates } from '../../src/runtime/resources.js';

describe('resource folders', () => {
  it('from the sources: migrations and locales beside src/, never the Mini App page’s template in src/webapp', () => {
    expect(findResourceDir('drizzle', 'meta/_journal.json')).toBe(resolve('drizzle'));
    expect(findResourceDir('locales', 'en')).toBe(resolve('locales'));
    const page = resourceCandidates('webapp', resolve('src/runtime'), undefined);
    expect(page).not.toContain(resolve('src/webapp'));
    expect(page).toContain(resolve('dist/webapp'));
  });

  it('from the bundle (dist/main.js and its chunks): the folders beside dist/, the page inside it', () => {
    expect(resourceCandidates('drizzle', resolve('dist'), undefined)[0]).toBe(resolve('drizzle'));
    expect(resourceCandidates('locales', resolve('dist'), undefined)[0]).toBe(resolve('locales'));
    expect(resourceCandidates('webapp', resolve('dist'), undefined)[0]).toBe(resolve('dist/webapp'));
  });

  it('inside the single executable: its extracted assets first', () => {
    for (const name of ['drizzle', 'locales', 'webapp'] as const) expect(resourceCandidates(name, '/anywhere', '/cache/x')[0]).toBe(`/cache/x/${name}`);
  });
});
