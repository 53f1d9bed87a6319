// Institutions, admissions, the double-listing check, visits and the indicators, on one small city.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, addDays, inTransaction, todayInChina, type Actor } from '#kernel';
import { createHousehold, createPerson } from '#registry';
import { setEntitlement } from '#payments';
import { buildPlatform, buildUser, personInput } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { admit, createFacility, createInstitution } from './institutions/institutions.service';
import { runDoubleListingCheck } from './supervision/supervision.service';
import { monthlyCoverage, recordVisit, visitSchedule } from './visits/visits.service';
import { setProfile } from './register/register.service';
import { computeIndicatorReport } from './indicators/indicators.service';
import { adaptations, careWorkers, trainings } from './schema';

let p: Platform;
let county: Actor;
let helper: Actor;
const VILLAGE = '140321100201';
const today = todayInChina();
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}-01-10`;

async function loner(name: string, birthDate: string) {
  return inTransaction(p.db, async (tx) => {
    const person = await createPerson(tx, p.registry, SYSTEM_ACTOR, personInput({ name, divisionCode: VILLAGE, birthDate }));
    const household = await createHousehold(tx, p.registry, SYSTEM_ACTOR, { headPersonId: person.id, formedOn: '2000-01-01' });
    return { person, household };
  });
}

let oldAlone: Awaited<ReturnType<typeof loner>>;
let emptyNest: Awaited<ReturnType<typeof loner>>;
let twice: Awaited<ReturnType<typeof loner>>;
let subsidised: Awaited<ReturnType<typeof loner>>;
let inst: { a: number; b: number };

beforeAll(async () => {
  p = await buildPlatform();
  county = await buildUser(p, 'county_approver', '140321');
  helper = await buildUser(p, 'village_helper', VILLAGE);
  oldAlone = await loner('孙独居', yearsAgo(85));
  emptyNest = await loner('周空巢', yearsAgo(70));
  twice = await loner('吴两院', yearsAgo(78));
  subsidised = await loner('郑补贴', yearsAgo(66));
  await loner('王青年', yearsAgo(40));
  await inTransaction(p.db, async (tx) => {
    await setProfile(tx, county, oldAlone.person.id, { livingSituation: 'alone', familyPlanningSpecial: false, lifeThreateningIllness: false, carers: [] }, today);
    await setProfile(tx, county, emptyNest.person.id, { livingSituation: 'empty_nest', familyPlanningSpecial: false, lifeThreateningIllness: false, carers: [] }, today);
    const a = await createInstitution(tx, county, { name: '冠山镇区域养老服务中心', ownership: 'public', divisionCode: '140321100', comprehensive: true, beds: 10, nursingBeds: 6, staff: 8, fireSafety: 'passed', rating: 3, licenceExpiresOn: addDays(today, 30) });
    const b = await createInstitution(tx, county, { name: '平定县康乐养老院', ownership: 'private', divisionCode: '140321101', beds: 5, nursingBeds: 2, staff: 3, fireSafety: 'passed', rating: 2, licenceExpiresOn: '2030-12-31' });
    inst = { a: a.id, b: b.id };
    await createFacility(tx, county, { kind: 'station_a', name: 'A类站', divisionCode: '140321100', urbanRural: 'urban', openedOn: '2022-05-01' });
    await createFacility(tx, county, { kind: 'canteen', name: '老年餐厅', divisionCode: '140321100', urbanRural: 'urban', openedOn: '2023-03-01' });
    await createFacility(tx, county, { kind: 'day_care', name: '东关日间照料中心', divisionCode: VILLAGE, urbanRural: 'rural', openedOn: '2019-01-01' });
    await createFacility(tx, county, { kind: 'day_care', name: '西关日间照料中心', divisionCode: VILLAGE, urbanRural: 'rural', openedOn: '2020-01-01' });
    await tx.insert(adaptations).values([
      { personId: oldAlone.person.id, divisionCode: VILLAGE, items: ['grabBars'], status: 'accepted', appliedOn: '2024-03-01', acceptedOn: '2024-05-01', spendFen: 300000 },
      { personId: emptyNest.person.id, divisionCode: VILLAGE, items: ['ramp'], status: 'applied', appliedOn: '2025-03-01' },
    ]);
    const [w1, ] = await tx.insert(careWorkers).values([{ name: '护理员甲', divisionCode: '140321100', skillLevel: '初级' }, { name: '护理员乙', divisionCode: '140321100', skillLevel: '中级' }]).returning();
    await tx.insert(trainings).values({ workerId: w1.id, trainedOn: '2022-06-01', course: '养老护理员岗前培训', hours: 40 });
  });
});
afterAll(async () => { await p?.close(); });

describe('the double-listing check', () => {
  it('finds a person in two institutions and a resident drawing a home-based subsidy, once a month', async () => {
    await inTransaction(p.db, async (tx) => {
      await setEntitlement(tx, SYSTEM_ACTOR, { programme: 'elderly_service', householdId: subsidised.household.id, personId: subsidised.person.id, divisionCode: VILLAGE,
        monthlyAmountFen: 10000, fromMonth: '2026-01', reason: '测试：服务补贴', sourceType: 'test', sourceId: 1 });
      await admit(tx, county, { institutionId: inst.a, personId: twice.person.id, admittedOn: '2026-02-01' }, today);
      await admit(tx, county, { institutionId: inst.b, personId: twice.person.id, admittedOn: '2026-03-01' }, today);
      await admit(tx, county, { institutionId: inst.b, personId: subsidised.person.id, admittedOn: '2026-04-01' }, today);
    });
    const r = await inTransaction(p.db, (tx) => runDoubleListingCheck(tx, county, today));
    expect(r.found.map((f) => [f.kind, f.subjectKey]).sort()).toEqual([
      ['licence_expiry', `institution:${inst.a}`],
      ['resident_home_subsidy', `person:${subsidised.person.id}`],
      ['two_institutions', `person:${twice.person.id}`],
    ]);
    expect(r.raised).toBe(3);
    const again = await inTransaction(p.db, (tx) => runDoubleListingCheck(tx, county, today));
    expect(again.raised).toBe(0);
  });

  it('finds nothing for a person discharged from one institution before the day', async () => {
    const r = await inTransaction(p.db, (tx) => runDoubleListingCheck(tx, county, '2026-02-15'));
    expect(r.found.some((f) => f.kind === 'two_institutions')).toBe(false);
  });
});

describe('welfare visits', () => {
  it('lists the 85-year-old living alone as high risk and overdue until visited', async () => {
    const before = await visitSchedule(p.db.orm, county, { on: today });
    const row = before.rows.find((r) => r.personId === oldAlone.person.id)!;
    expect(row).toMatchObject({ tier: 'high', lastVisitedOn: null });
    const overdue = (await visitSchedule(p.db.orm, county, { on: addDays(`${today.slice(0, 7)}-01`, 1), overdueOnly: true })).rows.map((r) => r.personId);
    expect(overdue).toEqual(expect.arrayContaining([oldAlone.person.id, emptyNest.person.id]));

    await inTransaction(p.db, (tx) => recordVisit(tx, helper, { personId: oldAlone.person.id, visitedOn: today, visitorName: '李协理', condition: 'normal', findings: '身体尚好，家中有余粮', photos: [] }, today));
    const after = await visitSchedule(p.db.orm, county, { on: today });
    expect(after.rows.find((r) => r.personId === oldAlone.person.id)).toMatchObject({ lastVisitedOn: today, dueOn: addDays(today, 7), overdue: false });
    // residents of an institution are visited by it, not on the home visit list
    expect(after.rows.some((r) => r.personId === twice.person.id)).toBe(false);
    expect(await monthlyCoverage(p.db.orm, county, today)).toMatchObject({ population: 2, visited: 1, perMille: 500 });
  });
});

describe('the elderly indicators', () => {
  it('match the fixture computed by hand', async () => {
    const r = await computeIndicatorReport(p.db.orm, county, today);
    // 4 older persons (the 40-year-old is not counted); 15 beds of which 8 nursing
    expect(r.counts).toMatchObject({ older: 4, beds: 15, nursingBeds: 8, townshipsWithComprehensive: 1, adaptedHomes: 1, careWorkers: 2, careWorkersTrained: 1, ruralDayCare: 2, urbanCommunityFacilities: 1 });
    const v = Object.fromEntries(r.indicators.map((i) => [i.key, i.value]));
    expect(v.bedsPer1000).toBe(37500); // 15 / 4 × 1000 = 3750.0
    expect(v.nursingBedShare).toBe(533); // 8 / 15 = 53.3 %
    expect(r.counts.townships).toBe(10); // 平定县's townships
    expect(v.townshipComprehensiveCoverage).toBe(100); // 1 / 10
    expect(v.monthlyVisitCoverage).toBe(500);
    expect(v.careWorkerTraining).toBe(500);
    expect([v.stationsA2022, v.stationsA2023, v.canteens2022, v.canteens2023]).toEqual([1, 0, 0, 1]);
    expect(r.counties.find((c) => c.code === '140321')).toMatchObject({ older: 4, beds: 15 });
  });
});

describe('the monthly run', () => {
  it('runs on the first of the month only, proposing subsidies and raising no task twice', async () => {
    const { runMonthlyElderly } = await import('./monthly');
    expect(await runMonthlyElderly(p.db, '2026-11-30')).toBeNull();
    const first = await runMonthlyElderly(p.db, '2026-12-01');
    expect(first!.subsidies.proposed).toBeGreaterThan(0); // the 85-year-old's longevity allowance at least
    const proposals = await p.db.pool.query(`select programme from elderly.subsidy_proposals where person_id = $1`, [oldAlone.person.id]);
    expect(proposals.rows.map((r) => r.programme)).toContain('elderly_longevity');
    const again = await runMonthlyElderly(p.db, '2026-12-01');
    expect(again).toMatchObject({ subsidies: { proposed: 0 }, raised: 0 });
  });
});
