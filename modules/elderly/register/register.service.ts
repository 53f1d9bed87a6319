// 老年人名册: every living resident aged 60 or more, from the registry's published facts, with what
// elderly care knows (living situation, carers, flags) and the latest assessment level.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { ageOn, maskIdNumber, maskPhone, recordAudit, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { admissions, assessments, profiles, subsidyProposals, visits } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { requireElderly, revealsPersonalData } from '../access';
import { olderPerson, personInScope, OLDER_AGE } from './person.reads';
import { LEVELS } from '../assessment/items';

export const LIVING_SITUATIONS = { alone: '独居', empty_nest: '空巢', left_behind: '留守', with_family: '与家人同住' } as const;
export type LivingSituation = keyof typeof LIVING_SITUATIONS;
export const FLAGS = { disabled: '残疾', severelyDisabled: '重度残疾', familyPlanningSpecial: '计划生育特殊家庭', tekun: '特困', dibao: '低保' } as const;
export type Flag = keyof typeof FLAGS;

export interface RegisterQuery {
  divisionCode?: string;
  q?: string;
  livingSituation?: LivingSituation;
  flag?: Flag;
  level?: number;
  ageFrom?: number;
  ageTo?: number;
  page?: number;
  pageSize?: number;
  on?: IsoDate;
}

export interface RegisterRow {
  personId: number;
  householdId: number | null;
  name: string;
  gender: string;
  age: number;
  idNumber: string;
  phone: string | null;
  divisionCode: string;
  urbanRural: string;
  livingSituation: LivingSituation;
  flags: Flag[];
  level: number | null;
  levelLabel: string | null;
  nextAssessmentDue: string | null;
  carers: { name: string; relation?: string; phone?: string }[];
}

/** The day a person turns 60 on or before `on` was born on or before this date. */
export const olderBornBy = (on: IsoDate) => `${Number(on.slice(0, 4)) - OLDER_AGE}${on.slice(4)}`;
const bornBy = (on: IsoDate, age: number) => `${Number(on.slice(0, 4)) - age}${on.slice(4)}`;

/** The SQL of the register (shared by the list, the indicators and the checks). */
export function registerConditions(actor: Actor, on: IsoDate, q: RegisterQuery = {}): SQL[] {
  const month = on.slice(0, 7);
  const p = personFacts;
  const conds: SQL[] = [
    sql`${p.status} = 'living'`,
    sql`${p.birthDate} <= ${olderBornBy(on)}::date`,
    sql`${p.divisionCode} LIKE ${(q.divisionCode && q.divisionCode.startsWith(actor.divisionCode) ? q.divisionCode : actor.divisionCode) + '%'}`,
  ];
  if (q.q) conds.push(sql`${p.name} LIKE ${q.q.replace(/[%_\\]/g, '\\$&') + '%'}`);
  if (q.ageFrom != null) conds.push(sql`${p.birthDate} <= ${bornBy(on, q.ageFrom)}::date`);
  if (q.ageTo != null) conds.push(sql`${p.birthDate} > ${bornBy(on, q.ageTo + 1)}::date`);
  if (q.livingSituation) conds.push(sql`coalesce(pr.living_situation, 'with_family') = ${q.livingSituation}`);
  if (q.level != null) conds.push(sql`la.level = ${q.level}`);
  const onRoll = (programme: string) => sql`EXISTS (SELECT 1 FROM ${entitlementPeriods} e WHERE e.household_id = ${p.householdId}
    AND e.programme = ${programme} AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month}))`;
  if (q.flag === 'disabled') conds.push(sql`${p.disabilityGrade} IS NOT NULL`);
  if (q.flag === 'severelyDisabled') conds.push(sql`${p.disabilityGrade} IN (1, 2)`);
  if (q.flag === 'familyPlanningSpecial') conds.push(sql`pr.family_planning_special`);
  if (q.flag === 'dibao') conds.push(onRoll('dibao'));
  if (q.flag === 'tekun') conds.push(onRoll('tekun'));
  return conds;
}

const latestAssessment = sql`LEFT JOIN LATERAL (SELECT a.level, a.next_due_on FROM ${assessments} a WHERE a.person_id = ${personFacts.personId}
  ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) la ON true`;

export async function searchRegister(exec: Executor, actor: Actor, query: RegisterQuery = {}): Promise<{ total: number; rows: RegisterRow[] }> {
  requireElderly(actor, 'read');
  const on = query.on ?? todayInChina();
  const month = on.slice(0, 7);
  const page = Math.max(1, query.page ?? 1);
  const size = Math.min(100, Math.max(1, query.pageSize ?? 20));
  const where = sql.join(registerConditions(actor, on, query), sql` AND `);
  const from = sql`FROM ${personFacts} LEFT JOIN ${profiles} pr ON pr.person_id = ${personFacts.personId} ${latestAssessment}`;
  const [{ n }] = (await exec.execute(sql`SELECT count(*)::int AS n ${from} WHERE ${where}`)).rows as { n: number }[];
  const { rows } = await exec.execute(sql`
    SELECT ${personFacts.personId} AS person_id, ${personFacts.householdId} AS household_id, ${personFacts.name} AS name,
           ${personFacts.gender} AS gender, ${personFacts.birthDate}::text AS birth_date, ${personFacts.idNumber} AS id_number,
           ${personFacts.phone} AS phone, ${personFacts.divisionCode} AS division_code, ${personFacts.urbanRural} AS urban_rural,
           ${personFacts.disabilityGrade} AS disability_grade,
           coalesce(pr.living_situation, 'with_family') AS living_situation, coalesce(pr.family_planning_special, false) AS fps,
           coalesce(pr.carers, '[]'::jsonb) AS carers, la.level, la.next_due_on::text AS next_due_on,
           ARRAY(SELECT DISTINCT e.programme FROM ${entitlementPeriods} e WHERE e.household_id = ${personFacts.householdId}
             AND e.programme IN ('dibao', 'tekun') AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})) AS programmes
    ${from} WHERE ${where}
    ORDER BY ${personFacts.divisionCode}, ${personFacts.name}, ${personFacts.personId}
    LIMIT ${size} OFFSET ${(page - 1) * size}`);
  const reveal = revealsPersonalData(actor);
  return {
    total: Number(n),
    rows: (rows as Record<string, any>[]).map((r) => {
      const flags: Flag[] = [];
      if (r.disability_grade != null) flags.push('disabled');
      if (r.disability_grade === 1 || r.disability_grade === 2) flags.push('severelyDisabled');
      if (r.fps) flags.push('familyPlanningSpecial');
      for (const prog of r.programmes as string[]) flags.push(prog as Flag);
      const level = r.level == null ? null : Number(r.level);
      return {
        personId: Number(r.person_id), householdId: r.household_id == null ? null : Number(r.household_id), name: r.name, gender: r.gender,
        age: ageOn(r.birth_date, on), idNumber: maskIdNumber(r.id_number), phone: maskPhone(r.phone), divisionCode: r.division_code,
        urbanRural: r.urban_rural, livingSituation: r.living_situation, flags, level, levelLabel: level == null ? null : LEVELS[level],
        nextAssessmentDue: r.next_due_on ?? null,
        carers: reveal ? r.carers : (r.carers as RegisterRow['carers']).map((c) => ({ ...c, phone: maskPhone(c.phone ?? null) ?? undefined })),
      };
    }),
  };
}

export interface ProfileInput {
  livingSituation: LivingSituation;
  familyPlanningSpecial: boolean;
  lifeThreateningIllness: boolean;
  carers: { name: string; relation?: string; phone?: string }[];
  notes?: string | null;
}

/** Records what the register knows beyond the registry; audited with before and after. */
export async function setProfile(tx: Tx, actor: Actor, personId: number, input: ProfileInput, today = todayInChina()) {
  requireElderly(actor, 'visit');
  const person = await olderPerson(tx, actor, personId, today);
  const [before] = await tx.select().from(profiles).where(eq(profiles.personId, personId));
  const values = {
    personId, divisionCode: person.divisionCode, livingSituation: input.livingSituation, familyPlanningSpecial: input.familyPlanningSpecial,
    lifeThreateningIllness: input.lifeThreateningIllness, carers: input.carers, notes: input.notes ?? null, updatedBy: actor.userId || null, updatedAt: new Date(),
  };
  const [row] = await tx.insert(profiles).values(values)
    .onConflictDoUpdate({ target: profiles.personId, set: { ...values, version: sql`${profiles.version} + 1` } }).returning();
  await recordAudit(tx, actor, {
    action: 'elderly.profile.set', entityType: 'elderly_person', entityId: personId, divisionCode: person.divisionCode,
    before: before ? { livingSituation: before.livingSituation, familyPlanningSpecial: before.familyPlanningSpecial, carers: before.carers } : undefined,
    after: { livingSituation: row.livingSituation, familyPlanningSpecial: row.familyPlanningSpecial, carers: row.carers },
  });
  return row;
}

/** One older person's file: registry facts, profile, and their history across elderly services and payments. */
export async function elderlyFile(exec: Executor, actor: Actor, personId: number, on = todayInChina()) {
  requireElderly(actor, 'read');
  const p = await personInScope(exec, actor, personId);
  const [profile] = await exec.select().from(profiles).where(eq(profiles.personId, personId));
  const history = await exec.select({ id: assessments.id, assessedOn: assessments.assessedOn, reason: assessments.reason, total: assessments.total, level: assessments.level, nextDueOn: assessments.nextDueOn })
    .from(assessments).where(eq(assessments.personId, personId)).orderBy(desc(assessments.assessedOn), desc(assessments.id));
  const subsidies = await exec.select().from(subsidyProposals).where(eq(subsidyProposals.personId, personId)).orderBy(desc(subsidyProposals.id));
  const visitRows = await exec.select().from(visits).where(eq(visits.personId, personId)).orderBy(desc(visits.visitedOn)).limit(50);
  const stays = await exec.select().from(admissions).where(eq(admissions.personId, personId)).orderBy(desc(admissions.admittedOn));
  const payments = p.householdId == null ? [] : await exec.select().from(entitlementPeriods)
    .where(and(eq(entitlementPeriods.householdId, p.householdId), sql`(${entitlementPeriods.personId} IS NULL OR ${entitlementPeriods.personId} = ${personId})`))
    .orderBy(desc(entitlementPeriods.fromMonth));
  return {
    person: {
      personId: p.personId, householdId: p.householdId, name: p.name, gender: p.gender, birthDate: p.birthDate, age: ageOn(p.birthDate, on),
      idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone), divisionCode: p.divisionCode, urbanRural: p.urbanRural, address: p.address,
      disabilityGrade: p.disabilityGrade, disabilityCategory: p.disabilityCategory, status: p.status, deathDate: p.deathDate,
    },
    profile: profile ?? null,
    assessments: history.map((a) => ({ ...a, levelLabel: LEVELS[a.level] })),
    subsidies, visits: visitRows, admissions: stays, payments,
  };
}
