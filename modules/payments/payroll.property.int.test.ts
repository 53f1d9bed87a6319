// Property: for random households the batch payroll pays each one exactly what the single-case path
// says. The single-case path is the caseworker's preview (POST /assistance/calculate →
// calculateWithParameters: the division's parameters in force in the month, then `calculate`), followed
// by what the programme hands to payments: the decision's entitlement from its first month, a death's
// recomputation, a review's taper (100/100/80/80/60/60 %) or a stop. The batch side is one
// set-based payroll run of the county; nothing here repeats its SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SYSTEM_ACTOR, inTransaction } from '#kernel';
import { calculateWithParameters, loadAssistanceParams, taperPayment, type CalculationInput, type Member } from '#assistance';
import { buildPlatform } from '../../test/factories';
import type { Platform } from '../../apps/server/src/platform';
import { runPayroll, signPayroll } from './payroll.service';
import { setEntitlement, stopEntitlement } from './entitlements.service';
import { addMonths, previousMonth } from './months';
import { linesOf, payee } from './payments.testing';

let p: Platform;
beforeAll(async () => { p = await buildPlatform(); });
afterAll(async () => { await p?.close(); });

const COUNTY = '140321';
const VILLAGES = ['140321100201', '140321100202'];

type Event =
  | { kind: 'none' }
  | { kind: 'death'; member: number; after: number }
  | { kind: 'taper'; after: number }
  | { kind: 'stop'; after: number };

interface Story {
  programme: 'dibao' | 'tekun';
  village: number;
  urbanRural: 'urban' | 'rural';
  members: Member[];
  incomes: { member: number; kind: 'wage' | 'business' | 'transfer' | 'scholarship' | 'basic_residents_pension'; monthlyFen: number }[];
  tekun: { mode: 'home_based' | 'institutional'; careGrade: 'self_caring' | 'partly_dependent' | 'fully_dependent' };
  /** months before the payroll month that the decision's first payment month lies (0 = the month itself) */
  enrolledBefore: number;
  event: Event;
}

const member: fc.Arbitrary<Member> = fc.record({
  age: fc.integer({ min: 0, max: 95 }),
  disability: fc.option(fc.record({
    kind: fc.constantFrom('physical', 'visual', 'intellectual', 'psychiatric', 'multiple' as const),
    grade: fc.integer({ min: 1, max: 4 }),
  }), { nil: undefined }),
  seriousIllness: fc.boolean(),
  schooling: fc.constantFrom(undefined, 'primary', 'junior_secondary', 'senior_secondary', 'higher' as const),
  workCapacity: fc.constantFrom(undefined, 'full', 'partial', 'none' as const),
}).map(({ disability, seriousIllness, schooling, workCapacity, age }) => ({
  age,
  ...(disability ? { disabilityKind: disability.kind, disabilityGrade: disability.grade } : {}),
  ...(seriousIllness ? { seriousIllness } : {}),
  ...(schooling && age >= 6 && age <= 24 ? { schooling } : {}),
  ...(workCapacity ? { workCapacity } : {}),
}));

const story: fc.Arbitrary<Story> = fc.record({
  programme: fc.constantFrom('dibao', 'dibao', 'dibao', 'tekun' as const),
  village: fc.integer({ min: 0, max: VILLAGES.length - 1 }),
  urbanRural: fc.constantFrom('urban', 'rural' as const),
  members: fc.array(member, { minLength: 1, maxLength: 5 }),
  incomes: fc.array(fc.record({
    member: fc.nat(4),
    kind: fc.constantFrom('wage', 'business', 'transfer', 'scholarship', 'basic_residents_pension' as const),
    monthlyFen: fc.integer({ min: 0, max: 150_000 }),
  }), { maxLength: 4 }),
  tekun: fc.record({
    mode: fc.constantFrom('home_based', 'institutional' as const),
    careGrade: fc.constantFrom('self_caring', 'partly_dependent', 'fully_dependent' as const),
  }),
  enrolledBefore: fc.integer({ min: 0, max: 3 }),
  event: fc.oneof(
    fc.constant<Event>({ kind: 'none' }),
    fc.record({ kind: fc.constant('death' as const), member: fc.nat(4), after: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('taper' as const), after: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('stop' as const), after: fc.integer({ min: 1, max: 3 }) }),
  ),
}).map((s) => {
  // 特困 is one person (the applicant) with no income counted here; dibao keeps the household.
  const members = s.programme === 'tekun' ? [{ ...s.members[0], age: Math.max(s.members[0].age, 60) }] : s.members;
  const incomes = s.incomes.filter((i) => i.member < members.length);
  const event = s.event.kind === 'death' && (s.programme === 'tekun' || s.event.member >= members.length) ? { kind: 'none' as const } : s.event;
  return { ...s, members, incomes, event };
});

/** The caseworker's preview for this household as it stands in `month`. */
function previewInput(s: Story, members: Member[], incomes: Story['incomes'], month: string): CalculationInput {
  return {
    programme: s.programme, divisionCode: VILLAGES[s.village], urbanRural: s.urbanRural, month, members, incomes,
    ...(s.programme === 'tekun' ? { tekun: { mode: s.tekun.mode, careGrade: s.tekun.careGrade, supporters: [] } } : {}),
  };
}
const preview = (input: CalculationInput) => calculateWithParameters(p.db.orm, input);

/** What one household receives in each month, from the single-case path: month → fen, absent = nothing due. */
type Schedule = Map<string, number>;

/**
 * Hands the story to payments as the programmes do and returns the single-case schedule up to
 * `last`. An ineligible household is refused and gets nothing.
 */
async function handOver(s: Story, householdId: number, last: string): Promise<Schedule> {
  const schedule: Schedule = new Map();
  const divisionCode = VILLAGES[s.village];
  const base = { programme: s.programme, householdId, divisionCode, sourceType: 'property_test', sourceId: householdId };
  const months = (from: string, to: string) => { const out = []; for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m); return out; };
  const enrolFrom = addMonths(last, -s.enrolledBefore);
  const decided = await preview(previewInput(s, s.members, s.incomes, enrolFrom));
  if (!decided.eligible || decided.monthlyAmountFen <= 0) return schedule; // 不予纳入: nothing handed over
  await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, { ...base, monthlyAmountFen: decided.monthlyAmountFen, fromMonth: enrolFrom, reason: '审批纳入' }));
  for (const m of months(enrolFrom, last)) schedule.set(m, decided.monthlyAmountFen);
  const e = s.event;
  if (e.kind === 'none') return schedule;
  const at = addMonths(enrolFrom, e.after);
  if (at > last) return schedule;
  const later = months(at, last);
  if (e.kind === 'stop') {
    await inTransaction(p.db, (tx) => stopEntitlement(tx, SYSTEM_ACTOR, { programme: s.programme, householdId, lastMonth: previousMonth(at), reason: '家庭收入超过标准' }));
    for (const m of later) schedule.delete(m);
  } else if (e.kind === 'death') {
    // the member's share stops: the household recomputed without them from `at`, or stopped if none is left or it no longer qualifies
    const members = s.members.filter((_, i) => i !== e.member);
    const incomes = s.incomes.filter((i) => i.member !== e.member).map((i) => ({ ...i, member: i.member > e.member ? i.member - 1 : i.member }));
    const again = members.length ? await preview(previewInput(s, members, incomes, at)) : null;
    if (!again || !again.eligible || again.monthlyAmountFen <= 0) {
      await inTransaction(p.db, (tx) => stopEntitlement(tx, SYSTEM_ACTOR, { programme: s.programme, householdId, lastMonth: previousMonth(at), reason: '家庭成员死亡' }));
      for (const m of later) schedule.delete(m);
    } else {
      await inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, { ...base, monthlyAmountFen: again.monthlyAmountFen, fromMonth: at, reason: '家庭成员死亡，重新核定' }));
      for (const m of later) schedule.set(m, again.monthlyAmountFen);
    }
  } else {
    // 渐退: each month of the taper is its own period at the schedule's share of the last amount, then a stop
    const params = await loadAssistanceParams(p.db.orm, divisionCode, at);
    const maxMonths = params.values['dibao.taper.maxMonths'] ?? 0;
    await inTransaction(p.db, async (tx) => {
      await stopEntitlement(tx, SYSTEM_ACTOR, { programme: s.programme, householdId, lastMonth: previousMonth(at), reason: '收入超过标准，进入渐退期' });
      for (let k = 1; k <= maxMonths; k++) {
        const m = addMonths(at, k - 1);
        await setEntitlement(tx, SYSTEM_ACTOR, { ...base, monthlyAmountFen: taperPayment(decided.monthlyAmountFen, k, params), fromMonth: m, toMonth: m, reason: `渐退期第 ${k} 个月` });
      }
    });
    for (const m of later) {
      const k = months(at, m).length;
      if (k <= maxMonths) schedule.set(m, taperPayment(decided.monthlyAmountFen, k, params));
      else schedule.delete(m);
    }
  }
  return schedule;
}

const changeOf = (before: number | undefined, now: number | undefined) =>
  now === undefined ? 'stopped' : before === undefined ? 'new' : before === now ? 'unchanged' : 'changed';

// Each sample gets months of its own, later than any signed before it.
let round = 0;

describe('batch payroll = single-case calculation (property)', () => {
  it('pays every random household what the caseworker preview and its decisions say, and marks the change against last month', async () => {
    await fc.assert(fc.asyncProperty(fc.array(story, { minLength: 1, maxLength: 6 }), async (stories) => {
      const month = addMonths('2022-06', 8 * round++);
      const prev = previousMonth(month);
      const households = [];
      for (const s of stories) {
        const h = await payee(p, VILLAGES[s.village], 1);
        households.push({ s, householdId: h.householdId, schedule: await handOver(s, h.householdId, month) });
      }
      const before = await runPayroll(p.db, SYSTEM_ACTOR, { month: prev, countyCode: COUNTY });
      await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, before.runId));
      const now = await runPayroll(p.db, SYSTEM_ACTOR, { month, countyCode: COUNTY });
      const lines = await linesOf(p, now.runId);
      for (const { s, householdId, schedule } of households) {
        const line = lines.find((l) => l.household_id === householdId && l.programme === s.programme);
        const expected = schedule.get(month);
        const previous = schedule.get(prev);
        if (expected === undefined && previous === undefined) {
          expect(line, `household ${householdId}: nothing due in ${prev} or ${month}`).toBeUndefined();
          continue;
        }
        expect(line, `household ${householdId} (${JSON.stringify(s)})`).toMatchObject({
          amount_fen: expected ?? 0, entitlement_fen: expected ?? 0, adjustment_fen: 0,
          change: changeOf(previous, expected), previous_amount_fen: previous ?? null,
          hold_reason: expected === undefined ? null : expected > 0 ? null : '本月应发金额不大于零',
        });
      }
    }), { numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) });
  }, 600_000);
});
