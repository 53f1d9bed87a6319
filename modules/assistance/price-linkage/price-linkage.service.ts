// Price linkage (物价补贴联动, 发改价格〔2021〕1553号): city staff record a month's price indices; a
// city administrator runs the month, which (when triggered) hands one-off 'price_linkage'
// entitlements for that month to payments, one per household, so they join that month's payroll.
import { and, asc, eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { DomainError, levelOf, notFound, recordAudit, validationFailed, type Actor, type DivisionDirectory, type Executor, type Tx } from '#kernel';
import { chinaToday, householdDetail } from '#registry';
import { isMonth, listEntitlements, setEntitlement, type Entitlement } from '#payments';
import { applications } from '../schema';
import { loadAssistanceParams } from '../calculator.service';
import { dibaoStandard } from '../dibao.rules';
import { isCoveredGroup, priceSubsidy, priceTrigger, type PriceTrigger } from '../price-linkage.rules';
import type { ExplanationStep } from '../explain';
import { priceIndices, priceLinkagePayments, priceLinkageRuns } from './price-linkage.schema';

export const PROGRAMME = 'price_linkage';
export const SOURCE_TYPE = 'price_linkage.trigger';
/** programmes whose recipients this module can find today (others of the covered list come later) */
const FINDABLE_GROUPS = ['dibao', 'tekun'] as const;

export interface PriceIndexInput { month: string; cpiPercent: string | number; foodCpiPercent: string | number; source?: string | null }

const PERCENT = /^-?\d{1,3}(\.\d)?$/;

/** '3.5' (per cent, at most one decimal) → 35 per mille, without floating point. */
export function permilleOf(percent: string | number): number | null {
  const s = String(percent).trim();
  if (!PERCENT.test(s)) return null;
  const negative = s.startsWith('-');
  const [int, frac = '0'] = s.replace('-', '').split('.');
  const v = Number(int) * 10 + Number(frac);
  return negative ? -v : v;
}

/** 35 per mille → '0.035', the decimal text the rules take. */
export function ratioOfPermille(permille: number): string {
  const digits = String(Math.abs(permille)).padStart(4, '0');
  return `${permille < 0 ? '-' : ''}${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

/** 35 → '3.5' */
export const percentText = (permille: number) => `${permille < 0 ? '-' : ''}${Math.floor(Math.abs(permille) / 10)}.${Math.abs(permille) % 10}`;

function requireCityAdmin(actor: Actor) {
  if (actor.userId === 0) return;
  if (actor.role !== 'city_admin' || levelOf(actor.divisionCode) !== 'city') {
    throw new DomainError('FORBIDDEN', '价格指数登记和价格临时补贴发放由市级管理员办理', { status: 403 });
  }
}
const cityOf = (actor: Actor) => (actor.divisionCode.length >= 4 ? actor.divisionCode.slice(0, 4) : '1403');

function checkMonth(month: string, field = 'month') {
  if (!isMonth(month)) throw validationFailed([{ field, code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' }]);
}

const lockMonth = (tx: Tx, month: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`assistance.price_linkage:${month}`}))`);

/** Records (or corrects, until the month has been run) a month's CPI and food CPI rise year on year. */
export async function recordPriceIndex(tx: Tx, actor: Actor, input: PriceIndexInput) {
  requireCityAdmin(actor);
  const errors = [];
  if (!isMonth(input.month)) errors.push({ field: 'month', code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' });
  const cpi = permilleOf(input.cpiPercent);
  const food = permilleOf(input.foodCpiPercent);
  if (cpi === null) errors.push({ field: 'cpiPercent', code: 'PERCENT_INVALID', message: 'CPI 同比涨幅应为百分数，最多一位小数，如 3.5' });
  if (food === null) errors.push({ field: 'foodCpiPercent', code: 'PERCENT_INVALID', message: '食品价格同比涨幅应为百分数，最多一位小数，如 6.2' });
  if (errors.length) throw validationFailed(errors);
  await lockMonth(tx, input.month);
  const [before] = await tx.select().from(priceIndices).where(eq(priceIndices.month, input.month));
  if (before && before.cpiPermille === cpi && before.foodCpiPermille === food) return { index: before, changed: false };
  const [run] = await tx.select({ month: priceLinkageRuns.month }).from(priceLinkageRuns).where(eq(priceLinkageRuns.month, input.month));
  if (run) throw new DomainError('PRICE_LINKAGE_ALREADY_RUN', `${input.month} 的价格临时补贴已按原指数发放，不能再修改该月指数`, { status: 409 });
  const values = {
    month: input.month, cpiPermille: cpi!, foodCpiPermille: food!, source: input.source?.trim() || null,
    recordedBy: actor.userId || null, recordedByName: actor.displayName, recordedAt: new Date(),
  };
  const [row] = await tx.insert(priceIndices).values(values)
    .onConflictDoUpdate({ target: priceIndices.month, set: { ...values, month: undefined } }).returning();
  await recordAudit(tx, actor, {
    action: before ? 'assistance.price_index.corrected' : 'assistance.price_index.recorded', entityType: 'price_index', entityId: input.month,
    divisionCode: cityOf(actor),
    before: before ? { cpiPermille: before.cpiPermille, foodCpiPermille: before.foodCpiPermille } : undefined,
    after: { cpiPermille: row.cpiPermille, foodCpiPermille: row.foodCpiPermille, source: row.source },
  });
  return { index: row, changed: true };
}

export interface CoveredPerson { personId: number; name: string; group: string; standardFen: number; amountFen: number }
export interface HouseholdSubsidy { householdId: number; divisionCode: string; headName: string | null; persons: CoveredPerson[]; amountFen: number; entitlementId: number | null }

export type RunOutcome =
  | { month: string; triggered: false; message: string; unmet: ExplanationStep[] }
  | { month: string; triggered: true; index: 'cpi' | 'foodCpi'; rise: string; households: number; persons: number; totalFen: number; changed: number; revision: number; explanation: ExplanationStep[] };

const activeAll = (rows: Entitlement[], programme: string, month: string) =>
  rows.filter((e) => e.programme === programme && !e.withdrawnAt && e.fromMonth <= month && (e.toMonth ?? '9999-12') >= month && e.monthlyAmountFen > 0);

/**
 * Runs the month: not triggered → which thresholds were not met, nothing written. Triggered → for
 * every household with an active dibao (or tekun) entitlement that month, each covered person gets
 * their dibao standard × the rise, rounded by parameter; the household's sum becomes a one-off
 * entitlement for that month. Running again recomputes and changes only what differs.
 */
export async function runPriceLinkage(tx: Tx, deps: { divisions: DivisionDirectory }, actor: Actor, month: string): Promise<RunOutcome> {
  requireCityAdmin(actor);
  checkMonth(month);
  await lockMonth(tx, month);
  const [index] = await tx.select().from(priceIndices).where(eq(priceIndices.month, month));
  if (!index) throw new DomainError('PRICE_INDEX_MISSING', `尚未登记 ${month} 的价格指数，请先登记 CPI 和食品价格同比涨幅`, { status: 422 });
  const cityParams = await loadAssistanceParams(tx, cityOf(actor), month);
  const trigger = priceTrigger({ cpi: ratioOfPermille(index.cpiPermille), foodCpi: ratioOfPermille(index.foodCpiPermille) }, cityParams);
  if (!trigger.triggered) {
    return {
      month, triggered: false, unmet: trigger.explanation,
      message: `${month} 未触发价格临时补贴联动机制：${trigger.explanation.map((s) => s.text).join('；')}`,
    };
  }
  const households = await coveredHouseholds(tx, deps, actor, month, trigger);
  const [previousRun] = await tx.select().from(priceLinkageRuns).where(eq(priceLinkageRuns.month, month));
  let changed = 0;
  for (const h of households) {
    const { entitlement, changed: c } = await setEntitlement(tx, actor, {
      programme: PROGRAMME, householdId: h.householdId, divisionCode: h.divisionCode, monthlyAmountFen: h.amountFen,
      fromMonth: month, toMonth: month, sourceType: SOURCE_TYPE, sourceId: month,
      reason: `${month} 价格临时补贴：${h.persons.length} 人，按${trigger.index === 'cpi' ? ' CPI' : '食品价格'}同比涨幅 ${percentText(trigger.index === 'cpi' ? index.cpiPermille : index.foodCpiPermille)}% 计发`,
    });
    h.entitlementId = entitlement.id;
    if (c) changed++;
  }
  await tx.delete(priceLinkagePayments).where(eq(priceLinkagePayments.month, month));
  if (households.length) {
    await tx.insert(priceLinkagePayments).values(households.map((h) => ({
      month, householdId: h.householdId, divisionCode: h.divisionCode, headName: h.headName, persons: h.persons, amountFen: h.amountFen, entitlementId: h.entitlementId,
    })));
  }
  const persons = households.reduce((s, h) => s + h.persons.length, 0);
  const totalFen = households.reduce((s, h) => s + h.amountFen, 0);
  const run = {
    month, indexUsed: trigger.index!, rise: trigger.rise!, households: households.length, persons, totalFen, explanation: trigger.explanation,
    revision: (previousRun?.revision ?? 0) + 1, ranBy: actor.userId || null, ranByName: actor.displayName, ranAt: new Date(),
  };
  await tx.insert(priceLinkageRuns).values(run).onConflictDoUpdate({ target: priceLinkageRuns.month, set: { ...run, month: undefined } });
  await recordAudit(tx, actor, {
    action: 'assistance.price_linkage.run', entityType: 'price_linkage_run', entityId: month, divisionCode: cityOf(actor),
    before: previousRun ? { households: previousRun.households, totalFen: previousRun.totalFen, revision: previousRun.revision } : undefined,
    after: { index: trigger.index, rise: trigger.rise, households: households.length, persons, totalFen, changed, revision: run.revision },
  });
  return { month, triggered: true, index: trigger.index!, rise: trigger.rise!, households: households.length, persons, totalFen, changed, revision: run.revision, explanation: trigger.explanation };
}

/** The households paid for `month`: enrolled by an approved application and paid that month. */
async function coveredHouseholds(tx: Tx, deps: { divisions: DivisionDirectory }, actor: Actor, month: string, trigger: PriceTrigger): Promise<HouseholdSubsidy[]> {
  const candidates = await tx.selectDistinct({ householdId: applications.householdId, programme: applications.programme, applicantPersonId: applications.applicantPersonId })
    .from(applications)
    .where(and(eq(applications.decision, 'approved'), like(applications.divisionCode, `${actor.divisionCode}%`)))
    .orderBy(asc(applications.householdId));
  const byHousehold = new Map<number, typeof candidates>();
  for (const c of candidates) {
    if (!(FINDABLE_GROUPS as readonly string[]).includes(c.programme)) continue;
    byHousehold.set(c.householdId, [...(byHousehold.get(c.householdId) ?? []), c]);
  }
  const paramsCache = new Map<string, Awaited<ReturnType<typeof loadAssistanceParams>>>();
  const paramsOf = async (divisionCode: string) => {
    if (!paramsCache.has(divisionCode)) paramsCache.set(divisionCode, await loadAssistanceParams(tx, divisionCode, month));
    return paramsCache.get(divisionCode)!;
  };
  const out: HouseholdSubsidy[] = [];
  for (const [householdId, apps] of byHousehold) {
    const rows = await listEntitlements(tx, actor, householdId);
    const hh = await householdDetail(tx, { divisions: deps.divisions, today: chinaToday }, actor, householdId);
    const p = await paramsOf(hh.divisionCode);
    const { standardFen } = dibaoStandard(hh.urbanRural as 'urban' | 'rural', p, month);
    const { amountFen: perPerson } = priceSubsidy(standardFen, trigger, p);
    const living = hh.members.filter((m) => m.status !== 'deceased');
    const persons = new Map<number, CoveredPerson>();
    let divisionCode = hh.divisionCode;
    for (const group of FINDABLE_GROUPS) {
      const active = activeAll(rows, group, month);
      if (active.length === 0 || !isCoveredGroup(group, p)) continue;
      divisionCode = active[0].divisionCode;
      // dibao is paid to the household: every member is covered; tekun to each supported person (or the applicant).
      const supported = new Set(active.map((e) => e.personId ?? apps.find((a) => a.programme === 'tekun')?.applicantPersonId));
      const who = group === 'dibao' ? living : living.filter((m) => supported.has(m.personId));
      for (const m of who) if (!persons.has(m.personId)) persons.set(m.personId, { personId: m.personId, name: m.name, group, standardFen, amountFen: perPerson });
    }
    if (persons.size === 0 || perPerson === 0) continue;
    const list = [...persons.values()];
    out.push({ householdId, divisionCode, headName: hh.head?.name ?? null, persons: list, amountFen: list.reduce((s, x) => s + x.amountFen, 0), entitlementId: null });
  }
  return out;
}

/** The month's run and its households within the actor's jurisdiction. */
export async function priceLinkageMonth(exec: Executor, actor: Actor, month: string) {
  checkMonth(month);
  const [index] = await exec.select().from(priceIndices).where(eq(priceIndices.month, month));
  const [run] = await exec.select().from(priceLinkageRuns).where(eq(priceLinkageRuns.month, month));
  if (!index && !run) throw notFound(`${month} 的价格临时补贴`, 'PRICE_LINKAGE_NOT_FOUND');
  const households = await exec.select().from(priceLinkagePayments)
    .where(and(eq(priceLinkagePayments.month, month), like(priceLinkagePayments.divisionCode, `${actor.divisionCode}%`)))
    .orderBy(asc(priceLinkagePayments.divisionCode), asc(priceLinkagePayments.householdId));
  return {
    month,
    index: index ? { cpiPercent: percentText(index.cpiPermille), foodCpiPercent: percentText(index.foodCpiPermille), recordedAt: index.recordedAt, recordedBy: index.recordedByName } : null,
    run: run ? { index: run.indexUsed, rise: run.rise, revision: run.revision, ranAt: run.ranAt, ranBy: run.ranByName, explanation: run.explanation } : null,
    households: households.map((h) => ({ householdId: h.householdId, divisionCode: h.divisionCode, headName: h.headName, persons: h.persons as CoveredPerson[], amountFen: h.amountFen, entitlementId: h.entitlementId })),
    totalFen: households.reduce((s, h) => s + h.amountFen, 0),
    persons: households.reduce((s, h) => s + (h.persons as unknown[]).length, 0),
  };
}

/** The month's households as a workbook: one row per household, names of the persons covered. */
export async function priceLinkageWorkbook(exec: Executor, actor: Actor, divisions: DivisionDirectory, month: string): Promise<{ fileName: string; buffer: Buffer; rows: number }> {
  const m = await priceLinkageMonth(exec, actor, month);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`价格临时补贴${month}`);
  ws.columns = [
    { header: '序号', key: 'n', width: 6 }, { header: '区划', key: 'division', width: 36 }, { header: '户主', key: 'head', width: 12 },
    { header: '家庭编号', key: 'householdId', width: 10 }, { header: '补贴人数', key: 'persons', width: 10 },
    { header: '补贴人员', key: 'names', width: 30 }, { header: '每人标准（元）', key: 'perPerson', width: 14 }, { header: '合计（元）', key: 'amount', width: 12 },
  ];
  const yuanText = (fen: number) => (fen / 100).toFixed(2);
  m.households.forEach((h, i) => ws.addRow({
    n: i + 1, division: divisions.fullName(h.divisionCode, 3) ?? h.divisionCode, head: h.headName ?? '', householdId: h.householdId,
    persons: h.persons.length, names: h.persons.map((p) => p.name).join('、'),
    perPerson: [...new Set(h.persons.map((p) => yuanText(p.amountFen)))].join(' / '), amount: yuanText(h.amountFen),
  }));
  ws.addRow({ n: '合计', persons: m.persons, amount: yuanText(m.totalFen) });
  ws.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `价格临时补贴-${month}.xlsx`, buffer, rows: m.households.length };
}
