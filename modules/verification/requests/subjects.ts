// What a verification request is about: an application's household, or a periodic review's. Each is
// read through assistance's services, within the actor's jurisdiction, into one shape: the members to
// verify and their consents, what was declared, and the case that waits for the report.
import { DomainError, type Actor, type Executor, type IsoDate } from '#kernel';
import { getApplication, reviewVerificationSubject, REVIEW_SUBJECT } from '#assistance';
import { mustGetPerson } from '#registry';
import type { Declared } from './report.rules';
import type { ConsentMember } from './consent.rules';
import type { QueryPerson } from '../sources/adapter';

export const APPLICATION_SUBJECT = 'assistance_application';
export { REVIEW_SUBJECT };

export type SubjectRef = { applicationId: number; reviewId?: undefined } | { reviewId: number; applicationId?: undefined };
export interface DeclaredIncome { personId: number; kind: string; monthlyFen: number }
export interface StoredPerson extends QueryPerson { age: number }

export interface Subject {
  subjectType: string;
  subjectId: string;
  householdId: number;
  divisionCode: string;
  /** the counted members, as the registry holds them now */
  persons: StoredPerson[];
  members: ConsentMember[];
  consents: { personId: number }[];
  expired: { personId: number; validUntil: string }[];
  declared: Declared & { incomes: DeclaredIncome[]; urbanRural: 'urban' | 'rural' };
  instanceId: number | null;
  /** the case is over: nothing to verify for */
  closed: boolean;
  /** states from which the request moves the case into verification, by its `requestVerification` step */
  startStates: string[];
  defaultPurpose: string;
}

function declaredOf(incomes: DeclaredIncome[], assets: { financialFen?: number; vehicles?: number; extraHousing?: number }, urbanRural: string) {
  return {
    incomes,
    monthlyIncomeFen: incomes.reduce((s, i) => s + i.monthlyFen, 0),
    financialFen: assets.financialFen ?? 0, vehicles: assets.vehicles ?? 0, extraHousing: assets.extraHousing ?? 0,
    hasBusinessIncome: incomes.some((i) => i.kind === 'business' && i.monthlyFen > 0),
    urbanRural: urbanRural === 'urban' ? 'urban' as const : 'rural' as const,
  };
}

async function personsOf(exec: Executor, actor: Actor, members: { personId: number; age: number }[]): Promise<StoredPerson[]> {
  const out: StoredPerson[] = [];
  for (const m of members) {
    const p = await mustGetPerson(exec, actor, m.personId);
    out.push({ personId: p.id, idNumber: p.idNumber, name: p.name, age: m.age });
  }
  return out;
}

export async function loadSubject(exec: Executor, actor: Actor, ref: SubjectRef, today: IsoDate): Promise<Subject> {
  if (ref.applicationId !== undefined) {
    const app = await getApplication(exec, actor, ref.applicationId);
    const members = (app.members as ConsentMember[]).filter((m) => m.included);
    return {
      subjectType: APPLICATION_SUBJECT, subjectId: String(app.id), householdId: app.householdId, divisionCode: app.divisionCode,
      // an application verifies the members as the intake recorded them (ages at intake)
      persons: await personsOf(exec, actor, members.map((m) => ({ personId: m.personId, age: m.age }))),
      members, consents: app.consents as { personId: number }[], expired: [],
      declared: declaredOf(app.incomes as DeclaredIncome[], app.assets as Record<string, number>, app.urbanRural),
      instanceId: app.instanceId, closed: !app.instanceId || !!app.decision,
      startStates: ['accepted'], defaultPurpose: '最低生活保障申请家庭经济状况核对',
    };
  }
  const s = await reviewVerificationSubject(exec, actor, ref.reviewId, today);
  const counted = s.members.filter((m) => m.included);
  // a review verifies the members with their ages today: a child come of age must consent
  const persons = await personsOf(exec, actor, counted.map((m) => ({ personId: m.personId, age: m.age })));
  return {
    subjectType: REVIEW_SUBJECT, subjectId: String(s.review.id), householdId: s.householdId, divisionCode: s.divisionCode,
    persons,
    members: counted.map((m) => ({ personId: m.personId, name: m.name, age: m.age, included: true })),
    consents: s.consents.filter((c) => c.valid), expired: s.consents.filter((c) => !c.valid),
    declared: declaredOf(s.incomes, s.assets, s.urbanRural),
    instanceId: s.review.instanceId, closed: s.review.status !== 'open' || !s.review.instanceId,
    startStates: ['due', 'visited', 'recomputed'], defaultPurpose: '最低生活保障定期复核家庭经济状况核对',
  };
}

export const notExpected = (message: string) => new DomainError('VERIFICATION_NOT_EXPECTED', message, { status: 409 });
