// The home-services and adaptation demo on a small city with its assistance caseload: vouchers within the
// month's budget, settlements equal to their orders, 平定县's last month left to confirm, eligible homes only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, todayInChina } from '#kernel';
import { addMonths } from '#payments';
import { buildPlatform } from '../../../test/factories';
import type { Platform } from '../../../apps/server/src/platform';
import { seedDemo } from '../../registry/seed/demo.seeder';
import { seedDemoCaseloadAndReport } from '../../assistance/demo/caseload.seeder';
import { seedElderlyDemo, type ElderlyDemoResult } from '../demo/elderly.seeder';
import { settlementStatement } from './settlement.service';
import { adaptationFacts } from '../adaptation/adaptation.service';
import { adaptationEligibility } from '../adaptation/adaptation.rules';

let p: Platform;
let r: ElderlyDemoResult;
const today = todayInChina();
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await p.db.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  p = await buildPlatform();
  await seedDemo(p.db.pool, { persons: 4000, seed: 1 });
  await seedDemoCaseloadAndReport(p.db, () => {});
  r = await seedElderlyDemo(p.db, { today });
}, 300_000);
afterAll(async () => { await p?.close(); });

describe('the home-services demo', () => {
  it('has orders of every state, vouchers only for the entitled and never beyond the month budget', async () => {
    expect(r.serviceOrders).toBeGreaterThan(50);
    const states = (await q<{ status: string }>('select distinct status from elderly.service_orders')).map((x) => x.status).sort();
    expect(states).toEqual(['cancelled', 'checked_in', 'completed', 'created', 'dispatched', 'rated']);
    const over = await q(`select person_id, to_char(completed_on, 'YYYY-MM') m, sum(voucher_fen) v from elderly.service_orders where completed_on is not null group by 1, 2 having sum(voucher_fen) > 10000`);
    expect(over).toEqual([]);
    const unentitled = await q(`select o.id from elderly.service_orders o where o.voucher_fen > 0 and not exists (select 1 from payments.entitlement_periods e
      where e.person_id = o.person_id and e.programme = 'elderly_service' and e.from_month <= to_char(o.completed_on, 'YYYY-MM'))`);
    expect(unentitled).toEqual([]);
    // residents of an institution (where the small city has any) have orders, flagged
    const [{ n: residents }] = await q<{ n: number }>('select count(*)::int n from elderly.admissions where discharged_on is null');
    const [{ n: flagged }] = await q<{ n: number }>('select count(*)::int n from elderly.service_orders where in_institution');
    expect(flagged > 0).toBe(residents > 0);
    expect((await q<{ n: number }>(`select count(*)::int n from elderly.service_orders where voucher_fen > 0`))[0].n).toBeGreaterThan(10);
  });

  it('settles each month as the sum of its orders, and leaves 平定县 last month to confirm', async () => {
    const bad = await q(`select s.id from elderly.voucher_settlements s join lateral (select count(*) n, sum(amount_fen) a, sum(voucher_fen) v, sum(copay_fen) c
      from elderly.service_orders o where o.settlement_id = s.id) t on true where t.n <> s.orders or t.a <> s.amount_fen or t.v <> s.voucher_fen or t.c <> s.copay_fen`);
    expect(bad).toEqual([]);
    expect((await q<{ n: number }>('select count(*)::int n from elderly.voucher_settlements'))[0].n).toBeGreaterThanOrEqual(5);
    const [pd] = await q<{ id: number }>(`select id from elderly.service_providers where division_code = '140321'`);
    const last = addMonths(today.slice(0, 7), -1);
    const s = await settlementStatement(p.db.orm, SYSTEM_ACTOR, Number(pd.id), last);
    expect(s.settled).toBeNull();
    expect(s.totals.orders).toBeGreaterThan(0);
  });

  it('adapts only homes that qualify, most of them accepted', async () => {
    expect(r.adaptations).toBeGreaterThan(0);
    const rows = await q<{ person_id: number; status: string }>('select person_id, status from elderly.adaptations');
    for (const a of rows.slice(0, 20)) expect(adaptationEligibility(await adaptationFacts(p.db.orm, Number(a.person_id), today)).eligible).toBe(true);
    expect(rows.filter((a) => a.status === 'accepted').length).toBeGreaterThan(rows.length / 2);
  });
});
