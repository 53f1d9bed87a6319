import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type Database } from '../../../../test/db';
import { inTransaction } from '../db/transaction';
import { DomainError } from '../errors';
import { SYSTEM_ACTOR } from './roles';
import { login, userBySession, logout, changePassword, actorOf } from './auth.service';
import { createUser, unlockUser } from './users.service';

let db: Database;
const PASSWORD = 'correct-horse-1';
beforeAll(async () => {
  db = await createTestDatabase();
  await inTransaction(db, (tx) => createUser(tx, SYSTEM_ACTOR, { username: 'alice', displayName: '爱丽丝', role: 'township_caseworker', divisionCode: '140321100', password: PASSWORD }));
});
afterAll(() => db?.close());

const attempt = (password: string, now = new Date()) => inTransaction(db, (tx) => login(tx, 'alice', password, now));

describe('login', () => {
  it('opens a session whose token resolves to the user, and logout ends it', async () => {
    const r = await attempt(PASSWORD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((await userBySession(db.orm, r.token))?.username).toBe('alice');
    await logout(db.orm, r.token);
    expect(await userBySession(db.orm, r.token)).toBeNull();
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const unknown = await inTransaction(db, (tx) => login(tx, 'nobody', 'x')).catch((e: DomainError) => e);
    const wrong = await attempt('wrong');
    expect(unknown).toBeInstanceOf(DomainError);
    expect(!wrong.ok && wrong.error.code).toBe((unknown as DomainError).code);
    expect(!wrong.ok && wrong.error.message).toBe((unknown as DomainError).message);
  });

  it('locks after repeated failures with growing lock times, even for the right password', async () => {
    await inTransaction(db, (tx) => unlockUser(tx, SYSTEM_ACTOR, 1));
    const t0 = new Date('2026-03-02T08:00:00Z');
    for (let i = 0; i < 4; i++) expect((await attempt('wrong', t0)).ok).toBe(false);
    expect((await attempt('wrong', t0)).ok).toBe(false); // fifth: locks 15 minutes
    await expect(attempt(PASSWORD, new Date(t0.getTime() + 14 * 60_000))).rejects.toMatchObject({ code: 'AUTH_LOCKED', status: 423 });
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect((await attempt('wrong', later)).ok).toBe(false); // sixth: locks 30 minutes
    await expect(attempt(PASSWORD, new Date(later.getTime() + 29 * 60_000))).rejects.toMatchObject({ code: 'AUTH_LOCKED' });
    expect((await attempt(PASSWORD, new Date(later.getTime() + 31 * 60_000))).ok).toBe(true);
  });

  it('changes a password, refusing a weak one and ending other sessions', async () => {
    const r = await attempt(PASSWORD);
    if (!r.ok) throw r.error;
    const actor = actorOf(r.user);
    await expect(inTransaction(db, (tx) => changePassword(tx, actor, PASSWORD, 'short'))).rejects.toMatchObject({ code: 'AUTH_WEAK_PASSWORD' });
    await expect(inTransaction(db, (tx) => changePassword(tx, actor, 'wrong', 'a-much-better-1'))).rejects.toMatchObject({ code: 'AUTH_WRONG_PASSWORD' });
    await inTransaction(db, (tx) => changePassword(tx, actor, PASSWORD, 'a-much-better-1'));
    expect(await userBySession(db.orm, r.token)).toBeNull();
    expect((await attempt('a-much-better-1')).ok).toBe(true);
  });
});
