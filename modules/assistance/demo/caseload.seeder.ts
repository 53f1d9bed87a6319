// 演示救助对象: enrols a deterministic share of the demo population as dibao and rural tekun
// households, in proportion to the plan's 2020 baseline (2,853 registered-poor dibao households,
// 5,366 persons; 512 rural tekun households, 522 persons, for a city of about 1.3 million), and
// builds twelve months of signed payroll per county so that reports have true figures to show.
//
// What is written: one application per household, marked approved (no workflow case: these
// households were enrolled before the platform), with the calculation of the assistance calculator
// on 2020's parameters (urban 587 / rural 418 yuan); the entitlement is handed to payments through
// setEntitlement (sourceType 'assistance_application', as a decision would), and the payroll is run
// and signed month by month through runPayroll / signPayroll as the system.
import { sql } from 'drizzle-orm';
import {
  SYSTEM_ACTOR, ageOn, inTransaction, loadParameterTable, maskIdNumber, todayInChina,
  type Database, type IsoDate,
} from '#kernel';
import { addMonths, monthOf, previousMonth, runPayroll, setEntitlement, signPayroll } from '#payments';
import { applications } from '../schema';
import { calculate } from '../calculator.rules';
import { dibaoStandard } from '../dibao.rules';
import { ASSISTANCE_PARAMETER_KEYS, resolveAssistanceParams } from '../parameters';
import { calculationInputOf, type IncomeLine, type StoredMember } from '../applications.rules';
import type { CalculationInput, CalculationResult } from '../calculator.schemas';
import { SUBJECT_TYPE } from '../applications.service';

/** The plan's 2020 figures (一(一)2) and the city's population they refer to. */
export const PLAN_BASELINE = {
  cityPersons: 1_300_000,
  dibaoHouseholds: 2_853,
  dibaoPersons: 5_366,
  tekunHouseholds: 512,
  tekunPersons: 522,
} as const;

/** The parameters the amounts are computed on: 2020's, the plan's baseline year. */
export const CALCULATION_MONTH = '2020-12';
export const DEMO_RECEIVER = '系统（演示数据）';

export interface DemoCaseloadOptions {
  /** demo persons / city persons; computed from the registry when omitted */
  scale?: number;
  /** fewest dibao households, so screens have content (default 100) */
  minDibaoHouseholds?: number;
  /** default: today in China; the payroll covers the 12 months ending the month before */
  today?: IsoDate;
  /** months of signed payroll (default 12) */
  months?: number;
}

export interface DemoCaseloadResult {
  dibaoHouseholds: number;
  dibaoPersons: number;
  tekunHouseholds: number;
  tekunPersons: number;
  months: string[];
  counties: string[];
  runs: number;
  ms: { enrol: number; payroll: number; total: number };
}

interface Candidate {
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

async function candidates(db: Database, kind: 'dibao' | 'tekun', limit: number, onDay: IsoDate): Promise<Candidate[]> {
  // Read-only look at the registry's demo population: active households with a bank account and
  // no application yet; dibao households of one to three living members (the plan's 1.9 persons a household), tekun people aged 60 or
  // more living alone in the countryside.
  const filter = kind === 'dibao'
    ? sql`count(*) BETWEEN 1 AND 3`
    : sql`count(*) = 1 AND bool_and(p.birth_date <= (${onDay}::date - interval '60 years')) AND bool_and(h.urban_rural = 'rural')`;
  const { rows } = await db.orm.execute(sql`
    SELECT h.id AS household_id, h.division_code, h.urban_rural, h.head_person_id,
           json_agg(json_build_object('personId', p.id, 'name', p.name, 'idNumber', p.id_number, 'birthDate', p.birth_date::text) ORDER BY p.id) AS members
    FROM registry.households h
    JOIN registry.persons p ON p.household_id = h.id AND p.status = 'living'
    WHERE h.status = 'active' AND coalesce(h.bank_account, '') <> ''
      AND NOT EXISTS (SELECT 1 FROM assistance.applications a WHERE a.household_id = h.id)
    GROUP BY h.id
    HAVING ${filter} AND bool_or(p.id = h.head_person_id)
    ORDER BY md5(h.id::text || ${`:${kind}`})
    LIMIT ${limit}`);
  return (rows as { household_id: number; division_code: string; urban_rural: 'urban' | 'rural'; head_person_id: number; members: Candidate['members'] }[])
    .map((r) => ({ householdId: Number(r.household_id), divisionCode: r.division_code, urbanRural: r.urban_rural, headPersonId: Number(r.head_person_id), members: r.members }));
}

/** Targets for a scale: the plan's 2020 counts, scaled, with at least `minDibao` dibao households. */
export function caseloadTargets(scale: number, minDibao = 100) {
  const s = Math.max(scale, minDibao / PLAN_BASELINE.dibaoHouseholds);
  return { dibao: Math.round(PLAN_BASELINE.dibaoHouseholds * s), tekun: Math.max(1, Math.round(PLAN_BASELINE.tekunHouseholds * s)) };
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
  let scale = opts.scale;
  if (scale == null) {
    const { rows } = await db.orm.execute(sql`SELECT count(*)::int AS n FROM registry.persons`);
    scale = Number((rows[0] as { n: number }).n) / PLAN_BASELINE.cityPersons;
  }
  const target = caseloadTargets(scale, opts.minDibaoHouseholds ?? 100);
  const table = await loadParameterTable(db.orm, ASSISTANCE_PARAMETER_KEYS, `${CALCULATION_MONTH}-01`);
  const calcOn = `${CALCULATION_MONTH}-01`;

  type Planned = { c: Candidate; programme: 'dibao' | 'tekun'; members: StoredMember[]; incomes: IncomeLine[]; calc: CalculationResult; fromMonth: string };
  const planned: Planned[] = [];
  const stored = (c: Candidate): StoredMember[] => c.members.map((m) => ({
    personId: m.personId, name: m.name, idNumberMasked: maskIdNumber(m.idNumber), age: ageOn(m.birthDate, calcOn), included: true, reason: null,
  }));
  // Most households were on the roll before the period; about one in seven joins during it.
  const fromMonthOf = (id: number) => (unit(id, 3) < 0.85 ? months[0] : months[1 + Math.floor(unit(id, 4) * (months.length - 1))]);

  // Dibao: declared income a deterministic share of the standard, so every household is eligible.
  const shares = [0, 0.2, 0.35, 0.5, 0.65];
  for (const c of await candidates(db, 'dibao', target.dibao * 2, calcOn)) {
    if (planned.length >= target.dibao) break;
    const members = stored(c);
    const params = resolveAssistanceParams(table, c.divisionCode);
    const standard = dibaoStandard(c.urbanRural, params).standardFen;
    const share = shares[Math.floor(unit(c.householdId, 1) * shares.length)];
    const earner = members.find((m) => m.age >= 18 && m.age < 60);
    const incomes: IncomeLine[] = earner && share > 0
      ? [{ personId: earner.personId, kind: 'wage', monthlyFen: Math.floor(standard * share * members.length / 100) * 100 }]
      : [];
    const facts = { divisionCode: c.divisionCode, urbanRural: c.urbanRural, members, incomes, assets: { financialFen: 0, vehicles: 0, extraHousing: 0 } };
    const calc = calculate(calculationInputOf(facts, CALCULATION_MONTH), params);
    if (!calc.eligible || calc.monthlyAmountFen <= 0) continue;
    planned.push({ c, programme: 'dibao', members, incomes, calc, fromMonth: fromMonthOf(c.householdId) });
  }
  const dibaoCount = planned.length;
  for (const c of await candidates(db, 'tekun', target.tekun * 2, calcOn)) {
    if (planned.length - dibaoCount >= target.tekun) break;
    const members = stored(c);
    const input: CalculationInput = {
      programme: 'tekun', divisionCode: c.divisionCode, urbanRural: c.urbanRural, month: CALCULATION_MONTH,
      members: [{ age: members[0].age, workCapacity: 'none' }], incomes: [], assets: { financialFen: 0, vehicles: 0, extraHousing: 0 },
      tekun: { applicant: 0, mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false },
    };
    const calc = calculate(input, resolveAssistanceParams(table, c.divisionCode));
    if (!calc.eligible || calc.monthlyAmountFen <= 0) continue;
    planned.push({ c, programme: 'tekun', members, incomes: [], calc, fromMonth: fromMonthOf(c.householdId) });
  }

  // Applications (one statement) and entitlements, in one transaction.
  await inTransaction(db, async (tx) => {
    if (planned.length === 0) return;
    const rows = await tx.insert(applications).values(planned.map((p) => {
      const head = p.members.find((m) => m.personId === p.c.headPersonId) ?? p.members[0];
      const decided = new Date(`${previousMonth(p.fromMonth)}-20T02:00:00Z`);
      return {
        programme: p.programme, householdId: p.c.householdId, applicantPersonId: head.personId,
        applicantName: head.name, applicantIdMasked: head.idNumberMasked,
        divisionCode: p.c.divisionCode, urbanRural: p.c.urbanRural, receivingDivisionCode: p.c.divisionCode.slice(0, 9),
        receivedBy: null, receivedByName: DEMO_RECEIVER,
        members: p.members, incomes: p.incomes, assets: { financialFen: 0, vehicles: 0, extraHousing: 0 }, consents: [], documents: [],
        decision: 'approved', decidedAt: decided, calculation: { ...p.calc, month: CALCULATION_MONTH }, proposal: { ...p.calc, month: CALCULATION_MONTH },
        fromMonth: p.fromMonth, createdAt: new Date(decided.getTime() - 25 * 86_400_000), updatedAt: decided,
      };
    })).returning({ id: applications.id, householdId: applications.householdId, programme: applications.programme });
    const idOf = new Map(rows.map((r) => [`${r.programme}:${r.householdId}`, r.id]));
    for (const p of planned) {
      const id = idOf.get(`${p.programme}:${p.c.householdId}`)!;
      await setEntitlement(tx, SYSTEM_ACTOR, {
        programme: p.programme, householdId: p.c.householdId, divisionCode: p.c.divisionCode,
        monthlyAmountFen: p.calc.monthlyAmountFen, fromMonth: p.fromMonth,
        reason: `演示数据：按 2020 年标准纳入（申请第 ${id} 号）`, sourceType: SUBJECT_TYPE, sourceId: id,
      });
    }
  });
  const enrolled = performance.now();

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
  return {
    dibaoHouseholds: dibao.length, dibaoPersons: dibao.reduce((a, p) => a + p.members.length, 0),
    tekunHouseholds: tekun.length, tekunPersons: tekun.reduce((a, p) => a + p.members.length, 0),
    months, counties, runs,
    ms: { enrol: Math.round(enrolled - started), payroll: Math.round(done - enrolled), total: Math.round(done - started) },
  };
}

/** For the first start: seeds the caseload and says what it made. */
export async function seedDemoCaseloadAndReport(db: Database, log: (line: string) => void = console.log): Promise<DemoCaseloadResult> {
  const r = await seedDemoCaseload(db);
  log(`已生成演示救助对象：低保 ${r.dibaoHouseholds} 户 ${r.dibaoPersons} 人、特困 ${r.tekunHouseholds} 户 ${r.tekunPersons} 人；`
    + `${r.months[0]} 至 ${r.months[r.months.length - 1]} 共 ${r.runs} 份已签发名册，用时 ${(r.ms.total / 1000).toFixed(1)} 秒`);
  return r;
}
