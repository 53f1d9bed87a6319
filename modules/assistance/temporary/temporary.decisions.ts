// Temporary-assistance grants: a one-off payment handed to payments as an entitlement for a single
// month (from = to), so it joins the next payroll the county has not signed.
import { DomainError, SYSTEM_ACTOR, findParameter, recordAudit, type Actor, type IsoDate, type Tx } from '#kernel';
import { lastSignedMonth, listEntitlements, setEntitlement } from '#payments';
import type { ApplicationRow } from '../schema';
import type { TemporaryDetails } from '../applications.schemas';
import { calculateApplication, SUBJECT_TYPE, updateApplication } from '../applications.service';
import { yuan } from '../explain';
import { advanceMonths, approvingLevelFor, oneOffMonth, type ApprovingLevel } from './temporary-procedure.rules';

export const TEMPORARY = 'temporary';

export interface Grant { kind: 'advance' | 'decision'; level: ApprovingLevel; months: number; amountFen: number; month: string; entitlementId: number | null; by: string; at: string }
type Details = TemporaryDetails & { grants?: Grant[] };

const detailsOf = (app: ApplicationRow) => app.details as Details;
const granted = (app: ApplicationRow) => (detailsOf(app).grants ?? []).reduce((a, g) => a + g.amountFen, 0);

async function caps(tx: Tx, app: ApplicationRow, today: IsoDate) {
  const read = async (key: string) => {
    const v = (await findParameter(tx, key, { divisionCode: app.divisionCode, date: today }))?.value;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0) throw new DomainError('PARAMETER_MISSING', `参数 ${key} 在 ${today}（区划 ${app.divisionCode}）没有有效值，请管理员补充`, { status: 500 });
    return n;
  };
  return { townshipMax: await read('temporary.months.townshipMax'), max: await read('temporary.months.max') };
}

/** Who approves this application's request: the township within its cap, the county above it. */
export async function requiredLevel(tx: Tx, app: ApplicationRow, today: IsoDate) {
  return approvingLevelFor(detailsOf(app).months, await caps(tx, app, today));
}

/** Adds `amountFen` to the household's one-off temporary payment of the month (several grants in one month add up). */
async function payOnce(tx: Tx, actor: Actor, app: ApplicationRow, amountFen: number, month: string, reason: string) {
  const same = (await listEntitlements(tx, SYSTEM_ACTOR, app.householdId))
    .filter((e) => e.programme === TEMPORARY && !e.withdrawnAt && e.personId == null && e.fromMonth <= month && (e.toMonth ?? '9999-12') >= month);
  const already = same.reduce((a, e) => a + e.monthlyAmountFen, 0);
  const { entitlement } = await setEntitlement(tx, actor, {
    programme: TEMPORARY, householdId: app.householdId, divisionCode: app.divisionCode, monthlyAmountFen: already + amountFen,
    fromMonth: month, toMonth: month, reason, sourceType: SUBJECT_TYPE, sourceId: app.id,
  });
  return entitlement;
}

async function grant(tx: Tx, actor: Actor, app: ApplicationRow, today: IsoDate, kind: Grant['kind'], level: ApprovingLevel, months: number) {
  const month = oneOffMonth(today, await lastSignedMonth(tx, app.divisionCode));
  const calc = await calculateApplication(tx, app, month, undefined, { approvingLevel: level, months });
  const total = calc.totalAmountFen ?? 0;
  const amountFen = Math.max(0, total - granted(app));
  const label = kind === 'advance' ? '临时救助先行救助' : '临时救助';
  const entitlement = amountFen > 0
    ? await payOnce(tx, actor, app, amountFen, month, `${label}（申请第 ${app.id} 号）：${yuan(amountFen)} 元，一次性发放`)
    : null;
  const g: Grant = { kind, level, months, amountFen, month, entitlementId: entitlement?.id ?? null, by: actor.displayName, at: new Date().toISOString() };
  const grants = [...(detailsOf(app).grants ?? []), g];
  await updateApplication(tx, app.id, {
    details: { ...detailsOf(app), grants },
    ...(kind === 'decision' ? { decision: 'approved', decidedAt: new Date(), fromMonth: month, refusalReasons: null } : {}),
    calculation: calc,
  });
  await recordAudit(tx, actor, {
    action: kind === 'advance' ? 'assistance.temporary.advanced' : 'assistance.temporary.granted', entityType: SUBJECT_TYPE, entityId: app.id,
    divisionCode: app.divisionCode, after: { ...g, totalAmountFen: total, grantedBeforeFen: granted(app) },
  });
  return g;
}

/** 先行救助: the township pays an emergency at once, up to its cap; the paperwork follows. */
export async function grantAdvance(tx: Tx, actor: Actor, app: ApplicationRow, today: IsoDate) {
  const c = await caps(tx, app, today);
  return grant(tx, actor, app, today, 'advance', 'township', advanceMonths(detailsOf(app).months, c));
}

/** The decision: the amount for the months approved (capped), less what an advance already paid. */
export async function grantTemporary(tx: Tx, actor: Actor, app: ApplicationRow, today: IsoDate) {
  const need = await requiredLevel(tx, app, today);
  return grant(tx, actor, app, today, 'decision', need.level, need.months);
}

export const isEmergency = (app: ApplicationRow) => detailsOf(app).kind === 'emergency';
