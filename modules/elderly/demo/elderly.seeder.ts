// 演示养老数据, consistent with the plan's 2020 figures (一(五)): 539 rural day-care centres and 36
// urban community facilities at their real count in real villages and communities; care
// institutions whose beds come to 37.2 per 1,000 older people of the demo population; living
// situations, welfare visits, assessments, home adaptations and care workers in plausible shares.
// Deterministic: the same on every machine. Each facility stands at its village's or township's point
// inside its county's outline (institutions/geo.ts), the points the map's coverage is measured by.
import { sql } from 'drizzle-orm';
import { divisions, inTransaction, todayInChina, type Database, type IsoDate } from '#kernel';
import { eq } from 'drizzle-orm';
import { assessments, careWorkers, facilities, institutions, admissions, trainings, visits } from '../schema';
import { ITEMS } from '../assessment/items';
import { score } from '../assessment/score.rules';
import { addMonthsToDate } from '../assessment/assessment.service';
import { seedAdaptationDemo } from '../adaptation/adaptation.demo';
import { seedHomeServicesDemo } from '../home-services/home-services.demo';
import { facilityPoint } from '../institutions/geo';

/** Multi-row inserts of at most 1,000 rows (PostgreSQL takes at most 65,535 parameters a statement). */
async function inChunks<T>(rows: T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

export const PLAN_2020 = { ruralDayCare: 539, urbanCommunityFacilities: 36, bedsPer1000Older: 37.2 } as const;

function unit(n: number, salt: number): number {
  let x = (Math.imul(n, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}
const hashCode = (s: string) => [...s].reduce((a, c) => (Math.imul(a, 31) + c.charCodeAt(0)) | 0, 7);

/** A facility's point: near its village's or township's point inside the county outline (institutions/geo.ts). */
function place(code: string, salt: number): { lng: number; lat: number } | Record<string, never> {
  return facilityPoint(code, `demo:${salt}`) ?? {};
}

export interface ElderlyDemoResult { older: number; beds: number; institutions: number; facilities: number; profiles: number; visits: number; assessments: number; adaptations: number; serviceOrders: number; ms: number }

export async function seedElderlyDemo(db: Database, opts: { today?: IsoDate } = {}): Promise<ElderlyDemoResult> {
  const started = performance.now();
  const today = opts.today ?? todayInChina();
  const bornBy = `${Number(today.slice(0, 4)) - 60}${today.slice(4)}`;
  const villages = await db.orm.select({ code: divisions.code, name: divisions.name, kind: divisions.kind }).from(divisions).where(eq(divisions.level, 5));
  const townships = await db.orm.select({ code: divisions.code, name: divisions.name }).from(divisions).where(eq(divisions.level, 4));
  const byHash = <T extends { code: string }>(xs: T[], salt: number) => [...xs].sort((a, b) => unit(hashCode(a.code), salt) - unit(hashCode(b.code), salt));
  const rural = byHash(villages.filter((v) => v.kind !== 'community'), 11);
  const urban = byHash(villages.filter((v) => v.kind === 'community'), 12);
  const { rows: [{ n: older }] } = await db.orm.execute(sql`SELECT count(*)::int AS n FROM registry.person_facts WHERE status = 'living' AND birth_date <= ${bornBy}::date`) as { rows: { n: number }[] };

  return inTransaction(db, async (tx) => {
    // Facilities at the plan's count.
    const fac: (typeof facilities.$inferInsert)[] = [
      ...rural.slice(0, PLAN_2020.ruralDayCare).map((v, i) => ({ kind: 'day_care', name: `${v.name.replace(/(村民委员会|村委会)$/, '')}日间照料中心`, divisionCode: v.code, urbanRural: 'rural', openedOn: `${2014 + (i % 7)}-0${1 + (i % 9)}-15`, ...place(v.code, 1) })),
      ...urban.slice(0, PLAN_2020.urbanCommunityFacilities).map((v, i) => ({ kind: 'day_care', name: `${v.name.replace(/(社区居民委员会|社区居委会|居委会)$/, '')}社区日间照料中心`, divisionCode: v.code, urbanRural: 'urban', openedOn: `${2015 + (i % 6)}-0${1 + (i % 9)}-10`, ...place(v.code, 1) })),
      // 专栏1.6: A-type stations and canteens, 4 in 2022 and 3 in 2023 each
      ...urban.slice(40, 47).map((v, i) => ({ kind: 'station_a', name: `${v.name.replace(/(社区居民委员会|社区居委会|居委会)$/, '')}A类养老服务站`, divisionCode: v.code, urbanRural: 'urban', openedOn: i < 4 ? `2022-0${3 + i}-01` : `2023-0${2 + i}-01`, ...place(v.code, 2) })),
      ...urban.slice(50, 57).map((v, i) => ({ kind: 'canteen', name: `${v.name.replace(/(社区居民委员会|社区居委会|居委会)$/, '')}老年餐厅`, divisionCode: v.code, urbanRural: 'urban', openedOn: i < 4 ? `2022-0${4 + i}-15` : `2023-0${3 + i}-15`, ...place(v.code, 3) })),
    ];
    await inChunks(fac, (rows) => tx.insert(facilities).values(rows));

    // Institutions: one per township, half of them its comprehensive centre; beds at 37.2 per 1,000.
    const beds = Math.round((older * PLAN_2020.bedsPer1000Older) / 1000);
    const ts = byHash(townships, 13);
    const weights = ts.map((t) => 1 + unit(hashCode(t.code), 14) * 3);
    const wsum = weights.reduce((a, b) => a + b, 0);
    let left = beds;
    const inst = ts.map((t, i) => {
      const b = i === ts.length - 1 ? left : Math.min(left, Math.round((beds * weights[i]) / wsum));
      left -= b;
      const ownership = i % 5 === 0 ? 'public_private' : i % 3 === 0 ? 'private' : 'public';
      const expires = i % 9 === 0 ? `${today.slice(0, 4)}-12-31` : `${Number(today.slice(0, 4)) + 2 + (i % 3)}-06-30`;
      return {
        name: i % 2 === 0 ? `${t.name}区域养老服务中心` : `${t.name}${['康乐', '福寿', '颐和', '安康'][i % 4]}养老院`,
        ownership, divisionCode: t.code, comprehensive: i % 2 === 0, licenceNo: `晋阳民养备${String(2019000 + i)}`, licenceExpiresOn: expires,
        beds: b, nursingBeds: Math.floor(b * (0.4 + unit(i, 15) * 0.2)), staff: Math.max(2, Math.round(b / 4)),
        fireSafety: i % 11 === 5 ? 'rectifying' : 'passed', rating: 1 + (i % 4), ...place(t.code, 4),
      };
    });
    const instRows = await tx.insert(institutions).values(inst).returning({ id: institutions.id, code: institutions.divisionCode, beds: institutions.beds, staff: institutions.staff });

    // Living situations for older people (registry facts stay in the registry).
    const profiled = await tx.execute(sql`
      INSERT INTO elderly.profiles (person_id, division_code, living_situation, family_planning_special, life_threatening_illness, carers)
      SELECT person_id, division_code,
             CASE WHEN h < 0.10 OR (birth_date <= ${`${Number(today.slice(0, 4)) - 80}${today.slice(4)}`}::date AND h < 0.16) THEN 'alone'
                  WHEN h < 0.32 THEN 'empty_nest' WHEN h < 0.37 AND urban_rural = 'rural' THEN 'left_behind' ELSE 'with_family' END,
             h2 < 0.02, h2 > 0.985, '[]'::jsonb
      FROM (SELECT person_id, division_code, birth_date, urban_rural,
                   ('x' || substr(md5(person_id::text || ':living'), 1, 8))::bit(32)::bigint / 4294967296.0 AS h,
                   ('x' || substr(md5(person_id::text || ':flags'), 1, 8))::bit(32)::bigint / 4294967296.0 AS h2
            FROM registry.person_facts WHERE status = 'living' AND birth_date <= ${bornBy}::date) s
      WHERE h < 0.37 OR h2 < 0.02 OR h2 > 0.985
      ON CONFLICT (person_id) DO NOTHING`);

    // Residents: about 60 % of beds occupied by older people of the institution's county.
    const { rows: candidates } = await tx.execute(sql`
      SELECT person_id, left(division_code, 6) AS county FROM registry.person_facts
      WHERE status = 'living' AND birth_date <= ${`${Number(today.slice(0, 4)) - 75}${today.slice(4)}`}::date
      ORDER BY md5(person_id::text || ':resident')`) as { rows: { person_id: number; county: string }[] };
    const pool = new Map<string, number[]>();
    for (const c of candidates) {
      const list = pool.get(c.county);
      if (list) list.push(Number(c.person_id)); else pool.set(c.county, [Number(c.person_id)]);
    }
    for (const list of pool.values()) list.reverse(); // pop() from the end keeps the md5 order
    const stays: (typeof admissions.$inferInsert)[] = [];
    for (const [i, r] of instRows.entries()) {
      const people = pool.get(r.code.slice(0, 6)) ?? [];
      for (let k = 0; k < Math.floor(r.beds * 0.6) && people.length; k++) {
        stays.push({ institutionId: r.id, personId: people.pop()!, divisionCode: r.code, admittedOn: `${2019 + ((i + k) % 6)}-0${1 + (k % 9)}-01` });
      }
    }
    await inChunks(stays, (rows) => tx.insert(admissions).values(rows));

    // Assessments for a share of older people, levels spread over all five.
    const { rows: assessed } = await tx.execute(sql`
      SELECT person_id, household_id, division_code FROM registry.person_facts
      WHERE status = 'living' AND birth_date <= ${bornBy}::date ORDER BY md5(person_id::text || ':assessed') LIMIT ${Math.max(20, Math.round(older * 0.04))}`) as { rows: { person_id: number; household_id: number | null; division_code: string }[] };
    const none = { fall: 0, choking: 0, selfHarm: 0, wandering: 0, other: 0 };
    const assessmentRows = assessed.map((a, i) => {
      const drop = Math.floor(unit(Number(a.person_id), 21) * 70);
      const answers = Object.fromEntries(ITEMS.map((it) => [it.key, it.max]));
      let over = drop;
      for (const it of ITEMS) { const cut = Math.min(it.max, over); answers[it.key] -= cut; over -= cut; }
      const dementia = unit(Number(a.person_id), 22) < 0.08;
      const r = score({ answers, dementia, psychiatricDiagnosis: false, riskEvents30d: none, coma: false });
      const assessedOn = `${today.slice(0, 4)}-0${1 + (i % 9)}-1${i % 9}` <= today ? `${today.slice(0, 4)}-0${1 + (i % 9)}-1${i % 9}` : `${Number(today.slice(0, 4)) - 1}-0${1 + (i % 9)}-1${i % 9}`;
      return {
        personId: Number(a.person_id), householdId: a.household_id == null ? null : Number(a.household_id), divisionCode: a.division_code, assessedOn, reason: 'first',
        assessors: [{ name: '张评估' }, { name: '刘评估' }], answers, dementia, psychiatricDiagnosis: false, riskEvents: none, coma: false,
        subtotals: r.subtotals, total: r.total, initialLevel: r.initialLevel, level: r.level, adjustments: r.adjustments, nextDueOn: addMonthsToDate(assessedOn, 12),
      };
    });
    await inChunks(assessmentRows, (rows) => tx.insert(assessments).values(rows));

    // Welfare visits: this month for most of those living alone or empty-nest, and last month.
    const visitRows = await tx.execute(sql`
      INSERT INTO elderly.visits (person_id, division_code, tier, visited_on, visitor_name, condition, findings)
      SELECT pr.person_id, pr.division_code, CASE WHEN pr.living_situation = 'alone' THEN 'high' ELSE 'general' END,
             (${`${today.slice(0, 7)}-01`}::date + ((m.k * 7 + (pr.person_id % 5)) || ' days')::interval - (m.back || ' months')::interval)::date,
             '村居协理员', 'normal', '身体状况稳定，生活能自理，家中安全无隐患'
      FROM elderly.profiles pr CROSS JOIN (VALUES (0, 0), (0, 1), (1, 1)) AS m(k, back)
      WHERE pr.living_situation IN ('alone', 'empty_nest')
        AND ('x' || substr(md5(pr.person_id::text || ':visit' || m.back), 1, 8))::bit(32)::bigint / 4294967296.0 < 0.85
        AND (${`${today.slice(0, 7)}-01`}::date + ((m.k * 7 + (pr.person_id % 5)) || ' days')::interval - (m.back || ' months')::interval)::date <= ${today}::date`);

    // Home adaptations (专栏1.1: 300 by 2025) of eligible households, and care workers with training.
    const adapted = await seedAdaptationDemo(tx, today);
    const workers = instRows.flatMap((r) => Array.from({ length: r.staff }, (_, k) => ({ name: `护理员${r.id}-${k + 1}`, divisionCode: r.code, institutionId: r.id, skillLevel: ['初级', '中级', '高级'][k % 3] })));
    const workerRows: { id: number }[] = [];
    await inChunks(workers, async (rows) => { workerRows.push(...await tx.insert(careWorkers).values(rows).returning({ id: careWorkers.id })); });
    const trained = workerRows.filter((w) => unit(w.id, 31) < 0.72);
    await inChunks(trained, (part) => tx.insert(trainings).values(part.map((w, i) => ({ workerId: w.id, trainedOn: `${2021 + (i % 5)}-0${1 + (i % 9)}-20`, course: '养老护理员职业技能培训', hours: 40 }))));
    // Home services: catalogue, providers, subsidised older people's orders and voucher settlements.
    const homeServices = await seedHomeServicesDemo(tx, today);

    return {
      older, beds, institutions: instRows.length, facilities: fac.length, profiles: profiled.rowCount ?? 0, visits: visitRows.rowCount ?? 0,
      assessments: assessmentRows.length, adaptations: adapted, serviceOrders: homeServices.orders, ms: Math.round(performance.now() - started),
    };
  });
}

export async function seedElderlyDemoAndReport(db: Database, log: (line: string) => void = console.log) {
  const r = await seedElderlyDemo(db);
  log(`已生成演示养老数据：老年人 ${r.older} 人，养老机构 ${r.institutions} 家 ${r.beds} 张床位（每千名老年人 ${((r.beds * 1000) / Math.max(1, r.older)).toFixed(1)} 张），`
    + `社区居家养老设施 ${r.facilities} 处，探访 ${r.visits} 次，能力评估 ${r.assessments} 人，适老化改造 ${r.adaptations} 户，居家服务工单 ${r.serviceOrders} 单，用时 ${(r.ms / 1000).toFixed(1)} 秒`);
  return r;
}

