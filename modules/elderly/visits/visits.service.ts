// 探访关爱: record a visit (from a phone), the schedule with overdue visits, monthly coverage.
import { sql } from 'drizzle-orm';
import { DomainError, ageOn, maskIdNumber, recordAudit, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { visits } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { loadElderlyParams } from '../parameters';
import { requireElderly } from '../access';
import { olderPerson, OLDER_AGE } from '../register/person.reads';
import { coveragePerMille, TIERS, type Tier, type VisitFacts } from './visit.rules';

export const CONDITIONS = { normal: '正常', attention: '需关注', urgent: '需紧急处置' } as const;
export type Condition = keyof typeof CONDITIONS;

export interface VisitInput {
  personId: number;
  visitedOn: IsoDate;
  visitorName: string;
  condition: Condition;
  findings: string;
  /** sha256 of photos uploaded to the kernel's file store */
  photos: string[];
}

/**
 * Every older person in scope on `on`, as one set-based statement, with the facts that set their
 * visit tier and the tier itself — tierOf (visit.rules.ts) written in SQL, so that a city's 300 k
 * older people are classified where they lie instead of being shipped to the process (the
 * integration tests hold both to the same answers). The visit list is the rows with a tier that are
 * not `resident`: residents of an institution are visited by it.
 */
export function olderWithTiers(actor: Actor, on: IsoDate, opts: { personId?: number; lastVisit?: boolean } = {}) {
  const { personId, lastVisit = true } = opts;
  const month = on.slice(0, 7);
  const year = Number(on.slice(0, 4));
  // ages as ageOn counts them: born on or before the same month-day `n` years back (text order of ISO dates)
  const bornBy = (n: number) => `${year - n}${on.slice(4)}`;
  return sql`
    WITH f AS (
      SELECT person_id, household_id, name, id_number, division_code, birth_date, disability_grade FROM ${personFacts}
      WHERE status = 'living' AND birth_date <= ${bornBy(OLDER_AGE)}::date AND division_code LIKE ${actor.divisionCode + '%'}
        ${personId ? sql`AND person_id = ${personId}` : sql``}),
    la AS (SELECT DISTINCT ON (a.person_id) a.person_id, a.level FROM elderly.assessments a
           WHERE a.next_due_on >= ${on}::date AND a.assessed_on <= ${on}::date ORDER BY a.person_id, a.assessed_on DESC, a.id DESC),
    tk AS (SELECT DISTINCT e.household_id FROM ${entitlementPeriods} e
           WHERE e.programme = 'tekun' AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})),
    res AS (SELECT DISTINCT ad.person_id FROM elderly.admissions ad WHERE ad.admitted_on <= ${on}::date AND (ad.discharged_on IS NULL OR ad.discharged_on > ${on}::date)),
    v AS (${lastVisit
      ? sql`SELECT person_id, max(visited_on) AS last_visit, count(*) FILTER (WHERE visited_on >= ${`${month}-01`}::date)::int AS in_month
            FROM ${visits} WHERE visited_on <= ${on}::date GROUP BY person_id`
      // counting coverage needs only this month's visits (visits_month_idx)
      : sql`SELECT person_id, NULL::date AS last_visit, count(*)::int AS in_month
            FROM ${visits} WHERE visited_on BETWEEN ${`${month}-01`}::date AND ${on}::date GROUP BY person_id`})
    SELECT f.person_id, f.name, f.id_number, f.division_code, f.birth_date, v.last_visit, coalesce(v.in_month, 0) AS in_month, res.person_id IS NOT NULL AS resident,
      CASE WHEN (f.birth_date <= ${bornBy(80)}::date AND pr.living_situation = 'alone') OR pr.life_threatening_illness THEN 'high'
           WHEN f.disability_grade IS NOT NULL OR la.level >= 1 OR tk.household_id IS NOT NULL OR pr.family_planning_special THEN 'priority'
           WHEN pr.living_situation <> 'with_family' THEN 'general' END AS tier
    FROM f LEFT JOIN elderly.profiles pr ON pr.person_id = f.person_id LEFT JOIN la ON la.person_id = f.person_id
      LEFT JOIN tk ON tk.household_id = f.household_id LEFT JOIN v ON v.person_id = f.person_id
      LEFT JOIN res ON res.person_id = f.person_id`;
}

/** The visit list: older people with a tier who do not live in an institution. */
function visitList(actor: Actor, on: IsoDate, personId?: number, lastVisit = true) {
  return sql`SELECT * FROM (${olderWithTiers(actor, on, { personId, lastVisit })}) o WHERE NOT o.resident AND o.tier IS NOT NULL`;
}

/** The facts tierOf reads, for the people on `on` (the integration tests compare them with the SQL tier). */
export async function visitFacts(exec: Executor, actor: Actor, on: IsoDate, personIds: number[]): Promise<(VisitFacts & { personId: number; tier: Tier | null })[]> {
  if (!personIds.length) return [];
  const month = on.slice(0, 7);
  const { rows } = await exec.execute(sql`
    WITH l AS (${olderWithTiers(actor, on)})
    SELECT l.person_id, l.birth_date::text AS birth_date, l.tier, f.disability_grade, pr.living_situation, pr.life_threatening_illness, pr.family_planning_special,
      (SELECT a.level FROM elderly.assessments a WHERE a.person_id = l.person_id AND a.next_due_on >= ${on}::date AND a.assessed_on <= ${on}::date ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1) AS level,
      EXISTS (SELECT 1 FROM ${entitlementPeriods} e WHERE e.household_id = f.household_id AND e.programme = 'tekun' AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})) AS tekun
    FROM l JOIN ${personFacts} f ON f.person_id = l.person_id LEFT JOIN elderly.profiles pr ON pr.person_id = l.person_id
    WHERE l.person_id IN (${sql.join(personIds.map((id) => sql`${id}`), sql`, `)})`);
  return (rows as Record<string, any>[]).map((r) => ({
    personId: Number(r.person_id), tier: r.tier ?? null, age: ageOn(r.birth_date, on), livingSituation: r.living_situation ?? 'with_family',
    lifeThreateningIllness: !!r.life_threatening_illness, disabilityGrade: r.disability_grade == null ? null : Number(r.disability_grade),
    level: r.level == null ? null : Number(r.level), tekunHomeBased: !!r.tekun, familyPlanningSpecial: !!r.family_planning_special,
  }));
}

export interface ScheduleRow { personId: number; name: string; idNumber: string; divisionCode: string; age: number; tier: Tier; tierLabel: string; lastVisitedOn: string | null; dueOn: string; overdue: boolean }

/** The visit list on `on`: each person's tier, last visit and next due date; overdue first, paged in the database. */
export async function visitSchedule(exec: Executor, actor: Actor, q: { on?: IsoDate; overdueOnly?: boolean; page?: number; pageSize?: number } = {}) {
  requireElderly(actor, 'read');
  const on = q.on ?? todayInChina();
  const { high, priority, general } = (await loadElderlyParams(exec, actor.divisionCode || '1403', on)).visitIntervalDays;
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  // nextVisitDue and isOverdue (visit.rules.ts) over the whole list
  const { rows } = await exec.execute(sql`
    WITH l AS (${visitList(actor, on)}),
    d AS (SELECT l.*, coalesce(l.last_visit + CASE l.tier WHEN 'high' THEN ${high}::int WHEN 'priority' THEN ${priority}::int ELSE ${general}::int END,
                                ${`${on.slice(0, 7)}-01`}::date) AS due_on
          FROM l),
    o AS (SELECT d.*, d.due_on < ${on}::date AS overdue FROM d)
    SELECT o.person_id, o.name, o.id_number, o.division_code, o.birth_date::text AS birth_date, o.tier, o.last_visit::text AS last_visit, o.due_on::text AS due_on, o.overdue,
           count(*) OVER ()::int AS total, count(*) FILTER (WHERE o.overdue) OVER ()::int AS overdue_total
    FROM o ${q.overdueOnly ? sql`WHERE o.overdue` : sql``}
    ORDER BY o.overdue DESC, o.due_on, o.person_id LIMIT ${size} OFFSET ${(page - 1) * size}`);
  const list = rows as Record<string, any>[];
  let total = list.length ? Number(list[0].total) : 0;
  let overdue = list.length ? Number(list[0].overdue_total) : 0;
  if (!list.length && page > 1) ({ total, overdue } = await scheduleTotals(exec, actor, on, high, priority, general, q.overdueOnly));
  return {
    total, overdue,
    rows: list.map((r): ScheduleRow => ({ personId: Number(r.person_id), name: r.name, idNumber: maskIdNumber(r.id_number), divisionCode: r.division_code, age: ageOn(r.birth_date, on),
      tier: r.tier, tierLabel: TIERS[r.tier as Tier], lastVisitedOn: r.last_visit ?? null, dueOn: r.due_on, overdue: !!r.overdue })),
  };
}

async function scheduleTotals(exec: Executor, actor: Actor, on: IsoDate, high: number, priority: number, general: number, overdueOnly?: boolean) {
  const { rows: [t] } = await exec.execute(sql`
    WITH l AS (${visitList(actor, on)})
    SELECT count(*)::int AS total, count(*) FILTER (WHERE due < ${on}::date)::int AS overdue FROM (
      SELECT coalesce(l.last_visit + CASE l.tier WHEN 'high' THEN ${high}::int WHEN 'priority' THEN ${priority}::int ELSE ${general}::int END, ${`${on.slice(0, 7)}-01`}::date) AS due
      FROM l) x`);
  const r = t as { total: number; overdue: number };
  return { total: overdueOnly ? Number(r.overdue) : Number(r.total), overdue: Number(r.overdue) };
}

/** 月度探访覆盖率: of the visit list, the share visited at least once in `on`'s month (up to `on`). */
export async function monthlyCoverage(exec: Executor, actor: Actor, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  const { rows: [c] } = await exec.execute(sql`
    WITH l AS (${visitList(actor, on, undefined, false)})
    SELECT count(*)::int AS population, count(*) FILTER (WHERE in_month > 0)::int AS visited FROM l`);
  const { population, visited } = c as { population: number; visited: number };
  return { month: on.slice(0, 7), population: Number(population), visited: Number(visited), perMille: coveragePerMille(Number(visited), Number(population)) };
}

export async function recordVisit(tx: Tx, actor: Actor, input: VisitInput, today = todayInChina()) {
  requireElderly(actor, 'visit');
  if (input.visitedOn > today) throw new DomainError('VALIDATION_FAILED', '探访日期不能晚于今天', { status: 422, errors: [{ field: 'visitedOn', code: 'DATE_IN_FUTURE', message: '探访日期不能晚于今天' }] });
  const person = await olderPerson(tx, actor, input.personId, input.visitedOn);
  const { rows: [c] } = await tx.execute(sql`WITH l AS (${visitList(actor, input.visitedOn, person.personId, false)}) SELECT tier FROM l`);
  const tier = ((c as { tier: Tier | null } | undefined)?.tier) ?? 'general';
  const [row] = await tx.insert(visits).values({
    personId: person.personId, divisionCode: person.divisionCode, tier, visitedOn: input.visitedOn, visitorName: input.visitorName.trim(),
    visitorUserId: actor.userId || null, condition: input.condition, findings: input.findings.trim(), photos: input.photos,
  }).returning();
  await recordAudit(tx, actor, { action: 'elderly.visit.recorded', entityType: 'elderly_visit', entityId: row.id, divisionCode: row.divisionCode,
    after: { personId: row.personId, visitedOn: row.visitedOn, condition: row.condition, photos: input.photos.length } });
  return row;
}
