// 探访关爱: record a visit (from a phone), the schedule with overdue visits, monthly coverage.
import { sql } from 'drizzle-orm';
import { DomainError, ageOn, maskIdNumber, recordAudit, todayInChina, type Actor, type Executor, type IsoDate, type Tx } from '#kernel';
import { visits } from '../schema';
import { entitlementPeriods, personFacts } from '../sources';
import { loadElderlyParams } from '../parameters';
import { requireElderly } from '../access';
import { olderPerson, OLDER_AGE } from '../register/person.reads';
import { coveragePerMille, isOverdue, nextVisitDue, tierOf, TIERS, type Tier, type VisitFacts } from './visit.rules';

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

interface Candidate extends VisitFacts { personId: number; name: string; idNumber: string; divisionCode: string; lastVisitedOn: IsoDate | null; visitsInMonth: number }

/** Everyone in scope who could be on the visit list, with the facts that set their tier. */
async function candidates(exec: Executor, actor: Actor, on: IsoDate, personId?: number): Promise<Candidate[]> {
  const month = on.slice(0, 7);
  const bornBy = `${Number(on.slice(0, 4)) - OLDER_AGE}${on.slice(4)}`;
  // Set-based (hash joins over the city), not a subquery per person: at 300 k older people the
  // difference is seconds.
  const monthStart = `${month}-01`;
  const { rows } = await exec.execute(sql`
    WITH f AS (
      SELECT person_id, household_id, name, id_number, division_code, birth_date, disability_grade FROM ${personFacts}
      WHERE status = 'living' AND birth_date <= ${bornBy}::date AND division_code LIKE ${actor.divisionCode + '%'}
        ${personId ? sql`AND person_id = ${personId}` : sql``}),
    la AS (SELECT DISTINCT ON (a.person_id) a.person_id, a.level FROM elderly.assessments a
           WHERE a.next_due_on >= ${on}::date AND a.assessed_on <= ${on}::date ORDER BY a.person_id, a.assessed_on DESC, a.id DESC),
    tk AS (SELECT DISTINCT e.household_id FROM ${entitlementPeriods} e
           WHERE e.programme = 'tekun' AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})),
    res AS (SELECT DISTINCT ad.person_id FROM elderly.admissions ad WHERE ad.admitted_on <= ${on}::date AND (ad.discharged_on IS NULL OR ad.discharged_on > ${on}::date)),
    v AS (SELECT person_id, max(visited_on)::text AS last_visit, count(*) FILTER (WHERE visited_on >= ${monthStart}::date)::int AS in_month
          FROM ${visits} WHERE visited_on <= ${on}::date GROUP BY person_id)
    SELECT f.person_id, f.name, f.id_number, f.division_code, f.birth_date::text AS birth_date, f.disability_grade,
           coalesce(pr.living_situation, 'with_family') AS living, coalesce(pr.life_threatening_illness, false) AS ill,
           coalesce(pr.family_planning_special, false) AS fps, la.level, tk.household_id IS NOT NULL AS tekun,
           v.last_visit, coalesce(v.in_month, 0) AS in_month
    FROM f LEFT JOIN elderly.profiles pr ON pr.person_id = f.person_id LEFT JOIN la ON la.person_id = f.person_id
      LEFT JOIN tk ON tk.household_id = f.household_id LEFT JOIN v ON v.person_id = f.person_id
      LEFT JOIN res ON res.person_id = f.person_id
    WHERE res.person_id IS NULL
      AND (pr.person_id IS NOT NULL OR f.disability_grade IS NOT NULL OR la.person_id IS NOT NULL OR tk.household_id IS NOT NULL
           OR f.birth_date <= ${`${Number(on.slice(0, 4)) - 80}${on.slice(4)}`}::date)`);
  return (rows as Record<string, any>[]).map((r) => ({
    personId: Number(r.person_id), name: r.name, idNumber: r.id_number, divisionCode: r.division_code, age: ageOn(r.birth_date, on),
    livingSituation: r.living, lifeThreateningIllness: !!r.ill, disabilityGrade: r.disability_grade == null ? null : Number(r.disability_grade),
    level: r.level == null ? null : Number(r.level), tekunHomeBased: !!r.tekun, familyPlanningSpecial: !!r.fps,
    lastVisitedOn: r.last_visit ?? null, visitsInMonth: Number(r.in_month),
  }));
}

export interface ScheduleRow { personId: number; name: string; idNumber: string; divisionCode: string; age: number; tier: Tier; tierLabel: string; lastVisitedOn: string | null; dueOn: string; overdue: boolean }

/** The visit list on `on`: each person's tier, last visit and next due date; overdue first. */
export async function visitSchedule(exec: Executor, actor: Actor, q: { on?: IsoDate; overdueOnly?: boolean; page?: number; pageSize?: number } = {}) {
  requireElderly(actor, 'read');
  const on = q.on ?? todayInChina();
  const params = await loadElderlyParams(exec, actor.divisionCode || '1403', on);
  const rows: ScheduleRow[] = [];
  const since = `${on.slice(0, 7)}-01`;
  for (const c of await candidates(exec, actor, on)) {
    const tier = tierOf(c);
    if (!tier) continue;
    const dueOn = nextVisitDue(c.lastVisitedOn, tier, params.visitIntervalDays, since);
    const overdue = isOverdue(dueOn, on);
    if (q.overdueOnly && !overdue) continue;
    rows.push({ personId: c.personId, name: c.name, idNumber: maskIdNumber(c.idNumber), divisionCode: c.divisionCode, age: c.age, tier, tierLabel: TIERS[tier], lastVisitedOn: c.lastVisitedOn, dueOn, overdue });
  }
  rows.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn) || a.personId - b.personId);
  const size = Math.min(100, q.pageSize ?? 20);
  const page = Math.max(1, q.page ?? 1);
  return { total: rows.length, overdue: rows.filter((r) => r.overdue).length, rows: rows.slice((page - 1) * size, page * size) };
}

/** 月度探访覆盖率: of the visit list, the share visited at least once in `on`'s month (up to `on`). */
export async function monthlyCoverage(exec: Executor, actor: Actor, on: IsoDate = todayInChina()) {
  requireElderly(actor, 'read');
  const listed = (await candidates(exec, actor, on)).filter((c) => tierOf(c) != null);
  const visited = listed.filter((c) => c.visitsInMonth > 0).length;
  return { month: on.slice(0, 7), population: listed.length, visited, perMille: coveragePerMille(visited, listed.length) };
}

export async function recordVisit(tx: Tx, actor: Actor, input: VisitInput, today = todayInChina()) {
  requireElderly(actor, 'visit');
  if (input.visitedOn > today) throw new DomainError('VALIDATION_FAILED', '探访日期不能晚于今天', { status: 422, errors: [{ field: 'visitedOn', code: 'DATE_IN_FUTURE', message: '探访日期不能晚于今天' }] });
  const person = await olderPerson(tx, actor, input.personId, input.visitedOn);
  const [c] = await candidates(tx, actor, input.visitedOn, person.personId);
  const tier = (c && tierOf(c)) ?? 'general';
  const [row] = await tx.insert(visits).values({
    personId: person.personId, divisionCode: person.divisionCode, tier, visitedOn: input.visitedOn, visitorName: input.visitorName.trim(),
    visitorUserId: actor.userId || null, condition: input.condition, findings: input.findings.trim(), photos: input.photos,
  }).returning();
  await recordAudit(tx, actor, { action: 'elderly.visit.recorded', entityType: 'elderly_visit', entityId: row.id, divisionCode: row.divisionCode,
    after: { personId: row.personId, visitedOn: row.visitedOn, condition: row.condition, photos: input.photos.length } });
  return row;
}
