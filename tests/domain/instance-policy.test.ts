// Who may create families on a self-hosted server: the first person becomes
// the instance owner; with the invite policy, others only when the owner let
// them in (joined one of the owner's families) or their Telegram id is listed.
import { afterEach, describe, expect, it } from 'vitest';
import { createFamily, createInvite, ensureTelegramUser, instanceOwnerId, isInstanceOwner, joinFamily, type CoreDeps, type InstancePolicy } from '../../src/domain/index.js';
import { families } from '../../src/db/schema.js';
import { createTestDb, type TestDb } from '../support/db.js';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

function setup(policy: InstancePolicy) {
  t = createTestDb();
  const deps: CoreDeps = { ...t.deps, instancePolicy: policy };
  const person = (chatId: number, name: string) => ensureTelegramUser(deps, { chatId, firstName: name, languageCode: 'en' }).user.id;
  return { deps, person };
}

const family = { name: 'Home', baseCurrency: 'USD' };

describe('instance policy', () => {
  it('makes the first family creator the instance owner, once', () => {
    const { deps, person } = setup({ mode: 'invite', allowedTelegramIds: [] });
    const ann = person(101, 'Ann');
    expect(instanceOwnerId(deps.db)).toBeUndefined();
    createFamily(deps, ann, family);
    expect(instanceOwnerId(deps.db)).toBe(ann);
    createFamily(deps, ann, { ...family, name: 'Dacha' });
    expect(isInstanceOwner(deps, ann)).toBe(true);
  });

  it('invite: a stranger is refused and nothing is written; someone the owner invited may create their own family', () => {
    const { deps, person } = setup({ mode: 'invite', allowedTelegramIds: [] });
    const ann = person(101, 'Ann');
    const home = createFamily(deps, ann, family);
    const stranger = person(102, 'Stranger');
    expect(() => createFamily(deps, stranger, family)).toThrow(expect.objectContaining({ code: 'forbidden', details: expect.objectContaining({ reason: 'instance_policy' }) }));
    expect(deps.db.select().from(families).all()).toHaveLength(1);
    const bob = person(103, 'Bob');
    joinFamily(deps, bob, createInvite(deps, ann, { familyId: home.id, role: 'member' }).code);
    expect(createFamily(deps, bob, { ...family, name: "Bob's" }).name).toBe("Bob's");
    expect(instanceOwnerId(deps.db)).toBe(ann);
  });

  it('invite: a Telegram id on the allowlist may create a family', () => {
    const { deps, person } = setup({ mode: 'invite', allowedTelegramIds: [101, 104] });
    const ann = person(101, 'Ann');
    createFamily(deps, ann, family);
    const listed = person(104, 'Listed');
    expect(createFamily(deps, listed, family).name).toBe('Home');
    expect(() => createFamily(deps, person(105, 'Unlisted'), family)).toThrow(/owner invited/);
    expect(instanceOwnerId(deps.db)).toBe(ann);
  });

  it('invite with an allowlist: someone not on it who comes first is refused and does not become the owner', () => {
    const { deps, person } = setup({ mode: 'invite', allowedTelegramIds: [101] });
    const stranger = person(102, 'Stranger');
    expect(() => createFamily(deps, stranger, family)).toThrow(expect.objectContaining({ code: 'forbidden', details: expect.objectContaining({ reason: 'instance_policy' }) }));
    expect(deps.db.select().from(families).all()).toHaveLength(0);
    expect(instanceOwnerId(deps.db)).toBeUndefined();
    const ann = person(101, 'Ann');
    createFamily(deps, ann, family);
    expect(instanceOwnerId(deps.db)).toBe(ann);
  });

  it('open with an allowlist: anyone may create a family, but only a listed person becomes the owner (who gets every backup)', () => {
    const { deps, person } = setup({ mode: 'open', allowedTelegramIds: [101] });
    createFamily(deps, person(102, 'Stranger'), family);
    expect(instanceOwnerId(deps.db)).toBeUndefined();
    const ann = person(101, 'Ann');
    createFamily(deps, ann, family);
    expect(instanceOwnerId(deps.db)).toBe(ann);
  });

  it('open: anyone may create a family', () => {
    const { deps, person } = setup({ mode: 'open', allowedTelegramIds: [] });
    createFamily(deps, person(101, 'Ann'), family);
    expect(createFamily(deps, person(102, 'Stranger'), family).name).toBe('Home');
  });
});
