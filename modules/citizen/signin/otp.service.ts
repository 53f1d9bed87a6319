// One-time codes. Signing in does the same work whether or not the ID number and name match the
// registry: a challenge is always stored (with no person when nothing matched), every check always
// hashes and compares, and the answer is always the same. Only a matched person's phone gets the SMS.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { DomainError, maskPhone, SYSTEM_ACTOR, recordAudit, type Executor, type Tx } from '#kernel';
import { mustGetPerson, searchPersons, type RegistryDeps } from '#registry';
import { consents, otpChallenges } from '../schema';
import { clearFailures, countFailure, ID_RULE, IP_RULE, isLocked, lockedError, SEND_RULE } from './throttle.service';

export const CODE_TTL_MS = 5 * 60_000;
/** wrong codes one challenge accepts before it is spent */
const MAX_ATTEMPTS = 5;

// A per-process key unless the operator sets one (several API processes must share it).
const SECRET = process.env.CITIZEN_SECRET || randomBytes(32).toString('hex');
const hmac = (data: string) => createHmac('sha256', SECRET).update(data).digest('hex');

/** The lockout key of an ID number: a keyed hash, so the throttle table holds no ID numbers. */
export const subjectKeyOf = (idNumber: string) => hmac(`id:${idNumber.toUpperCase()}`);
const codeHash = (challengeId: string, code: string) => hmac(`code:${challengeId}:${code}`);
const normaliseName = (s: string) => s.normalize('NFKC').replace(/[\s·•.．・]/g, '');

export const codeInvalid = () =>
  new DomainError('CITIZEN_CODE_INVALID', '验证码不正确或已过期，请核对后重新输入，或重新获取验证码', { status: 401 });

export const SIGNIN_SENT_MESSAGE = '如果您填写的身份证号和姓名与登记信息一致，验证码已通过短信发送到登记的手机号码，5 分钟内有效。';

export interface Outgoing { phone: string; text: string }

/** Finds the registered person with this ID number and name, if any (always the same queries). */
async function matchPerson(exec: Executor, deps: RegistryDeps, idNumber: string, name: string) {
  const found = await searchPersons(exec, deps, SYSTEM_ACTOR, { q: idNumber, page: 1, pageSize: 1, sort: 'name', order: 'asc' });
  const hit = found.items[0];
  const same = !!hit && hit.status === 'living' && normaliseName(hit.name) === normaliseName(name);
  return same ? mustGetPerson(exec, SYSTEM_ACTOR, hit.id) : null;
}

async function newChallenge(tx: Executor, v: { purpose: 'signin' | 'consent'; subjectKey: string; personId: number | null; requestedBy?: number | null; now: Date }) {
  const id = randomBytes(32).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await tx.insert(otpChallenges).values({
    id, purpose: v.purpose, subjectKey: v.subjectKey, personId: v.personId, requestedBy: v.requestedBy ?? null,
    codeHash: codeHash(id, code), expiresAt: new Date(v.now.getTime() + CODE_TTL_MS), createdAt: v.now,
  });
  return { id, code };
}

/** 获取验证码 for signing in. `outgoing` is what to send after commit (null when nothing matched). */
export async function requestSignInCode(tx: Tx, deps: RegistryDeps, q: { idNumber: string; name: string; ip: string; now?: Date }) {
  const now = q.now ?? new Date();
  const subjectKey = subjectKeyOf(q.idNumber);
  const locked = [await isLocked(tx, ID_RULE, subjectKey, now), await isLocked(tx, IP_RULE, q.ip, now), await isLocked(tx, SEND_RULE, subjectKey, now)];
  if (locked.some(Boolean)) return { ok: false as const, error: lockedError() };
  await countFailure(tx, SEND_RULE, subjectKey, now); // every request counts towards the SMS limit
  const person = await matchPerson(tx, deps, q.idNumber, q.name);
  const target = person?.phone ? person : null;
  const { id, code } = await newChallenge(tx, { purpose: 'signin', subjectKey, personId: target?.id ?? null, now });
  if (target) {
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'citizen.code_sent', entityType: 'person', entityId: target.id, divisionCode: target.divisionCode, after: { phone: maskPhone(target.phone) } });
  }
  const outgoing: Outgoing | null = target ? { phone: target.phone!, text: `【民政掌上办】您的登录验证码为 ${code}，5 分钟内有效。请勿告诉他人，工作人员不会向您索要验证码。` } : null;
  return { ok: true as const, challengeId: id, outgoing };
}

/**
 * Checks a code, always hashing and comparing (an unknown challenge is compared against a dummy).
 * A wrong code counts against the ID number, the address and the challenge; the caller commits the
 * count and then refuses. A right one spends the challenge and clears the ID number's failures.
 */
export async function checkCode(tx: Tx, q: { challengeId: string; code: string; purpose: 'signin' | 'consent'; ip: string; requestedBy?: number | null; now?: Date }) {
  const now = q.now ?? new Date();
  const [row] = await tx.select().from(otpChallenges).where(eq(otpChallenges.id, q.challengeId.slice(0, 43))).for('update');
  const subjectKey = row?.subjectKey ?? hmac(`unknown:${q.challengeId}`);
  if ((await isLocked(tx, ID_RULE, subjectKey, now)) || (await isLocked(tx, IP_RULE, q.ip, now))) return { ok: false as const, error: lockedError() };
  const expected = Buffer.from(row?.codeHash ?? hmac('no-challenge'), 'hex');
  const given = Buffer.from(codeHash(row?.id ?? q.challengeId, q.code), 'hex');
  const same = timingSafeEqual(expected, given);
  const usable = !!row && row.purpose === q.purpose && !row.consumedAt && row.expiresAt > now && row.attempts < MAX_ATTEMPTS
    && row.personId !== null && (q.purpose !== 'consent' || row.requestedBy === q.requestedBy);
  if (!(same && usable)) {
    if (row) await tx.update(otpChallenges).set({ attempts: row.attempts + 1 }).where(eq(otpChallenges.id, row.id));
    await countFailure(tx, ID_RULE, subjectKey, now);
    await countFailure(tx, IP_RULE, q.ip, now);
    return { ok: false as const, error: codeInvalid() };
  }
  await tx.update(otpChallenges).set({ consumedAt: now }).where(eq(otpChallenges.id, row.id));
  await clearFailures(tx, ID_RULE, subjectKey);
  return { ok: true as const, personId: row.personId! };
}

export const ADULT_AGE = 18;

/** 授权验证码: sent to a household member's own phone so they can consent to verification. */
export async function requestConsentCode(tx: Tx, citizen: { personId: number; householdId: number; name: string }, memberPersonId: number, now = new Date()) {
  const member = await mustGetPerson(tx, SYSTEM_ACTOR, memberPersonId).catch(() => null);
  if (!member || member.householdId !== citizen.householdId || member.status !== 'living') {
    throw new DomainError('CITIZEN_MEMBER_UNKNOWN', '该人员不是您家庭户的现有成员', { status: 404 });
  }
  if (!member.phone) {
    throw new DomainError('CITIZEN_MEMBER_NO_PHONE', `${member.name} 没有登记手机号码，无法在手机上授权；请本人到村（社区）或乡镇（街道）窗口签字授权，或先请窗口登记手机号`, { status: 422 });
  }
  const subjectKey = subjectKeyOf(member.idNumber);
  if (await isLocked(tx, SEND_RULE, subjectKey, now)) throw lockedError();
  await countFailure(tx, SEND_RULE, subjectKey, now);
  const { id, code } = await newChallenge(tx, { purpose: 'consent', subjectKey, personId: member.id, requestedBy: citizen.personId, now });
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'citizen.consent_code_sent', entityType: 'person', entityId: member.id, divisionCode: member.divisionCode, after: { requestedBy: citizen.personId } });
  return {
    challengeId: id, phoneMasked: maskPhone(member.phone), memberName: member.name,
    outgoing: { phone: member.phone, text: `【民政掌上办】${citizen.name} 正在为您家申请社会救助，需要核对家庭经济状况。如您同意，请把验证码 ${code} 告诉申请人（5 分钟内有效）；不同意请忽略。` },
  };
}

/** Records a member's electronic consent once their code checks out. */
export async function confirmConsent(tx: Tx, citizen: { personId: number; householdId: number }, personId: number, now = new Date()) {
  const member = await mustGetPerson(tx, SYSTEM_ACTOR, personId);
  const [row] = await tx.insert(consents).values({
    householdId: citizen.householdId, personId, personName: member.name, requestedBy: citizen.personId, confirmedAt: now,
  }).returning();
  await recordAudit(tx, SYSTEM_ACTOR, { action: 'citizen.consent_confirmed', entityType: 'person', entityId: personId, divisionCode: member.divisionCode, after: { householdId: citizen.householdId } });
  return row;
}

/** Consents given in the last day and not yet used by an application. */
export async function openConsents(exec: Executor, householdId: number, now = new Date()) {
  return exec.select().from(consents).where(and(
    eq(consents.householdId, householdId), isNull(consents.applicationId), gt(consents.confirmedAt, new Date(now.getTime() - 24 * 3600_000)),
  ));
}
