// Factories for integration tests: a migrated platform with Yangquan's divisions, staff of every
// role, and valid persons and households built through the registry's own services.
import { idNumberCheckDigit, inTransaction, createUser, SYSTEM_ACTOR, type Actor, type Role, actorOf, users } from '#kernel';
import { createHousehold, createPerson, addMember, type PersonInput } from '#registry';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from './db';
import { loadConfig } from '../apps/server/src/config';
import { preparePlatform, type Platform } from '../apps/server/src/platform';

export const TEST_PASSWORD = 'test-password-1';

export async function buildPlatform(): Promise<Platform> {
  const db = await createTestDatabase();
  return preparePlatform(db, loadConfig({}, { dataDir: '/nonexistent', demoPersons: 0, logLevel: 'silent' }));
}

let userSeq = 0;
export async function buildUser(p: Platform, role: Role, divisionCode: string): Promise<Actor & { password: string }> {
  const username = `u${++userSeq}-${role.replace(/_/g, '-')}`.slice(0, 60);
  await inTransaction(p.db, (tx) => createUser(tx, SYSTEM_ACTOR, { username, displayName: username, role, divisionCode, password: TEST_PASSWORD }));
  const [u] = await p.db.orm.select().from(users).where(eq(users.username, username));
  return { ...actorOf(u), password: TEST_PASSWORD };
}

let seq = 0;
/** A valid, unique GB 11643 number for a birth date and a county (region) code. */
export function idNumberFor(birthDate = '1980-05-17', region = '140321', gender: 'M' | 'F' = 'M'): string {
  seq = (seq + 1) % 500;
  const order = String(seq * 2 + (gender === 'M' ? 1 : 0)).padStart(3, '0').slice(-3);
  const first17 = region + birthDate.replace(/-/g, '') + order;
  return first17 + idNumberCheckDigit(first17);
}

export function personInput(over: Partial<PersonInput> & { birthDate?: string; gender?: 'M' | 'F' } = {}): PersonInput {
  const divisionCode = over.divisionCode ?? '140321100201';
  const birth = over.birthDate ?? `19${String(50 + (seq % 45)).padStart(2, '0')}-0${1 + (seq % 9)}-1${seq % 9}`;
  return {
    idNumber: idNumberFor(birth, divisionCode.slice(0, 6), over.gender ?? 'M'),
    name: '张建国',
    divisionCode,
    urbanRural: 'rural',
    ...over,
    birthDate: undefined,
    gender: undefined,
  };
}

export async function buildPerson(p: Platform, over: Partial<PersonInput> & { birthDate?: string; gender?: 'M' | 'F' } = {}) {
  return inTransaction(p.db, (tx) => createPerson(tx, p.registry, SYSTEM_ACTOR, personInput(over)));
}

/** A household of a head and `members - 1` others, all in one village. */
export async function buildHousehold(p: Platform, divisionCode = '140321100201', members = 3) {
  return inTransaction(p.db, async (tx) => {
    const head = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode, name: '王德明' }));
    const h = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: head.id, formedOn: '2010-01-01' });
    const others = [];
    for (let i = 1; i < members; i++) {
      const m = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ divisionCode, name: i === 1 ? '李秀英' : '王小明', birthDate: i === 1 ? '1982-03-04' : '2012-09-01', gender: i === 1 ? 'F' : 'M' }));
      await addMember(tx, SYSTEM_ACTOR, h.id, m.id, i === 1 ? '10' : '20', '2012-09-01');
      others.push(m);
    }
    return { household: h, head, members: [head, ...others] };
  });
}
