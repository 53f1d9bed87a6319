// 适老化改造演示数据: homes of older people in dibao and tekun households who are 80 or over or disabled
// (the rule's two halves), applied for in 2022–2024, most accepted (专栏1.1 counts them toward 300),
// some in progress or just applied. Deterministic.
import { sql } from 'drizzle-orm';
import { ageOn, type IsoDate, type Tx } from '#kernel';
import { adaptations } from '../schema';
import { adaptationEligibility, BASIC_ITEM_KEYS } from './adaptation.rules';

const CONTRACTORS = ['阳泉市安居适老装饰有限公司', '平定县康居工程队', '盂县福寿家居改造服务部'];

export async function seedAdaptationDemo(tx: Tx, today: IsoDate, limit = 180): Promise<number> {
  const month = today.slice(0, 7);
  const { rows } = await tx.execute(sql`SELECT * FROM (
    SELECT DISTINCT ON (f.household_id) f.person_id, f.household_id, f.division_code, f.birth_date::text AS birth_date, f.disability_grade,
           bool_or(e.programme = 'dibao') OVER (PARTITION BY f.person_id) AS dibao, bool_or(e.programme = 'tekun') OVER (PARTITION BY f.person_id) AS tekun
    FROM registry.person_facts f JOIN payments.entitlement_periods e ON e.household_id = f.household_id AND e.programme IN ('dibao', 'tekun')
      AND e.from_month <= ${month} AND (e.to_month IS NULL OR e.to_month >= ${month})
    WHERE f.status = 'living' AND f.birth_date <= ${`${Number(today.slice(0, 4)) - 60}${today.slice(4)}`}::date
      AND (f.birth_date <= ${`${Number(today.slice(0, 4)) - 80}${today.slice(4)}`}::date OR f.disability_grade IS NOT NULL)
    ORDER BY f.household_id, md5(f.person_id::text || ':adapt')) s ORDER BY md5(person_id::text || ':adapt') LIMIT ${limit}`) as { rows: { person_id: number; household_id: number; division_code: string; birth_date: string; disability_grade: number | null; dibao: boolean; tekun: boolean }[] };
  const values = rows.map((r, i) => {
    const e = adaptationEligibility({ age: ageOn(r.birth_date, today), dibao: !!r.dibao, tekun: !!r.tekun, lowIncome: false, disabled: r.disability_grade != null, level: null });
    const year = 2022 + (i % 3);
    const appliedOn = `${year}-0${1 + (i % 8)}-0${1 + (i % 9)}`;
    const status = i < Math.round(rows.length * 0.7) ? 'accepted' : i < Math.round(rows.length * 0.89) ? 'in_progress' : 'applied';
    const items = BASIC_ITEM_KEYS.filter((_, k) => (i + k) % 3 === 0 || k === 5).slice(0, 2 + (i % 4));
    return {
      eligible: e.eligible, personId: Number(r.person_id), householdId: Number(r.household_id), divisionCode: r.division_code, items, grounds: e.grounds,
      contractor: status === 'applied' ? null : CONTRACTORS[i % CONTRACTORS.length], spendFen: status === 'accepted' ? 150000 + (i % 7) * 45000 : 0, status,
      appliedOn, startedOn: status === 'applied' ? null : `${year}-0${2 + (i % 8)}-10`, acceptedOn: status === 'accepted' ? `${year}-${String(4 + (i % 8)).padStart(2, '0')}-20` : null,
      acceptedBy: status === 'accepted' ? '乡镇民政办、村（居）委会、老人家属' : null,
    };
  }).filter((v) => v.eligible).map(({ eligible: _, ...v }) => v);
  for (let i = 0; i < values.length; i += 1000) await tx.insert(adaptations).values(values.slice(i, i + 1000));
  return values.length;
}
