// 居家养老服务演示数据: the city's catalogue, one contracted provider per county with its workers, older
// people of dibao and tekun households whose service subsidy was confirmed last month (paid by payments
// from this month, as a confirmation is: past payrolls are signed and stay as they are), and their orders
// over the last three months — self-paid before the subsidy, on vouchers this month. The month before
// last is settled everywhere, last month everywhere but 平定县 (its county officer confirms it). Deterministic.
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, type IsoDate, type Tx } from '#kernel';
import { addMonths, setEntitlements } from '#payments';
import { careWorkers, serviceItems, serviceOrders, serviceProviders, subsidyProposals, trainings, voucherSettlements } from '../schema';
import { loadElderlyParams } from '../parameters';
import { PROPOSAL_SUBJECT } from '../subsidies/subsidy.service';
import { COMMON_ITEMS, validCreditCode } from './catalogue.service';
import { splitVoucher } from './order.rules';

const PRICES: Record<string, number> = { meal: 1200, meal_delivery: 1500, cleaning: 3000, bathing: 6000, medical_escort: 5000, errands: 3000, rehab: 8000, companionship: 2500 };
const PROVIDERS: Record<string, string> = {
  '140302': '阳泉市城区康宁居家养老服务中心', '140303': '阳泉市矿区乐龄居家养老服务有限公司', '140311': '阳泉市郊区福康居家养老服务中心',
  '140321': '平定县冠山颐康居家养老服务中心', '140322': '盂县孝心居家养老服务有限公司',
};
/** what each order of a person's month is: item code and quantity */
const PATTERN: [string, number][] = [['meal', 8], ['cleaning', 2], ['bathing', 1], ['medical_escort', 1], ['meal_delivery', 6], ['companionship', 2]];
const WORKERS = ['张秀兰', '李桂芳', '王春梅', '赵红英'];

function creditCode(county: string, k: number): string {
  const first17 = `91${county}MA0${String(k).padStart(6, '0')}`;
  for (const c of '0123456789ABCDEFGHJKLMNPQRTUWXY') if (validCreditCode(first17 + c)) return first17 + c;
  throw new Error('no check character');
}
type PersonRow = { person_id: number; household_id: number | null; division_code: string; address: string | null };
const at = (date: string, hh: number, mm = 0) => new Date(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

export interface HomeServicesDemoResult { providers: number; entitled: number; orders: number; settlements: number }

export async function seedHomeServicesDemo(tx: Tx, today: IsoDate): Promise<HomeServicesDemoResult> {
  await tx.insert(serviceItems).values(COMMON_ITEMS.map((i) => ({ ...i, unitPriceFen: PRICES[i.code] }))).onConflictDoNothing();
  const { rows: townships } = await tx.execute(sql`SELECT code FROM kernel.divisions WHERE level = 4 ORDER BY code`) as { rows: { code: string }[] };
  const providers = await tx.insert(serviceProviders).values(Object.entries(PROVIDERS).map(([county, name], k) => ({
    name, creditCode: creditCode(county, 100 + k), divisionCode: county, townships: townships.filter((t) => t.code.startsWith(county)).map((t) => t.code),
    itemCodes: COMMON_ITEMS.map((i) => i.code), contactName: ['王经理', '刘主任', '陈站长', '郭主任', '李经理'][k], contactPhone: `1393530${String(1000 + k * 7).slice(-4)}`,
    contractFrom: `${Number(today.slice(0, 4)) - 2}-01-01`, contractTo: `${Number(today.slice(0, 4)) + 1}-12-31`,
  }))).returning();
  const byCounty = new Map(providers.map((p) => [p.divisionCode, p]));
  const workers = await tx.insert(careWorkers).values(providers.flatMap((p) => WORKERS.map((name, k) => ({
    name, divisionCode: p.divisionCode, providerId: p.id, skillLevel: ['初级', '中级', '初级', '高级'][k], certificateNo: `S00001${p.divisionCode}${String(k + 1).padStart(4, '0')}`,
    hiredOn: `${Number(today.slice(0, 4)) - 1 - (k % 3)}-03-01`,
  })))).returning({ id: careWorkers.id, providerId: careWorkers.providerId, name: careWorkers.name });
  await tx.insert(trainings).values(workers.filter((_, i) => i % 4 !== 2).map((w, i) => ({ workerId: w.id, trainedOn: `${2022 + (i % 4)}-0${3 + (i % 6)}-18`, course: '居家上门服务规范与老年人照护技能培训', hours: 24, provider: '阳泉市民政局' })));

  const month = today.slice(0, 7);
  const months = [addMonths(month, -2), addMonths(month, -1), month];
  const bornBy = `${Number(today.slice(0, 4)) - 60}${today.slice(4)}`;
  const onRoll = (m: string) => sql`EXISTS (SELECT 1 FROM payments.entitlement_periods e WHERE e.household_id = f.household_id AND e.programme IN ('dibao', 'tekun')
    AND e.from_month <= ${m} AND (e.to_month IS NULL OR e.to_month >= ${m}))`;
  const notResident = sql`NOT EXISTS (SELECT 1 FROM elderly.admissions a WHERE a.person_id = f.person_id AND a.discharged_on IS NULL)`;
  // Older people of dibao and tekun households living at home, 冠山镇 first (the demo township).
  const { rows: poor } = await tx.execute(sql`
    SELECT f.person_id, f.household_id, f.division_code, f.address FROM registry.person_facts f
    WHERE f.status = 'living' AND f.birth_date <= ${bornBy}::date AND f.household_id IS NOT NULL AND ${onRoll(months[0])} AND ${notResident}
      AND NOT EXISTS (SELECT 1 FROM elderly.subsidy_proposals s WHERE s.person_id = f.person_id AND s.programme = 'elderly_service')
    ORDER BY (f.division_code LIKE '140321100%') DESC, md5(f.person_id::text || ':voucher') LIMIT 60`) as { rows: PersonRow[] };
  const { rows: others } = await tx.execute(sql`
    SELECT f.person_id, f.household_id, f.division_code, f.address FROM registry.person_facts f
    WHERE f.status = 'living' AND f.birth_date <= ${`${Number(today.slice(0, 4)) - 75}${today.slice(4)}`}::date AND NOT ${onRoll(month)} AND ${notResident}
    ORDER BY (f.division_code LIKE '140321100%') DESC, md5(f.person_id::text || ':selfpay') LIMIT 20`) as { rows: PersonRow[] };
  const { rows: residents } = await tx.execute(sql`
    SELECT f.person_id, f.household_id, f.division_code, f.address FROM registry.person_facts f JOIN elderly.admissions a ON a.person_id = f.person_id AND a.discharged_on IS NULL
    WHERE f.status = 'living' ORDER BY (f.division_code LIKE '140321%') DESC, md5(f.person_id::text || ':resident-order') LIMIT 2`) as { rows: PersonRow[] };

  // 经济困难老年人服务补贴, confirmed last month and paid by payments from this month: the voucher entitlement.
  const entitled = poor.map((r) => ({ ...r, person_id: Number(r.person_id), household_id: Number(r.household_id) }));
  if (entitled.length) {
    const params = await loadElderlyParams(tx, '1403', today);
    const proposals = await tx.insert(subsidyProposals).values(entitled.map((r) => ({
      personId: r.person_id, householdId: r.household_id, divisionCode: r.division_code, programme: 'elderly_service', monthlyAmountFen: params.serviceSubsidy.fen,
      fromMonth: month, explanation: { reasons: ['60 周岁以上低保、特困供养对象，居家（演示数据）'], on: `${months[1]}-20` }, status: 'confirmed', decidedAt: at(`${months[1]}-25`, 9),
      decisionReason: '演示数据：已核实确认',
    }))).returning({ id: subsidyProposals.id, personId: subsidyProposals.personId });
    const proposalOf = new Map(proposals.map((p) => [p.personId, p.id]));
    await setEntitlements(tx, SYSTEM_ACTOR, entitled.map((r) => ({
      programme: 'elderly_service', householdId: r.household_id, personId: r.person_id, divisionCode: r.division_code, monthlyAmountFen: params.serviceSubsidy.fen,
      fromMonth: month, reason: '经济困难老年人服务补贴（演示数据）', sourceType: PROPOSAL_SUBJECT, sourceId: proposalOf.get(r.person_id)!,
    })));
  }

  const budget = 10000;
  const orders: (typeof serviceOrders.$inferInsert)[] = [];
  const people = [...entitled.map((r) => ({ ...r, entitled: true, resident: false })), ...others.map((r) => ({ ...r, person_id: Number(r.person_id), entitled: false, resident: false })),
    ...residents.map((r) => ({ ...r, person_id: Number(r.person_id), entitled: false, resident: true }))];
  const todayDay = Number(today.slice(8, 10));
  people.forEach((person, i) => {
    const provider = byCounty.get(person.division_code.slice(0, 6));
    if (!provider) return;
    const staff = workers.filter((w) => w.providerId === provider.id);
    months.forEach((m, mi) => {
      let used = 0;
      const current = mi === 2;
      const n = current ? 1 + (i % 3) : 2 + ((i + mi) % 3);
      for (let k = 0; k < n; k++) {
        const [code, baseQty] = PATTERN[(i + k + mi) % PATTERN.length];
        const d = Math.min(28, 2 + ((i * 3 + k * 7) % 26));
        const scheduledOn = day(m, current ? Math.min(todayDay, d) : d);
        const qty = Math.max(1, baseQty - ((i + k) % 2));
        const worker = staff[(i + k) % staff.length];
        const base = {
          personId: person.person_id, householdId: person.household_id == null ? null : Number(person.household_id), divisionCode: person.division_code,
          itemCode: code, itemName: COMMON_ITEMS.find((x) => x.code === code)!.name, unit: COMMON_ITEMS.find((x) => x.code === code)!.unit, unitPriceFen: PRICES[code],
          scheduledOn, address: person.address, inInstitution: person.resident,
        };
        // this month: the later orders are still open (created, dispatched, in service) or were cancelled
        const open = current && (scheduledOn >= today || k === n - 1);
        if (open) {
          const state = ['created', 'dispatched', 'checked_in', 'cancelled'][(i + k) % 4];
          orders.push({
            ...base, status: state, providerId: state === 'created' ? null : provider.id, workerId: state === 'created' ? null : worker.id, workerName: state === 'created' ? null : worker.name,
            dispatchedAt: state === 'created' ? null : at(scheduledOn, 8), checkedInAt: state === 'checked_in' ? at(scheduledOn, 9) : null,
            checkInPlace: state === 'checked_in' ? person.address ?? '老人家中' : null, cancelledAt: state === 'cancelled' ? at(scheduledOn, 7) : null,
            cancelReason: state === 'cancelled' ? '老人临时外出，改期' : null,
          });
          continue;
        }
        const amountFen = PRICES[code] * qty;
        const split = splitVoucher({ amountFen, entitled: person.entitled && current, inInstitution: person.resident, budgetFen: budget, usedFen: used });
        used += split.voucherFen;
        const rated = (i + k) % 5 !== 0;
        orders.push({
          ...base, status: rated ? 'rated' : 'completed', providerId: provider.id, workerId: worker.id, workerName: worker.name,
          dispatchedAt: at(scheduledOn, 8), checkedInAt: at(scheduledOn, 9), checkInPlace: person.address ?? '老人家中', completedAt: at(scheduledOn, 10, 30), completedOn: scheduledOn,
          quantity: qty, durationMinutes: 60 + ((i + k) % 4) * 15, amountFen, voucherFen: split.voucherFen, copayFen: split.copayFen,
          rating: rated ? 4 + ((i + k) % 2) : null, ratingComment: rated ? ['服务周到，很满意', '准时上门，态度好', '做得细致'][(i + k) % 3] : null, ratedAt: rated ? at(scheduledOn, 11) : null,
        });
      }
    });
  });
  for (let i = 0; i < orders.length; i += 1000) await tx.insert(serviceOrders).values(orders.slice(i, i + 1000));

  // Settlements: the month before last for every provider, last month for all but 平定县's.
  let settlements = 0;
  for (const p of providers) {
    for (const m of months.slice(0, p.divisionCode === '140321' ? 1 : 2)) {
      const { rows: [t] } = await tx.execute(sql`SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS a, coalesce(sum(voucher_fen), 0)::bigint AS v, coalesce(sum(copay_fen), 0)::bigint AS c
        FROM elderly.service_orders WHERE provider_id = ${p.id} AND status IN ('completed', 'rated') AND to_char(completed_on, 'YYYY-MM') = ${m}`) as { rows: { n: number; a: string; v: string; c: string }[] };
      if (!Number(t.n)) continue;
      const [s] = await tx.insert(voucherSettlements).values({
        providerId: p.id, divisionCode: p.divisionCode, month: m, orders: Number(t.n), amountFen: Number(t.a), voucherFen: Number(t.v), copayFen: Number(t.c),
        confirmedByName: '县民政局养老服务股', confirmedAt: at(`${addMonths(m, 1)}-05`, 10),
      }).returning();
      await tx.execute(sql`UPDATE elderly.service_orders SET settlement_id = ${s.id} WHERE provider_id = ${p.id} AND status IN ('completed', 'rated') AND to_char(completed_on, 'YYYY-MM') = ${m}`);
      settlements++;
    }
  }
  return { providers: providers.length, entitled: entitled.length, orders: orders.length, settlements };
}
