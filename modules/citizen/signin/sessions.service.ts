// Citizen sessions: short and sliding (idle 20 minutes, at most 2 hours), in their own table and
// cookie. A citizen is never a member of staff: nothing here yields a kernel Actor.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import { SYSTEM_ACTOR, recordAudit, type Executor, type Tx } from '#kernel';
import { mustGetPerson } from '#registry';
import { otpChallenges, sessions } from '../schema';

export const CITIZEN_COOKIE = 'mz_citizen';
export const IDLE_MS = 20 * 60_000;
export const MAX_MS = 2 * 3600_000;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who is signed in on the phone: the person, their household and the household's village. */
export interface Citizen {
  personId: number;
  name: string;
  householdId: number | null;
  /** the person's registration village */
  divisionCode: string;
  expiresAt: Date;
}

export async function openSession(tx: Tx, personId: number, now = new Date()) {
  const person = await mustGetPerson(tx, SYSTEM_ACTOR, personId);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + IDLE_MS);
  await tx.insert(sessions).values({ tokenHash: tokenHash(token), personId, householdId: person.householdId, createdAt: now, expiresAt });
  await tx.delete(sessions).where(and(eq(sessions.personId, personId), lt(sessions.expiresAt, now)));
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'citizen.signed_in', entityType: 'person', entityId: personId, divisionCode: person.divisionCode });
  return { token, expiresAt };
}

/** The citizen behind a token, sliding the idle limit forward (never past the absolute one). */
export async function citizenBySession(exec: Executor, token: string, now = new Date()): Promise<Citizen | null> {
  const h = tokenHash(token);
  const [s] = await exec.select().from(sessions).where(and(eq(sessions.tokenHash, h), gt(sessions.expiresAt, now)));
  if (!s) return null;
  const person = await mustGetPerson(exec, SYSTEM_ACTOR, s.personId).catch(() => null);
  if (!person || person.status !== 'living') return null;
  const slid = new Date(Math.min(now.getTime() + IDLE_MS, s.createdAt.getTime() + MAX_MS));
  if (slid.getTime() - s.expiresAt.getTime() > 60_000) await exec.update(sessions).set({ expiresAt: slid }).where(eq(sessions.tokenHash, h));
  // the household as the registry holds it now (a member who moved out no longer sees the old one)
  return { personId: person.id, name: person.name, householdId: person.householdId, divisionCode: person.divisionCode, expiresAt: slid > s.expiresAt ? slid : s.expiresAt };
}

export async function closeSession(exec: Executor, token: string): Promise<void> {
  await exec.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

/** Housekeeping: expired sessions, and one-time codes a day past their expiry (kept that long for inquiries). */
export async function purgeCitizenSessions(exec: Executor, now = new Date()): Promise<number> {
  await exec.delete(otpChallenges).where(lt(otpChallenges.expiresAt, new Date(now.getTime() - 24 * 3600_000)));
  return (await exec.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ t: sessions.tokenHash })).length;
}
