// 演示救助对象: enrols exactly the plan's 2020 caseload in the demo population — 2,853 registered-poor
// dibao households with 5,366 persons and 512 rural tekun households with 522 persons — across the
// five counties (dibao in proportion to population with rural persons counted twice, tekun to rural
// population), and builds twelve months of signed payroll per county so that reports have true
// figures to show.
//
// What is written: for most households one application marked approved (no workflow case: they were
// enrolled before the platform) — for tekun one per person, as each person applies — with the
// calculation of the assistance calculator on 2020's parameters (urban 587 / rural 418 yuan), and the
// entitlements handed to payments through setEntitlements (the bulk form of a decision's
// setEntitlement): dibao per household, tekun per person in its two parts, `tekun` (the basic
// standard) and `tekun_care` (the care standard), as a tekun confirmation hands them. The registry is
// read only through its published views (registry.person_facts, registry.payment_accounts). Some households that join during the period, and some refused
// and still open applications, go through the real procedure instead (procedure.seeder.ts). The
// payroll is run and signed month by month through runPayroll / signPayroll as the system.
import { sql } from 'drizzle-orm';
import {
  SYSTEM_ACTOR, ageOn, inTransaction, loadParameterTable, maskIdNumber, todayInChina,
  type Database, type IsoDate,
} from '#kernel';
import { addMonths, monthOf, previousMonth, runPayroll, setEntitlements, signPayroll } from '#payments';
import { applications } from '../schema';
import { calculate } from '../calculator.rules';
import { dibaoStandard } from '../dibao.rules';
import { ASSISTANCE_PARAMETER_KEYS, resolveAssistanceParams } from '../parameters';
import { calculationInputOf, type IncomeLine, type StoredMember } from '../applications.rules';
import type { CalculationInput, CalculationResult } from '../calculator.schemas';
import { SUBJECT_TYPE } from '../applications.service';
import { TEKUN_BASIC, TEKUN_CARE, tekunParts } from '../tekun/tekun-procedure.rules';
import { allocate, sizeMix, PLAN_BASELINE, type CaseloadTargets } from './caseload.plan';
import { pickForProcedure, seedProcedureHistory, type ProcedureResult } from './procedure.seeder';
import { seedDemoLowIncome } from './low-income.seeder';

export { PLAN_BASELINE } from './caseload.plan';

/** The parameters the amounts are computed on: 2020's, the plan's baseline year. */
export const CALCULATION_MONTH = '2020-12';
export const DEMO_RECEIVER = '系统（演示数据）';

export interface DemoCaseloadOptions {
  /** the counts to enrol exactly; default the plan's 2020 baseline (PLAN_BASELINE) */
  targets?: CaseloadTargets;
  /** refuse when the population cannot hold the targets (default); false: enrol what it holds */
  strict?: boolean;
  /** default: today in China; the payroll covers the 12 months ending the month before */
  today?: IsoDate;
  /** months of signed payroll (default 12) */
  months?: number;
  /** joining dibao households taken through the procedure per month (default 6) */
  processedPerMonth?: number;
  /** households recognised in the low-income register (default 60) */
  lowIncome?: number;
}

export interface DemoCaseloadResult {
  dibaoHouseholds: number;
  dibaoPersons: number;
  tekunHouseholds: number;
  tekunPersons: number;
  months: string[];
  counties: string[];
  /** dibao and tekun households per county */
  byCounty: { countyCode: string; dibao: number; dibaoPersons: number; tekun: number; tekunPersons: number }[];
  runs: number;
  /** applications taken through the dibao procedure for the processing-time report */
  procedure: ProcedureResult;
  /** low-income recognitions made */
  lowIncome: number;
  ms: { enrol: number; procedure: number; payroll: number; total: number };
}

export interface Candidate {
  householdId: number;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  headPersonId: number;
  members: { personId: number; name: string; idNumber: string; birthDate: string }[];
}

/** A stable number in [0, 1) from a household id and a salt: the demo is the same on every machine. */
export function unit(id: number, salt: number): number {
  let x = (Math.imul(id, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

interface Pool { county: string; size: number; candidates: Candidate[] }

/**
 * The registry's demo population, read only through its published views: active households with a
 * bank account and no application yet, of one to three living members (dibao) or of one or two
 * living members all aged 60 or more in the countryside (tekun), in a stable pseudo-random order, by
 * county and size.
 */
async function candidatePools(db: Database, kind: 'dibao' | 'tekun', onDay: IsoDate): Promise<Map<string, Candidate[]>> {
  const filter = kind === 'dibao'
    ? sql`count(*) BETWEEN 1 AND 3`
    : sql`count(*) BETWEEN 1 AND 2 AND bool_and(p.birth_date <= (${onDay}::date - interval '60 years')) AND bool_and(h.urban_rural = 'rural')`;
  const { rows } = await db.orm.execute(sql`
    SELECT h.household_id, h.division_code, h.urban_rural, h.head_person_id,
           json_agg(json_build_object('personId', p.person_id, 'name', p.name, 'idNumber', p.id_number, 'birthDate', p.birth_date::text) ORDER BY p.person_id) AS members
    FROM registry.payment_accounts h
    JOIN registry.person_facts p ON p.household_id = h.household_id AND p.status = 'living'
    WHERE h.household_status = 'active' AND coalesce(h.bank_account, '') <> ''
      AND NOT EXISTS (SELECT 1 FROM assistance.applications a WHERE a.household_id = h.household_id)
    GROUP BY h.household_id, h.division_code, h.urban_rural, h.head_person_id
    HAVING ${filter} AND bool_or(p.person_id = h.head_person_id)
    ORDER BY md5(h.household_id::text || ${`:${kind}`})`);
  const pools = new Map<string, Candidate[]>();
  for (const r of rows as { household_id: number; division_code: string; urban_rural: 'urban' | 'rural'; head_person_id: number; members: Candidate['members'] }[]) {
    const c = { householdId: Number(r.household_id), divisionCode: r.division_code, urbanRural: r.urban_rural, headPersonId: Number(r.head_person_id), members: r.members };
    const key = `${c.divisionCode.slice(0, 6)}:${c.members.length}`;
    pools.set(key, [...(pools.get(key) ?? []), c]);
  }
  return pools;
}

/** Living persons per county, and the rural ones among them: the weights of the split. */
async function countyWeights(db: Database): Promise<{ county: string; persons: number; rural: number }[]> {
  const { rows } = await db.orm.execute(sql`
    SELECT substr(division_code, 1, 6) AS county, count(*)::int AS persons, count(*) FILTER (WHERE urban_rural = 'rural')::int AS rural
    FROM registry.person_facts WHERE status = 'living' GROUP BY 1 ORDER BY 1`);
  return (rows as { county: string; persons: number; rural: number }[]).map((r) => ({ county: r.county, persons: Number(r.persons), rural: Number(r.rural) }));
}

function take(pools: Map<string, Candidate[]>, county: string, size: number, n: number, what: string, strict: boolean): Candidate[] {
  const pool = pools.get(`${county}:${size}`) ?? [];
  if (pool.length < n && strict) {
    throw new Error(`演示人口不足：${county} 需要 ${n} 户 ${size} 人的${what}家庭，仅有 ${pool.length} 户；请增大演示人口（DEMO_PERSONS）`);
  }
  return pool.splice(0, n);
}

/**
 * Which households to enrol: the targets split across counties — dibao by population with rural
 * persons counted twice (rural poverty), rural tekun by rural population — and within each county
 * a size mix that gives the exact number of persons.
 */
async function chooseHouseholds(db: Database, t: CaseloadTargets, onDay: IsoDate, strict: boolean) {
  const weights = await countyWeights(db);
  const counties = weights.map((w) => w.county);
  const dibaoH = allocate(t.dibaoHouseholds, weights.map((w) => w.persons + w.rural));
  const dibaoP = allocate(t.dibaoPersons, dibaoH);
  const tekunH = allocate(t.tekunHouseholds, weights.map((w) => w.rural));
  const tekunPairs = allocate(t.tekunPersons - t.tekunHouseholds, tekunH);
  // Tekun first (the scarcer: old people alone in the countryside), then dibao from the other households.
  const tekunPools = await candidatePools(db, 'tekun', onDay);
  const tekun: Candidate[] = [];
  counties.forEach((county, i) => {
    tekun.push(...take(tekunPools, county, 1, tekunH[i] - tekunPairs[i], '特困', strict), ...take(tekunPools, county, 2, tekunPairs[i], '特困', strict));
  });
  const onTekun = new Set(tekun.map((c) => c.householdId));
  const dibaoPools = await candidatePools(db, 'dibao', onDay);
  for (const [k, pool] of dibaoPools) dibaoPools.set(k, pool.filter((c) => !onTekun.has(c.householdId)));
  const dibao: Candidate[] = [];
  counties.forEach((county, i) => {
    sizeMix(dibaoH[i], dibaoP[i]).forEach((n, s) => dibao.push(...take(dibaoPools, county, s + 1, n, '低保', strict)));
  });
  // What is left of the dibao pools: households for refused and open applications.
  const rest = [...dibaoPools.values()].flat();
  return { dibao, tekun, rest };
}

/** The twelve (or `n`) months ending the month before `today`, oldest first. */
export function payrollMonths(today: IsoDate, n = 12): string[] {
  const last = previousMonth(monthOf(today));
  return Array.from({ length: n }, (_, i) => addMonths(last, i - n + 1));
}

export async function seedDemoCaseload(db: Database, opts: DemoCaseloadOptions = {}): Promise<DemoCaseloadResult> {
  const started = performance.now();
  const today = opts.today ?? todayInChina();
  const months = payrollMonths(today, opts.months ?? 12);
  const targets = opts.targets ?? { ...PLAN_BASELINE };
  const table = await loadParameterTable(db.orm, ASSISTANCE_PARAMETER_KEYS, `${CALCULATION_MONTH}-01`);
  const calcOn = `${CALCULATION_MONTH}-01`;
  // The plan's counts are kept exactly or refused; a smaller demo takes what its population holds.
  const chosen = await chooseHouseholds(db, targets, calcOn, opts.strict ?? true);

  /** `each`: for tekun, every member's own calculation (each person is supported alone) */
  type Planned = { c: Candidate; programme: 'dibao' | 'tekun'; members: StoredMember[]; incomes: IncomeLine[]; calc: CalculationResult; each?: CalculationResult[]; fromMonth: string };
  const planned: Planned[] = [];
  const stored = (c: Candidate): StoredMember[] => c.members.map((m) => ({
    personId: m.personId, name: m.name, idNumberMasked: maskIdNumber(m.idNumber), age: ageOn(m.birthDate, calcOn), included: true, reason: null,
  }));
  // Most households were on the roll before the period; about one in seven joins during it.
  const fromMonthOf = (id: number) => (unit(id, 3) < 0.85 ? months[0] : months[1 + Math.floor(unit(id, 4) * (months.length - 1))]);

  // Dibao: declared income a deterministic share of the standard, so every household is eligible.
  const shares = [0, 0.2, 0.35, 0.5, 0.65];
  const incomesOf = (c: Candidate, members: StoredMember[], standardFen: number): IncomeLine[] => {
    const share = shares[Math.floor(unit(c.householdId, 1) * shares.length)];
    const earner = members.find((m) => m.age >= 18 && m.age < 60);
    return earner && share > 0 ? [{ personId: earner.personId, kind: 'wage', monthlyFen: Math.floor(standardFen * share * members.length / 100) * 100 }] : [];
  };
  for (const c of chosen.dibao) {
    const members = stored(c);
    const params = resolveAssistanceParams(table, c.divisionCode);
    const incomes = incomesOf(c, members, dibaoStandard(c.urbanRural, params).standardFen);
    const facts = { divisionCode: c.divisionCode, urbanRural: c.urbanRural, members, incomes, assets: { financialFen: 0, vehicles: 0, extraHousing: 0 } };
    const calc = calculate(calculationInputOf(facts, CALCULATION_MONTH), params);
    if (!calc.eligible || calc.monthlyAmountFen <= 0) throw new Error(`演示低保家庭 ${c.householdId} 按 2020 年标准不符合条件`);
    planned.push({ c, programme: 'dibao', members, incomes, calc, fromMonth: fromMonthOf(c.householdId) });
  }
  // Tekun: each member supported alone (home-based, self-caring), in the two parts payments pays.
  for (const c of chosen.tekun) {
    const members = stored(c);
    const params = resolveAssistanceParams(table, c.divisionCode);
    const each = members.map((m) => calculate({
      programme: 'tekun', divisionCode: c.divisionCode, urbanRural: c.urbanRural, month: CALCULATION_MONTH,
      members: [{ age: m.age, workCapacity: 'none' }], incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
      tekun: { applicant: 0, mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false },
    } as CalculationInput, params));
    if (each.some((x) => !x.eligible || x.category !== 'tekun' || x.monthlyAmountFen <= 0)) throw new Error(`演示特困家庭 ${c.householdId} 按 2020 年标准不符合条件`);
    planned.push({ c, programme: 'tekun', members, incomes: [], calc: each[0], each, fromMonth: fromMonthOf(c.householdId) });
  }

  // Some of the dibao households that join during the period go through the procedure instead,
  // with their history, so the processing-time report and the inbox have true cases.
  // (In a stable order across the counties, not county by county.)
  const mixed = <T,>(xs: T[], id: (x: T) => number) => [...xs].sort((a, b) => unit(id(a), 9) - unit(id(b), 9));
  const joiners = planned.filter((p) => p.programme === 'dibao' && p.fromMonth > months[0] && p.fromMonth < months[months.length - 1]);
  const viaProcedure = pickForProcedure(mixed(joiners, (p) => p.c.householdId).map((p) => ({ c: p.c, fromMonth: p.fromMonth, incomes: p.incomes })), opts.processedPerMonth ?? 6);
  const direct = planned.filter((p) => !viaProcedure.some((x) => x.c.householdId === p.c.householdId));

  // Applications and entitlements, in one transaction: dibao one application per household, tekun
  // one per person (the applicant; the household's members listed as on a real application).
  type Row = { p: Planned; applicant: StoredMember; calc: CalculationResult };
  const toWrite: Row[] = direct.flatMap((p) => (p.programme === 'tekun'
    ? p.members.map((m, i) => ({ p, applicant: m, calc: p.each![i] }))
    : [{ p, applicant: p.members.find((m) => m.personId === p.c.headPersonId) ?? p.members[0], calc: p.calc }]));
  await inTransaction(db, async (tx) => {
    if (toWrite.length === 0) return;
    // In statements of 1,000 rows: PostgreSQL takes at most 65,535 parameters in one.
    const key = (programme: string, householdId: number, personId: number) => `${programme}:${householdId}:${personId}`;
    const idOf = new Map<string, number>();
    for (let i = 0; i < toWrite.length; i += 1_000) (await tx.insert(applications).values(toWrite.slice(i, i + 1_000).map(({ p, applicant, calc }) => {
      const decided = new Date(`${previousMonth(p.fromMonth)}-20T02:00:00Z`);
      return {
        programme: p.programme, householdId: p.c.householdId, applicantPersonId: applicant.personId,
        applicantName: applicant.name, applicantIdMasked: applicant.idNumberMasked,
        divisionCode: p.c.divisionCode, urbanRural: p.c.urbanRural, receivingDivisionCode: p.c.divisionCode.slice(0, 9),
        receivedBy: null, receivedByName: DEMO_RECEIVER,
        members: p.members, incomes: p.incomes, assets: { financialFen: 0, vehicles: 0, extraHousing: 0 }, consents: [], documents: [],
        ...(p.programme === 'tekun' ? { details: { mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false } } : {}),
        decision: 'approved', decidedAt: decided, calculation: { ...calc, month: CALCULATION_MONTH }, proposal: { ...calc, month: CALCULATION_MONTH },
        fromMonth: p.fromMonth, createdAt: new Date(decided.getTime() - 25 * 86_400_000), updatedAt: decided,
      };
    })).returning({ id: applications.id, programme: applications.programme, householdId: applications.householdId, applicantPersonId: applications.applicantPersonId }))
      .forEach((r) => idOf.set(key(r.programme, r.householdId, r.applicantPersonId), r.id));
    await setEntitlements(tx, SYSTEM_ACTOR, toWrite.flatMap(({ p, applicant, calc }) => {
      const id = idOf.get(key(p.programme, p.c.householdId, applicant.personId))!;
      const common = { householdId: p.c.householdId, divisionCode: p.c.divisionCode, fromMonth: p.fromMonth, sourceType: SUBJECT_TYPE, sourceId: id };
      const reason = `演示数据：按 2020 年标准纳入（申请第 ${id} 号）`;
      if (p.programme === 'dibao') return [{ ...common, programme: 'dibao', monthlyAmountFen: calc.monthlyAmountFen, reason }];
      const { basicFen, careFen } = tekunParts(calc);
      return [
        { ...common, programme: TEKUN_BASIC, personId: applicant.personId, monthlyAmountFen: basicFen, reason: `${reason}：基本生活标准` },
        { ...common, programme: TEKUN_CARE, personId: applicant.personId, monthlyAmountFen: careFen, reason: `${reason}：照料护理标准` },
      ];
    }));
  });
  const enrolled = performance.now();
  const rest = mixed(chosen.rest, (c) => c.householdId);
  const procedure = await seedProcedureHistory(db, { today, approve: viaProcedure, others: rest.slice(0, -(opts.lowIncome ?? 60) || undefined), months });
  const lowIncome = await seedDemoLowIncome(db, today, rest.slice(-(opts.lowIncome ?? 60) || rest.length));
  const processed = performance.now();

  // Twelve months of signed payroll for every county with a household on the roll, oldest first.
  const counties = [...new Set(planned.map((p) => p.c.divisionCode.slice(0, 6)))].sort();
  let runs = 0;
  for (const month of months) {
    for (const countyCode of counties) {
      const r = await runPayroll(db, SYSTEM_ACTOR, { month, countyCode });
      await inTransaction(db, (tx) => signPayroll(tx, SYSTEM_ACTOR, r.runId));
      runs++;
    }
  }
  const done = performance.now();
  const dibao = planned.filter((p) => p.programme === 'dibao');
  const tekun = planned.filter((p) => p.programme === 'tekun');
  const inCounty = (xs: Planned[], county: string) => xs.filter((p) => p.c.divisionCode.startsWith(county));
  return {
    dibaoHouseholds: dibao.length, dibaoPersons: dibao.reduce((a, p) => a + p.members.length, 0),
    tekunHouseholds: tekun.length, tekunPersons: tekun.reduce((a, p) => a + p.members.length, 0),
    months, counties, runs, procedure, lowIncome,
    byCounty: counties.map((countyCode) => ({
      countyCode,
      dibao: inCounty(dibao, countyCode).length, dibaoPersons: inCounty(dibao, countyCode).reduce((a, p) => a + p.members.length, 0),
      tekun: inCounty(tekun, countyCode).length, tekunPersons: inCounty(tekun, countyCode).reduce((a, p) => a + p.members.length, 0),
    })),
    ms: { enrol: Math.round(enrolled - started), procedure: Math.round(processed - enrolled), payroll: Math.round(done - processed), total: Math.round(done - started) },
  };
}

/** The smallest demo population (persons generated, the deceased included) that holds the plan's caseload: the first start's default. */
export const PLAN_POPULATION = 80_000;

/** The plan's counts, or for a smaller demo population the same shares of it (at least one of each). */
export function targetsFor(persons: number): CaseloadTargets {
  if (persons >= PLAN_POPULATION) return { ...PLAN_BASELINE };
  const part = (n: number) => Math.max(1, Math.round((n * persons) / PLAN_POPULATION));
  const dibaoHouseholds = part(PLAN_BASELINE.dibaoHouseholds);
  const tekunHouseholds = part(PLAN_BASELINE.tekunHouseholds);
  return {
    dibaoHouseholds, dibaoPersons: Math.max(dibaoHouseholds, part(PLAN_BASELINE.dibaoPersons)),
    tekunHouseholds, tekunPersons: Math.max(tekunHouseholds, part(PLAN_BASELINE.tekunPersons)),
  };
}

/** For the first start: seeds the caseload (the plan's, or a share of it for a small population) and says what it made. */
export async function seedDemoCaseloadAndReport(db: Database, log: (line: string) => void = console.log): Promise<DemoCaseloadResult> {
  const { rows } = await db.orm.execute(sql`SELECT count(*)::int AS n FROM registry.person_facts`);
  const persons = Number((rows[0] as { n: number }).n);
  if (persons < PLAN_POPULATION) log(`演示人口 ${persons} 人，少于容纳规划救助对象所需的 ${PLAN_POPULATION} 人：按比例纳入`);
  const full = persons >= PLAN_POPULATION;
  const share = (n: number, least: number) => (full ? n : Math.max(least, Math.round((n * persons) / PLAN_POPULATION)));
  const r = await seedDemoCaseload(db, { targets: targetsFor(persons), strict: full, processedPerMonth: share(6, 1), lowIncome: share(60, 5) });
  log(`已生成演示救助对象：低保 ${r.dibaoHouseholds} 户 ${r.dibaoPersons} 人、特困 ${r.tekunHouseholds} 户 ${r.tekunPersons} 人；`
    + `${r.months[0]} 至 ${r.months[r.months.length - 1]} 共 ${r.runs} 份已签发名册；办结申请 ${r.procedure.decided} 件、在办 ${r.procedure.open} 件；低收入认定 ${r.lowIncome} 户；`
    + `用时 ${(r.ms.total / 1000).toFixed(1)} 秒（纳入 ${(r.ms.enrol / 1000).toFixed(1)}、办件 ${(r.ms.procedure / 1000).toFixed(1)}、名册 ${(r.ms.payroll / 1000).toFixed(1)}）`);
  return r;
}
