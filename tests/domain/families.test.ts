// Families, invites, members, settings, users and the category guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  changeMemberRole,
  createFamily,
  createInvite,
  createTransaction,
  ensureTelegramUser,
  findUserByChat,
  getActiveFamilyId,
  getFamily,
  guessCategory,
  hasFamilyData,
  joinFamily,
  leaveFamily,
  listCategories,
  listFamiliesForUser,
  listMembers,
  listThresholds,
  listWallets,
  registerUser,
  removeMember,
  setActiveFamily,
  setApprovalThreshold,
  transferOwnership,
  updateFamilySettings,
  DomainError,
  type CoreDeps,
} from '../../src/domain/index.js';
import { fund, makeFamily, makeUser } from '../support/builders.js';
import { createTestDb, type TestDb } from '../support/db.js';
import { count, domainError, eventsFor, outboxRows, rows, snapshot } from './support/inspect.js';

// One database for the file; every test builds its own family and people in it.
let t: TestDb;
let deps: CoreDeps;
beforeAll(() => {
  t = createTestDb();
  deps = t.deps;
});
afterAll(() => t.cleanup());

describe('createFamily', () => {
  it('makes the creator the owner, with a Cash wallet, default categories, a threshold and an event', () => {
    const owner = makeUser(deps, 'Ann');
    const family = createFamily(deps, owner, { name: '  The   Smiths ', baseCurrency: 'usd' });
    expect(family).toMatchObject({ name: 'The Smiths', baseCurrency: 'USD', locale: 'en', timezone: 'UTC', createdBy: owner });
    expect(getFamily(deps, owner, family.id).role).toBe('owner');
    const wallets = listWallets(deps, owner, family.id);
    expect(wallets).toHaveLength(1);
    expect(wallets[0]).toMatchObject({ name: 'Cash', type: 'cash', currency: 'USD', balanceMinor: 0, allowNegative: false });
    const cats = listCategories(deps, owner, family.id);
    expect(cats.filter((c) => c.kind === 'expense').map((c) => c.name)).toEqual(
      expect.arrayContaining(['Groceries', 'Cafes', 'Transport', 'Other']),
    );
    expect(cats.filter((c) => c.kind === 'income').map((c) => c.name)).toEqual(expect.arrayContaining(['Salary']));
    expect(listThresholds(deps, owner, family.id)).toEqual([{ currency: 'USD', amountMinor: 50000 }]);
    expect(getActiveFamilyId(deps, owner)).toBe(family.id);
    expect(eventsFor(deps, 'family', family.id).map((e) => e.action)).toEqual(['family.created']);
    expect(listMembers(deps, owner, family.id)).toEqual([expect.objectContaining({ userId: owner, role: 'owner', name: 'Ann' })]);
  });

  it('speaks the family locale: Russian names for the wallet and categories', () => {
    const owner = makeUser(deps);
    const family = createFamily(deps, owner, { name: 'Ивановы', baseCurrency: 'RUB', locale: 'ru', timezone: 'Europe/Moscow' });
    expect(listWallets(deps, owner, family.id)[0]?.name).toBe('Наличные');
    const names = listCategories(deps, owner, family.id).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Продукты', 'Кафе', 'Зарплата']));
    expect(names).not.toContain('Groceries');
  });

  // About US$500 as a round amount in each currency (default-threshold.test.ts), not 500 units of it.
  it.each([
    ['USD', 50000],
    ['EUR', 50000],
    ['JPY', 100000],
    ['KRW', 500000],
    ['BHD', 200000],
  ])('the default threshold in %s is %i minor units', (currency, minor) => {
    const owner = makeUser(deps);
    const family = createFamily(deps, owner, { name: 'F', baseCurrency: currency });
    expect(listThresholds(deps, owner, family.id)).toEqual([{ currency, amountMinor: minor }]);
  });

  it.each([
    [{ name: '   ', baseCurrency: 'USD' }, 'name'],
    [{ name: 'x'.repeat(65), baseCurrency: 'USD' }, 'name'],
    [{ name: 'F', baseCurrency: 'XYZ' }, 'baseCurrency'],
    [{ name: 'F', baseCurrency: 'US' }, 'baseCurrency'],
    [{ name: 'F', baseCurrency: 'USD', locale: 'de' }, 'locale'],
    [{ name: 'F', baseCurrency: 'USD', timezone: 'Mars/Olympus' }, 'timezone'],
  ])('refuses %j (validation on %s)', (input, field) => {
    const owner = makeUser(deps);
    const before = snapshot(deps);
    expect(domainError(() => createFamily(deps, owner, input))).toMatchObject({ code: 'validation', details: { field } });
    expect(snapshot(deps)).toBe(before);
  });

  it('an unknown user cannot create a family', () => {
    expect(domainError(() => createFamily(deps, 987654, { name: 'F', baseCurrency: 'USD' })).code).toBe('not_found');
  });
});

describe('invites', () => {
  it('a single-use invite lets one person in, with the invite role, an event and an outbox row', () => {
    const f = makeFamily(deps);
    const { code, role, maxUses, expiresAt } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'member' });
    expect({ role, maxUses, expiresAt }).toEqual({ role: 'member', maxUses: 1, expiresAt: t.clock.now + 7 * 24 * 3600 * 1000 });
    expect(code).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    // Only a hash is stored.
    expect(count(deps, 'invites', 'code_hash = ?', code)).toBe(0);
    const ann = makeUser(deps, 'Ann');
    const bob = makeUser(deps, 'Bob');
    expect(joinFamily(deps, ann, ` ${code} `)).toEqual({ familyId: f.familyId, familyName: 'Test family', role: 'member', alreadyMember: false });
    expect(getActiveFamilyId(deps, ann)).toBe(f.familyId);
    expect(eventsFor(deps, 'user', ann).map((e) => e.action)).toContain('member.joined');
    expect(outboxRows(deps, 'member.joined').at(-1)?.data).toEqual({ familyId: f.familyId, userId: ann });
    const before = snapshot(deps);
    const e = domainError(() => joinFamily(deps, bob, code));
    expect(e).toMatchObject({ code: 'invalid_state', details: { reason: 'invite_used' } });
    expect(snapshot(deps)).toBe(before);
  });

  it('a limited invite admits exactly maxUses people', () => {
    const f = makeFamily(deps);
    const { code } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'viewer', maxUses: 3 });
    const people = [makeUser(deps), makeUser(deps), makeUser(deps), makeUser(deps)];
    const outcomes = people.map((p) => {
      try {
        return joinFamily(deps, p, code).role;
      } catch (e) {
        return (e as DomainError).code;
      }
    });
    expect(outcomes).toEqual(['viewer', 'viewer', 'viewer', 'invalid_state']);
    expect(listMembers(deps, f.owner, f.familyId)).toHaveLength(4 + 3);
  });

  it('an expired invite is refused with expired; an unknown code is not found', () => {
    const f = makeFamily(deps);
    const { code } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'member', ttlMs: 60_000 });
    const late = makeUser(deps);
    t.clock.advance(60_000);
    try {
      expect(domainError(() => joinFamily(deps, late, code)).code).toBe('expired');
    } finally {
      t.clock.advance(-60_000);
    }
    expect(domainError(() => joinFamily(deps, late, 'inot-a-real-code')).code).toBe('not_found');
    expect(hasFamilyData(deps, late)).toBe(false);
  });

  it('someone already in the family keeps their role and uses nothing', () => {
    const f = makeFamily(deps);
    const { code, inviteId } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'viewer' });
    expect(joinFamily(deps, f.members.admin, code)).toMatchObject({ alreadyMember: true, role: 'admin' });
    expect(rows(deps, 'SELECT uses FROM invites WHERE id = ?', inviteId)).toEqual([{ uses: 0 }]);
  });

  it('an admin invites members and viewers but not admins; the owner may invite an admin; others none', () => {
    const f = makeFamily(deps);
    expect(createInvite(deps, f.members.admin, { familyId: f.familyId, role: 'member' }).role).toBe('member');
    expect(createInvite(deps, f.members.admin, { familyId: f.familyId, role: 'viewer' }).role).toBe('viewer');
    expect(domainError(() => createInvite(deps, f.members.admin, { familyId: f.familyId, role: 'admin' })).code).toBe('forbidden');
    const { code } = createInvite(deps, f.owner, { familyId: f.familyId, role: 'admin' });
    const newAdmin = makeUser(deps);
    expect(joinFamily(deps, newAdmin, code).role).toBe('admin');
    expect(domainError(() => createInvite(deps, f.members.member, { familyId: f.familyId, role: 'viewer' })).code).toBe('forbidden');
    expect(domainError(() => createInvite(deps, f.outsider, { familyId: f.familyId, role: 'viewer' })).code).toBe('not_found');
    // An owner invite does not exist; the type forbids it and so does the core.
    expect(domainError(() => createInvite(deps, f.owner, { familyId: f.familyId, role: 'owner' as 'admin' })).code).toBe('forbidden');
  });

  it.each([
    [{ maxUses: 0 }, 'maxUses'],
    [{ maxUses: 101 }, 'maxUses'],
    [{ maxUses: 1.5 }, 'maxUses'],
    [{ ttlMs: 0 }, 'ttl'],
    [{ ttlMs: 31 * 24 * 3600 * 1000 }, 'ttl'],
  ])('refuses invite options %j', (opts, field) => {
    const f = makeFamily(deps);
    expect(domainError(() => createInvite(deps, f.owner, { familyId: f.familyId, role: 'member', ...opts }))).toMatchObject({ code: 'validation', details: { field } });
  });
});

describe('members: roles, removal, leaving, ownership', () => {
  it('the owner changes roles both ways; the change is logged', () => {
    const f = makeFamily(deps);
    changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: f.members.member, role: 'admin' });
    changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: f.members.admin, role: 'viewer' });
    const roles = Object.fromEntries(listMembers(deps, f.owner, f.familyId).map((m) => [m.userId, m.role]));
    expect(roles[f.members.member]).toBe('admin');
    expect(roles[f.members.admin]).toBe('viewer');
    const changed = eventsFor(deps, 'user', f.members.member).filter((e) => e.action === 'member.role_changed');
    expect(JSON.parse(changed[0]!.payload)).toEqual({ from: 'member', to: 'admin' });
  });

  it('an admin manages members and viewers only, never admins, the owner or themselves', () => {
    const f = makeFamily(deps);
    changeMemberRole(deps, f.members.admin, { familyId: f.familyId, userId: f.members.member, role: 'viewer' });
    changeMemberRole(deps, f.members.admin, { familyId: f.familyId, userId: f.members.member, role: 'member' });
    const before = snapshot(deps);
    const refused: Array<[() => unknown, string]> = [
      [() => changeMemberRole(deps, f.members.admin, { familyId: f.familyId, userId: f.members.member, role: 'admin' }), 'forbidden'],
      [() => changeMemberRole(deps, f.members.admin, { familyId: f.familyId, userId: f.owner, role: 'member' }), 'forbidden'],
      [() => changeMemberRole(deps, f.members.admin, { familyId: f.familyId, userId: f.members.admin, role: 'member' }), 'forbidden'],
      [() => changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: f.members.member, role: 'owner' }), 'validation'],
      [() => changeMemberRole(deps, f.owner, { familyId: f.familyId, userId: f.outsider, role: 'member' }), 'not_found'],
      [() => changeMemberRole(deps, f.members.member, { familyId: f.familyId, userId: f.members.viewer, role: 'member' }), 'forbidden'],
      [() => removeMember(deps, f.members.admin, { familyId: f.familyId, userId: f.owner }), 'forbidden'],
      [() => removeMember(deps, f.owner, { familyId: f.familyId, userId: f.owner }), 'forbidden'],
      [() => removeMember(deps, f.members.member, { familyId: f.familyId, userId: f.members.viewer }), 'forbidden'],
      [() => removeMember(deps, f.owner, { familyId: f.familyId, userId: f.outsider }), 'not_found'],
    ];
    for (const [call, code] of refused) expect(domainError(call).code).toBe(code);
    expect(snapshot(deps)).toBe(before);
  });

  it('removing a member takes away their access', () => {
    const f = makeFamily(deps);
    removeMember(deps, f.members.admin, { familyId: f.familyId, userId: f.members.viewer });
    expect(domainError(() => getFamily(deps, f.members.viewer, f.familyId)).code).toBe('not_found');
    expect(eventsFor(deps, 'user', f.members.viewer).map((e) => e.action)).toContain('member.removed');
    expect(getActiveFamilyId(deps, f.members.viewer)).toBeNull();
  });

  it('the owner cannot leave without handing over ownership; then they can', () => {
    const f = makeFamily(deps);
    const before = snapshot(deps);
    expect(domainError(() => leaveFamily(deps, f.owner, f.familyId))).toMatchObject({ code: 'invalid_state', details: { reason: 'owner_must_transfer' } });
    expect(snapshot(deps)).toBe(before);
    expect(domainError(() => transferOwnership(deps, f.members.admin, { familyId: f.familyId, userId: f.members.admin })).code).toBe('forbidden');
    expect(domainError(() => transferOwnership(deps, f.owner, { familyId: f.familyId, userId: f.outsider })).code).toBe('not_found');
    expect(domainError(() => transferOwnership(deps, f.owner, { familyId: f.familyId, userId: f.owner })).code).toBe('not_found');
    transferOwnership(deps, f.owner, { familyId: f.familyId, userId: f.members.member });
    expect(getFamily(deps, f.members.member, f.familyId).role).toBe('owner');
    expect(getFamily(deps, f.owner, f.familyId).role).toBe('admin');
    expect(listMembers(deps, f.owner, f.familyId).filter((m) => m.role === 'owner')).toHaveLength(1);
    leaveFamily(deps, f.owner, f.familyId);
    expect(listFamiliesForUser(deps, f.owner)).toEqual([]);
    expect(eventsFor(deps, 'user', f.owner).map((e) => e.action)).toContain('member.left');
  });

  it('anyone else may leave; an outsider cannot', () => {
    const f = makeFamily(deps);
    leaveFamily(deps, f.members.viewer, f.familyId);
    expect(domainError(() => leaveFamily(deps, f.members.viewer, f.familyId)).code).toBe('not_found');
    expect(domainError(() => leaveFamily(deps, f.outsider, f.familyId)).code).toBe('not_found');
  });
});

describe('settings', () => {
  it('changes name, currency, time zone and locale, with an event listing each change', () => {
    const f = makeFamily(deps);
    const family = updateFamilySettings(deps, f.members.admin, { familyId: f.familyId, name: 'Home', baseCurrency: 'eur', timezone: 'Europe/Berlin', locale: 'ru' });
    expect(family).toMatchObject({ name: 'Home', baseCurrency: 'EUR', timezone: 'Europe/Berlin', locale: 'ru' });
    // The new base currency gets the default threshold, the old one keeps its own.
    expect(listThresholds(deps, f.owner, f.familyId)).toEqual(
      expect.arrayContaining([
        { currency: 'USD', amountMinor: 50000 },
        { currency: 'EUR', amountMinor: 50000 },
      ]),
    );
    const ev = eventsFor(deps, 'family', f.familyId).find((e) => e.action === 'family.settings_changed');
    expect(JSON.parse(ev!.payload)).toMatchObject({ baseCurrency: { from: 'USD', to: 'EUR' }, locale: { from: 'en', to: 'ru' } });
  });

  it.each([
    [{ baseCurrency: 'XXXX' }, 'baseCurrency'],
    [{ baseCurrency: 'ABC' }, 'baseCurrency'],
    [{ timezone: 'Europe/Atlantis' }, 'timezone'],
    [{ timezone: '' }, 'timezone'],
    // Intl takes these, but they are traps for a family's calendar: EST is Panama's clock (no summer time
    // in New York), IST is India's (not Israel's or Ireland's), Etc/GMT+8 is eight hours behind UTC.
    [{ timezone: 'EST' }, 'timezone'],
    [{ timezone: 'IST' }, 'timezone'],
    [{ timezone: 'MST' }, 'timezone'],
    [{ timezone: 'Etc/GMT+8' }, 'timezone'],
    [{ locale: 'fr' }, 'locale'],
    [{ name: '' }, 'name'],
    [{}, 'settings'],
  ])('refuses %j (validation on %s) and changes nothing', (patch, field) => {
    const f = makeFamily(deps);
    const before = snapshot(deps);
    expect(domainError(() => updateFamilySettings(deps, f.owner, { familyId: f.familyId, ...patch }))).toMatchObject({ code: 'validation', details: { field } });
    expect(snapshot(deps)).toBe(before);
  });

  it('takes a region\'s zone as written, DST and half-hour offsets alike, and UTC', () => {
    const f = makeFamily(deps);
    for (const tz of ['Asia/Kathmandu', 'Asia/Kolkata', 'America/Los_Angeles', 'Pacific/Auckland', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/UTC', 'UTC']) {
      expect(updateFamilySettings(deps, f.owner, { familyId: f.familyId, timezone: tz }).timezone).toBe(tz);
    }
  });

  it('threshold values are checked', () => {
    const f = makeFamily(deps);
    for (const amountMinor of [-1, 1.5, Number.NaN, 2 ** 60]) {
      expect(domainError(() => setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'USD', amountMinor })).code).toBe('validation');
    }
    expect(domainError(() => setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'QQQ', amountMinor: 1 })).code).toBe('validation');
    setApprovalThreshold(deps, f.owner, { familyId: f.familyId, currency: 'JPY', amountMinor: 0 });
    expect(listThresholds(deps, f.members.viewer, f.familyId)).toEqual(expect.arrayContaining([{ currency: 'JPY', amountMinor: 0 }]));
  });

  it('the active family can be switched only to a family one belongs to', () => {
    const f = makeFamily(deps);
    const g = makeFamily(deps);
    const { code } = createInvite(deps, g.owner, { familyId: g.familyId, role: 'viewer' });
    joinFamily(deps, f.members.member, code);
    expect(getActiveFamilyId(deps, f.members.member)).toBe(g.familyId);
    setActiveFamily(deps, f.members.member, f.familyId);
    expect(getActiveFamilyId(deps, f.members.member)).toBe(f.familyId);
    expect(domainError(() => setActiveFamily(deps, f.outsider, f.familyId)).code).toBe('not_found');
    expect(listFamiliesForUser(deps, f.members.member).map((x) => [x.id, x.role])).toEqual([
      [f.familyId, 'member'],
      [g.familyId, 'viewer'],
    ]);
  });
});

describe('users', () => {
  it('ensureTelegramUser creates once per chat and refreshes the profile', () => {
    const first = ensureTelegramUser(deps, { chatId: 777001, firstName: 'Ivan', username: 'ivan', languageCode: 'ru-RU' });
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({ name: 'Ivan', locale: 'ru', email: null });
    const again = ensureTelegramUser(deps, { chatId: 777001, firstName: 'Ivan', username: 'ivan_new' });
    expect(again).toEqual({ user: first.user, created: false });
    expect(rows(deps, 'SELECT username FROM telegram_identities WHERE chat_id = ?', 777001)).toEqual([{ username: 'ivan_new' }]);
    expect(count(deps, 'users', 'id = ?', first.user.id)).toBe(1);
    expect(count(deps, 'event_log', `action = 'user.created' AND entity_id = ?`, String(first.user.id))).toBe(1);
    expect(findUserByChat(deps, 777001)?.id).toBe(first.user.id);
    expect(findUserByChat(deps, 777002)).toBeUndefined();
    expect(ensureTelegramUser(deps, { chatId: 777003 }).user).toMatchObject({ name: 'Telegram 777003', locale: null });
  });

  it('registerUser normalises the email and refuses a duplicate with conflict', async () => {
    const user = await registerUser(deps, { email: '  Ann@Example.COM ', password: 'correct horse battery', name: 'Ann' });
    expect(user.email).toBe('ann@example.com');
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain('correct horse');
    await expect(registerUser(deps, { email: 'ann@example.com', password: 'another long secret', name: 'Ann 2' })).rejects.toMatchObject({
      code: 'conflict',
      details: { field: 'email' },
    });
  });

  it.each([
    ['short', 'password'],
    ['aaaaaaaaaaaa', 'password'],
    ['password123', 'password'],
    ['x'.repeat(257), 'password'],
    ['me@example.org', 'password'],
  ])('a weak password (%s) is a validation error on %s', async (password, field) => {
    await expect(registerUser(deps, { email: 'me@example.org', password, name: 'Me' })).rejects.toMatchObject({ code: 'validation', details: { field } });
    expect(count(deps, 'users', 'email = ?', 'me@example.org')).toBe(0);
  });

  it('a bad email or name is a validation error on that field', async () => {
    await expect(registerUser(deps, { email: 'not-an-email', password: 'long enough secret', name: 'X' })).rejects.toMatchObject({ details: { field: 'email' } });
    await expect(registerUser(deps, { email: 'x@example.net', password: 'long enough secret', name: '  ' })).rejects.toMatchObject({ details: { field: 'name' } });
  });

  it('authenticate: the right password works; a wrong password and an unknown email fail alike', async () => {
    await registerUser(deps, { email: 'bob@example.com', password: 'bobs long password', name: 'Bob' });
    expect((await authenticate(deps, { email: 'BOB@example.com ', password: 'bobs long password' })).name).toBe('Bob');
    const failures = await Promise.all(
      [
        { email: 'bob@example.com', password: 'wrong password!!' },
        { email: 'nobody@example.com', password: 'bobs long password' },
        { email: 'not an email', password: 'x' },
      ].map((input) => authenticate(deps, input).then(
        () => undefined,
        (e: unknown) => e,
      )),
    );
    for (const e of failures) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('unauthorized');
    }
    expect(new Set(failures.map((e) => (e as DomainError).message)).size).toBe(1);
    // A Telegram-only user has no password: also the same failure.
    const tg = ensureTelegramUser(deps, { chatId: 777010, firstName: 'T' }).user;
    expect(tg.email).toBeNull();
    await expect(authenticate(deps, { email: 'bob@example.com', password: '' })).rejects.toMatchObject({ code: 'unauthorized', message: (failures[0] as DomainError).message });
  });
});

describe('guessCategory', () => {
  it('guesses from names and keywords, in both languages', () => {
    const f = makeFamily(deps);
    const guess = (text: string, kind: 'expense' | 'income' = 'expense') => guessCategory(deps, f.members.member, f.familyId, kind, text)?.name;
    expect(guess('coffee')).toBe('Cafes');
    expect(guess('Coffee with Ann')).toBe('Cafes');
    expect(guess('taxi home')).toBe('Transport');
    expect(guess('кофе')).toBe('Cafes');
    expect(guess('groceries')).toBe('Groceries');
    expect(guess('salary', 'income')).toBe('Salary');
    expect(guess('coffee', 'income')).toBeUndefined();
    expect(guess('zzz qqq')).toBeUndefined();
    expect(guess('')).toBeUndefined();
  });

  it("the person's own history wins over keywords", () => {
    const f = makeFamily(deps);
    fund(deps, f, f.cashId, 100_000);
    const shopping = listCategories(deps, f.owner, f.familyId).find((c) => c.name === 'Shopping')!;
    createTransaction(deps, f.members.member, { familyId: f.familyId, fromWalletId: f.cashId, amountMinor: 500, categoryId: shopping.id, description: 'coffee beans' });
    expect(guessCategory(deps, f.members.member, f.familyId, 'expense', 'coffee')?.name).toBe('Shopping');
    // Somebody else's history does not count.
    expect(guessCategory(deps, f.members.admin, f.familyId, 'expense', 'coffee')?.name).toBe('Cafes');
    // Most used first when listing for a person.
    expect(listCategories(deps, f.members.member, f.familyId, { kind: 'expense', usageBy: f.members.member })[0]?.id).toBe(shopping.id);
  });

  it('an outsider gets nothing but not_found', () => {
    const f = makeFamily(deps);
    expect(domainError(() => guessCategory(deps, f.outsider, f.familyId, 'expense', 'coffee')).code).toBe('not_found');
  });
});
