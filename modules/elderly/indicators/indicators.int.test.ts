// The visit tiers set in SQL (for the indicators at city scale) agree with the pure rule tierOf,
// person by person, and the indicators' visit coverage is the visit list's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, inTransaction, type Actor } from '#kernel';
import { createHousehold, createPerson } from '#registry';
import { setEntitlement } from '#payments';
import { buildPlatform, buildUser, personInput } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { assessments } from '../schema';
import { admit, createInstitution } from '../institutions/institutions.service';
import { setProfile } from '../register/register.service';
import { monthlyCoverage, recordVisit, visitFacts, visitSchedule } from '../visits/visits.service';
import { tierOf, type Tier } from '../visits/visit.rules';
import { computeIndicatorReport } from './indicators.service';

const ON = '2026-11-20';
const VILLAGE = '140322100101'; // 盂县: no other test writes here
let p: Platform;
let county: Actor;
const expected = new Map<number, Tier | null>();
const ids: Record<string, number> = {};

interface Case { name: string; birthDate: string; tier: Tier | null; living?: 'alone' | 'empty_nest' | 'left_behind' | 'with_family'; ill?: boolean; fps?: boolean; grade?: number; level?: number; levelExpired?: boolean; tekun?: boolean; resident?: boolean }

const CASES: Case[] = [
  { name: '八十今日独居', birthDate: '1946-11-20', living: 'alone', tier: 'high' }, // 80 on the day
  { name: '七十九独居', birthDate: '1946-11-21', living: 'alone', tier: 'general' }, // 80 tomorrow
  { name: '重病同住', birthDate: '1955-03-01', living: 'with_family', ill: true, tier: 'high' },
  { name: '残疾无档案', birthDate: '1958-05-05', grade: 3, tier: 'priority' },
  { name: '中度失能', birthDate: '1950-01-01', level: 2, tier: 'priority' },
  { name: '评估过期', birthDate: '1950-01-02', level: 2, levelExpired: true, tier: null },
  { name: '能力完好', birthDate: '1950-01-03', level: 0, tier: null },
  { name: '特困分散', birthDate: '1952-07-07', tekun: true, tier: 'priority' },
  { name: '计生特殊', birthDate: '1960-02-02', living: 'with_family', fps: true, tier: 'priority' },
  { name: '空巢', birthDate: '1956-04-04', living: 'empty_nest', tier: 'general' },
  { name: '留守', birthDate: '1957-04-04', living: 'left_behind', tier: 'general' },
  { name: '八五同住', birthDate: '1941-06-06', living: 'with_family', tier: null },
  { name: '无档案', birthDate: '1959-08-08', tier: null },
  { name: '入住机构', birthDate: '1940-09-09', living: 'alone', tier: 'high', resident: true },
];

beforeAll(async () => {
  p = await buildPlatform();
  county = await buildUser(p, 'county_approver', '140322');
  await inTransaction(p.db, async (tx) => {
    const inst = await createInstitution(tx, county, { name: '盂县测试养老院', ownership: 'public', divisionCode: '140322100', beds: 10, nursingBeds: 5, staff: 3, fireSafety: 'passed', rating: 1 });
    for (const c of CASES) {
      const input = personInput({ name: c.name, divisionCode: VILLAGE, birthDate: c.birthDate });
      if (c.grade) input.disability = { category: 'physical', grade: c.grade, certificateNo: `${input.idNumber}4${c.grade}` };
      const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, input);
      const household = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
      ids[c.name] = person.id;
      expected.set(person.id, c.tier);
      if (c.living || c.ill || c.fps) {
        await setProfile(tx, county, person.id, { livingSituation: c.living ?? 'with_family', familyPlanningSpecial: !!c.fps, lifeThreateningIllness: !!c.ill, carers: [] }, ON);
      }
      if (c.level != null) {
        await tx.insert(assessments).values({
          personId: person.id, householdId: household.id, divisionCode: VILLAGE, assessedOn: '2026-01-10', reason: 'first', assessors: [{ name: '甲' }, { name: '乙' }],
          answers: {}, dementia: false, psychiatricDiagnosis: false, riskEvents: {}, coma: false, subtotals: {}, total: 50, initialLevel: c.level, level: c.level, adjustments: [],
          nextDueOn: c.levelExpired ? '2026-11-19' : '2027-01-10',
        });
      }
      if (c.tekun) {
        await setEntitlement(tx, SYSTEM_ACTOR, { programme: 'tekun', householdId: household.id, personId: person.id, divisionCode: VILLAGE,
          monthlyAmountFen: 80000, fromMonth: '2026-01', reason: '测试：特困供养', sourceType: 'test', sourceId: person.id });
      }
      if (c.resident) await admit(tx, county, { institutionId: inst.id, personId: person.id, admittedOn: '2026-03-01' }, ON);
    }
  });
});
afterAll(async () => { await p?.close(); });

describe('visit tiers in SQL', () => {
  it('agree with tierOf for every person, and with the cases as written', async () => {
    const facts = await visitFacts(p.db.orm, county, ON, [...expected.keys()]);
    expect(facts).toHaveLength(CASES.length);
    for (const f of facts) {
      expect({ id: f.personId, tier: f.tier }).toEqual({ id: f.personId, tier: tierOf(f) });
      expect({ id: f.personId, tier: f.tier }).toEqual({ id: f.personId, tier: expected.get(f.personId) });
    }
  });

  it('leave residents of an institution and people with no tier off the visit list', async () => {
    const s = await visitSchedule(p.db.orm, county, { on: ON, pageSize: 100 });
    const listed = CASES.filter((c) => c.tier && !c.resident).map((c) => ids[c.name]).sort();
    expect(s.rows.map((r) => r.personId).sort()).toEqual(listed);
    expect(s.total).toBe(listed.length);
  });

  it('count this month\'s visits into the coverage, in the visits service and the indicators alike', async () => {
    await inTransaction(p.db, async (tx) => {
      for (const name of ['八十今日独居', '空巢', '残疾无档案']) {
        await recordVisit(tx, county, { personId: ids[name], visitedOn: '2026-11-05', visitorName: '李协理', condition: 'normal', findings: '身体尚好', photos: [] }, ON);
      }
      // last month's visit and the visit to someone off the list do not count
      await recordVisit(tx, county, { personId: ids['留守'], visitedOn: '2026-10-28', visitorName: '李协理', condition: 'normal', findings: '身体尚好', photos: [] }, ON);
      await recordVisit(tx, county, { personId: ids['无档案'], visitedOn: '2026-11-06', visitorName: '李协理', condition: 'normal', findings: '身体尚好', photos: [] }, ON);
    });
    const population = CASES.filter((c) => c.tier && !c.resident).length; // 9
    expect(await monthlyCoverage(p.db.orm, county, ON)).toMatchObject({ population: 9, visited: 3, perMille: 333 });
    const report = await computeIndicatorReport(p.db.orm, county, ON);
    expect(report.counts).toMatchObject({ older: CASES.length, visitPopulation: population, visitedThisMonth: 3 });
    expect(report.counties.find((c) => c.code === '140322')).toMatchObject({ visitPopulation: population, visited: 3, visitPerMille: 333 });
    expect(report.indicators.find((i) => i.key === 'monthlyVisitCoverage')).toMatchObject({ value: 333, display: '33.3%（3/9）' });
  });
});
