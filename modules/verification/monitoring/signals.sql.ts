// Each signal as one set-based query over the registry's published views (registry.person_facts,
// registry.household_facts) and the sources' records:
// household_id, person_id, name, division_code, signal, detail. See registry.reader.ts.
import { sql, type SQL } from 'drizzle-orm';
import { parseRatio } from '#kernel';
import type { RuleSignal } from './signals';

const yuanToFenSql = (y: string | undefined, fallback: number) => Math.round(Number(y ?? fallback) * 100);

/** A near-dibao household recognised by assistance, with the month's urban and rural dibao standards (fen). */
export interface NearDibao { householdId: number; persons: number; urbanFen: number; ruralFen: number }

const householdIncome = sql`
  select sum(x.income) as income from (
    select q.person_id, coalesce(max(r.monthly_income_fen) filter (where r.kind in ('income', 'housing_fund')), 0)
           + coalesce(sum(r.monthly_income_fen) filter (where r.kind in ('pension', 'business')), 0) as income
    from registry.person_facts q join verification.source_records r on r.id_number = q.id_number and r.kind in ('income', 'housing_fund', 'pension', 'business')
    where q.household_id = p.household_id and q.status = 'living' group by q.person_id) x`;

export function signalQuery(s: RuleSignal, prefix: string, nearDibao: NearDibao[] = []): SQL {
  const area = sql`p.division_code like ${prefix + '%'}`;
  switch (s.signal) {
    case 'medical_expense': {
      const r = parseRatio(s.ratio ?? '0.5');
      const ratio = r.numerator / r.denominator;
      const min = yuanToFenSql(s.minYuan, 10000);
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'medical_expense' as signal,
               '医疗自付 ' || to_char(m.spent / 100.0, 'FM99999990') || ' 元，家庭年收入约 ' || to_char(coalesce(i.income, 0) * 12 / 100.0, 'FM99999990') || ' 元' as detail
        from (select id_number, sum(amount_fen) as spent from verification.source_records
              where kind = 'medical_expense' and (event_date is null or event_date >= (select current_date - 365))
              group by id_number having sum(amount_fen) >= ${min}) m
        -- lateral: a probe of the person's ID number for each of the few high spenders, not a hash of the city
        cross join lateral (select * from registry.person_facts p where p.id_number = m.id_number and p.status = 'living' and p.household_id is not null and ${area} limit 1) p
        left join lateral (${householdIncome}) i on true
        where m.spent >= coalesce(i.income, 0) * 12 * ${ratio}`;
    }
    case 'unemployment':
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'unemployment', p.name || ' 于 ' || coalesce(r.event_date::text, '近期') || ' 登记失业'
        from verification.source_records r join registry.person_facts p on p.id_number = r.id_number and p.status = 'living' and p.household_id is not null and ${area}
        where r.kind = 'unemployment' and (r.event_date is null or r.event_date >= current_date - 90)`;
    case 'severe_disability':
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'severe_disability', p.name || ' 于 ' || p.severe_disability_since || ' 登记为 ' || p.disability_grade || ' 级残疾'
        from registry.person_facts p
        where ${area} and p.status = 'living' and p.household_id is not null and p.severe_disability_since >= current_date - 90`;
    case 'earner_death':
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'earner_death', p.name || '（' || (extract(year from age(r.event_date, p.birth_date)))::int || ' 岁）于 ' || r.event_date || ' 死亡'
        from verification.source_records r join registry.person_facts p on p.id_number = r.id_number and p.household_id is not null and ${area}
        where r.kind = 'death' and r.event_date >= current_date - 90
          and p.birth_date <= r.event_date - interval '18 years' and p.birth_date > r.event_date - interval '60 years'
          and exists (select 1 from registry.person_facts o where o.household_id = p.household_id and o.person_id <> p.person_id and o.status = 'living')`;
    case 'elderly_alone': {
      const age = s.age ?? 80;
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'elderly_alone', p.name || ' ' || extract(year from age(p.birth_date))::int || ' 岁独居' || case when p.disability_grade in (1, 2) then '，' || p.disability_grade || ' 级残疾' else '' end
        from registry.person_facts p
        where ${area} and p.status = 'living' and p.household_id is not null
          -- the cut-off dates as sub-selects: computed once, not for each of the city's residents
          and (p.birth_date <= (select current_date - make_interval(years => ${age})) or (p.birth_date <= (select current_date - interval '70 years') and p.disability_grade in (1, 2)))
          and not exists (select 1 from registry.person_facts o where o.household_id = p.household_id and o.person_id <> p.person_id and o.status = 'living')`;
    }
    case 'near_dibao_below_standard': {
      // 国办发〔2023〕39号: a near-dibao household whose income the departments now see below the standard
      if (nearDibao.length === 0) return sql`select null::bigint, null::bigint, null::text, null::text, null::text, null::text where false`;
      const list = (k: keyof NearDibao) => `{${nearDibao.map((n) => n[k]).join(',')}}`;
      return sql`
        select p.household_id, p.person_id, p.name, p.division_code, 'near_dibao_below_standard',
               '低保边缘家庭核实月人均收入 ' || to_char(i.income / n.persons / 100.0, 'FM99999990.00') || ' 元，低于低保标准 ' || to_char(n.standard_fen / 100.0, 'FM99999990.00') || ' 元'
        from (select u.household_id, u.persons, case when h.urban_rural = 'urban' then u.urban_fen else u.rural_fen end as standard_fen
              from unnest(${list('householdId')}::bigint[], ${list('persons')}::int[], ${list('urbanFen')}::bigint[], ${list('ruralFen')}::bigint[]) as u(household_id, persons, urban_fen, rural_fen)
              join registry.household_facts h on h.household_id = u.household_id) n
        join registry.person_facts p on p.household_id = n.household_id and p.relation = '02' and p.status = 'living' and ${area}
        join lateral (${householdIncome}) i on i.income is not null
        where n.persons > 0 and i.income < n.standard_fen * n.persons`;
    }
    case 'child_unsupported':
      return sql`
        select c.household_id, c.person_id, c.name, c.division_code, 'child_unsupported', c.name || '（' || extract(year from age(c.birth_date))::int || ' 岁）父母均已死亡或重度残疾'
        from registry.person_facts c
        where ${sql.raw('c.division_code')} like ${prefix + '%'} and c.status = 'living' and c.household_id is not null
          and c.birth_date > (select current_date - interval '18 years') and (c.relation like '2%' or c.relation like '3%') and c.relation not in ('28', '38')
          and exists (select 1 from registry.person_facts g where g.household_id = c.household_id and g.relation in ('02', '10', '11', '12'))
          and not exists (select 1 from registry.person_facts g where g.household_id = c.household_id and g.relation in ('02', '10', '11', '12')
                          and g.status = 'living' and coalesce(g.disability_grade, 9) > 2)`;
  }
}
