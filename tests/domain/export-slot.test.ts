// One export at a time per person: an export of a long history is seconds of
// the process's CPU, so a second one asked for while the first is still being
// read (over the API, in the bot, from another session) is refused at once,
// and the slot comes back when the first ends, fails or is abandoned.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { EXPORT_SLOT_MS, exportTransactionsCsv } from '../../src/domain/exports/export.js';
import { fund, makeFamily, type FamilyFixture } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb;
let f: FamilyFixture;
beforeEach(() => {
  t = createTestDb();
  f = makeFamily(t.deps);
  for (let i = 0; i < 5; i++) fund(t.deps, f, f.cashId, 100 + i);
});
afterEach(() => t.cleanup());

const exportOf = (actor: number) => exportTransactionsCsv(t.deps, actor, { familyId: f.familyId, batchSize: 2 });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e instanceof DomainError ? { code: e.code, reason: e.details['reason'], retryAfterSeconds: e.details['retryAfterSeconds'] } : e;
  }
  return 'accepted';
};

describe('a person’s export slot', () => {
  it('a second export while the first is being read is refused; another person is not held back; read to the end, the next one works', () => {
    const first = exportOf(f.owner);
    first.next();
    expect(refusal(() => exportOf(f.owner))).toEqual({ code: 'rate_limited', reason: 'export_running', retryAfterSeconds: 5 });
    expect([...exportOf(f.members.viewer)].join('')).toContain('income');
    const rest = [...first];
    expect(rest.length).toBeGreaterThan(1);
    expect([...exportOf(f.owner)].join('').split('\r\n').filter(Boolean)).toHaveLength(6);
  });

  it('is given back by return(), even before the first chunk was read (a closed connection, a failed upload)', () => {
    exportOf(f.owner).return(undefined);
    const started = exportOf(f.owner);
    started.next();
    started.return(undefined);
    expect(refusal(() => exportOf(f.owner).return(undefined))).toBe('accepted');
  });

  it('is given back when reading fails', () => {
    const failing = exportOf(f.owner);
    failing.next();
    t.conn.sqlite.exec('PRAGMA foreign_keys = OFF; DROP TABLE transactions;');
    expect(() => failing.next()).toThrow();
    expect(refusal(() => exportOf(f.owner))).not.toMatchObject({ reason: 'export_running' });
  });

  it('an export asked for and never read holds the slot for EXPORT_SLOT_MS at most', () => {
    exportOf(f.owner);
    expect(refusal(() => exportOf(f.owner))).toMatchObject({ reason: 'export_running' });
    t.clock.advance(EXPORT_SLOT_MS);
    expect(refusal(() => exportOf(f.owner).return(undefined))).toBe('accepted');
  });

  it('a refused export (no access, a bad date) takes no slot', () => {
    expect(refusal(() => exportOf(f.outsider))).toMatchObject({ code: 'not_found' });
    expect(refusal(() => exportTransactionsCsv(t.deps, f.owner, { familyId: f.familyId, from: '2026-02-30' }))).toMatchObject({ code: 'validation' });
    expect(refusal(() => exportOf(f.owner).return(undefined))).toBe('accepted');
  });
});
