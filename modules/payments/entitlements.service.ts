// 待遇 and 调整: what programmes hand to payments. Entitlement periods are never rewritten: a change
// closes the current period and opens the next; a period replaced before it began is withdrawn.
import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { type Actor, type AuditEntry, type Executor, type FieldError, type Tx, DomainError, forbidden, inScope, recordAudit, recordAuditBatch } from '#kernel';
import { paymentAccounts } from '#registry';
import { adjustments, entitlements, payrollRuns } from './schema';
import { accountInScope, lockKey, LOCK_ENTITLEMENT } from './payments.context';
import { canPay } from './payments.access';
import { entitlementNotFound, householdNotFound, invalid, monthSigned } from './payments.errors';
import { isMonth, nextMonth, previousMonth } from './months';
import { PROGRAMME_KEY } from './programmes';

export type Entitlement = typeof entitlements.$inferSelect;
export type Adjustment = typeof adjustments.$inferSelect;

export interface EntitlementInput {
  programme: string;
  householdId: number;
  personId?: number | null;
  divisionCode: string;
  monthlyAmountFen: number;
  fromMonth: string;
  /** inclusive; omitted = until stopped. fromMonth = toMonth is a one-off for that month. */
  toMonth?: string | null;
  reason: string;
  /** what decided it: 'assistance.case', 'price_linkage.trigger'… */
  sourceType: string;
  sourceId: string | number;
}

export interface StopInput {
  programme: string;
  householdId: number;
  personId?: number | null;
  /** the last month paid */
  lastMonth: string;
  reason: string;
}

export interface AdjustmentInput {
  householdId: number;
  programme: string;
  month: string;
  /** may be negative (recovery of an overpayment) */
  amountFen: number;
  reason: string;
}

const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

function checkCommon(errors: FieldError[], v: { programme: unknown; householdId: unknown; personId?: unknown; reason: unknown }) {
  if (typeof v.programme !== 'string' || !PROGRAMME_KEY.test(v.programme)) {
    errors.push({ field: 'programme', code: 'PROGRAMME_INVALID', message: '项目代码应为小写字母、数字和下划线，例如 dibao' });
  }
  if (!Number.isSafeInteger(v.householdId) || (v.householdId as number) <= 0) errors.push({ field: 'householdId', code: 'HOUSEHOLD_ID_INVALID', message: '家庭编号无效' });
  if (v.personId != null && (!Number.isSafeInteger(v.personId) || (v.personId as number) <= 0)) errors.push({ field: 'personId', code: 'PERSON_ID_INVALID', message: '人员编号无效' });
  if (!text(v.reason, 500)) errors.push({ field: 'reason', code: 'REASON_REQUIRED', message: '请填写原因（500字以内）' });
}

const monthError = (field: string): FieldError => ({ field, code: 'MONTH_INVALID', message: '月份格式应为 YYYY-MM' });

function validateEntitlement(input: EntitlementInput) {
  const errors: FieldError[] = [];
  checkCommon(errors, input);
  if (typeof input.divisionCode !== 'string' || !/^\d{6,12}$/.test(input.divisionCode)) errors.push({ field: 'divisionCode', code: 'DIVISION_INVALID', message: '区划代码应为6至12位数字' });
  if (!Number.isSafeInteger(input.monthlyAmountFen) || input.monthlyAmountFen < 0) errors.push({ field: 'monthlyAmountFen', code: 'AMOUNT_INVALID', message: '月发放金额应为不小于零的整数（分）' });
  if (!isMonth(input.fromMonth)) errors.push(monthError('fromMonth'));
  if (input.toMonth != null && !isMonth(input.toMonth)) errors.push(monthError('toMonth'));
  else if (input.toMonth != null && isMonth(input.fromMonth) && input.toMonth < input.fromMonth) errors.push({ field: 'toMonth', code: 'MONTH_RANGE_INVALID', message: '截止月份不能早于起始月份' });
  if (!text(input.sourceType, 60)) errors.push({ field: 'sourceType', code: 'SOURCE_REQUIRED', message: '请注明待遇来源' });
  if (input.sourceId == null || String(input.sourceId).length === 0) errors.push({ field: 'sourceId', code: 'SOURCE_REQUIRED', message: '请注明待遇来源编号' });
  if (errors.length) throw invalid(errors);
}

const keyOf = (programme: string, householdId: number, personId: number | null | undefined) =>
  `${programme}:${householdId}:${personId ?? ''}`;

const keyCondition = (programme: string, householdId: number, personId: number | null | undefined) => and(
  eq(entitlements.householdId, householdId),
  eq(entitlements.programme, programme),
  personId == null ? isNull(entitlements.personId) : eq(entitlements.personId, personId),
  isNull(entitlements.withdrawnAt),
);

/** Refuses a change that takes effect in (or before) a month whose payroll the county has signed. */
export async function assertMonthOpen(exec: Executor, divisionCode: string, month: string): Promise<void> {
  const [signed] = await exec.select({ month: payrollRuns.month }).from(payrollRuns)
    .where(and(eq(payrollRuns.countyCode, divisionCode.slice(0, 6)), eq(payrollRuns.status, 'signed'), gte(payrollRuns.month, month)))
    .orderBy(asc(payrollRuns.month)).limit(1);
  if (signed) throw monthSigned(signed.month);
}

function requireWriter(actor: Actor, divisionCode: string) {
  if (!canPay(actor, 'payments:adjust') && actor.role !== 'township_caseworker') throw forbidden();
  if (!inScope(actor, divisionCode)) throw new DomainError('DIVISION_OUT_OF_SCOPE', '该区划不在您的管辖范围内', { status: 403 });
}

/**
 * Sets what a household (or one person in it) receives of a programme from `fromMonth`: the period
 * in force is closed at the month before, periods that had not begun are withdrawn, and the new one
 * opens. Setting what is already in force changes nothing (event handlers may call twice).
 */
export async function setEntitlement(tx: Tx, actor: Actor, input: EntitlementInput): Promise<{ entitlement: Entitlement; changed: boolean }> {
  validateEntitlement(input);
  requireWriter(actor, input.divisionCode);
  const personId = input.personId ?? null;
  const toMonth = input.toMonth ?? null;
  await accountInScope(tx, actor, input.householdId);
  await lockKey(tx, LOCK_ENTITLEMENT, keyOf(input.programme, input.householdId, personId));
  const periods = await tx.select().from(entitlements)
    .where(keyCondition(input.programme, input.householdId, personId)).orderBy(asc(entitlements.fromMonth));
  const ends = (p: Entitlement) => p.toMonth ?? '9999-12';
  const covering = periods.find((p) => p.fromMonth <= input.fromMonth && ends(p) >= input.fromMonth);
  if (covering && covering.monthlyAmountFen === input.monthlyAmountFen && covering.toMonth === toMonth && covering.divisionCode === input.divisionCode) {
    return { entitlement: covering, changed: false };
  }
  await assertMonthOpen(tx, input.divisionCode, input.fromMonth);
  const newEnd = toMonth ?? '9999-12';
  const overlapping = periods.filter((p) => p.fromMonth <= newEnd && ends(p) >= input.fromMonth);
  if (overlapping.some((p) => ends(p) > newEnd)) {
    throw new DomainError('ENTITLEMENT_OVERLAP', '该期间与此后仍在发放的待遇重叠：请先停发或从截止月份之后另行设置', { status: 409 });
  }
  const now = new Date();
  const closed: number[] = [];
  const withdrawn: number[] = [];
  for (const p of overlapping) {
    if (p.fromMonth < input.fromMonth) {
      await tx.update(entitlements).set({ toMonth: previousMonth(input.fromMonth), closedAt: now }).where(eq(entitlements.id, p.id));
      closed.push(p.id);
    } else {
      await tx.update(entitlements).set({ withdrawnAt: now }).where(eq(entitlements.id, p.id));
      withdrawn.push(p.id);
    }
  }
  const [row] = await tx.insert(entitlements).values({
    programme: input.programme, householdId: input.householdId, personId, divisionCode: input.divisionCode,
    monthlyAmountFen: input.monthlyAmountFen, fromMonth: input.fromMonth, toMonth, reason: input.reason.trim(),
    sourceType: input.sourceType, sourceId: String(input.sourceId), createdBy: actor.userId || null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'entitlement.set', entityType: 'entitlement', entityId: row.id, divisionCode: row.divisionCode, reason: row.reason,
    before: overlapping.length ? overlapping.map((p) => ({ id: p.id, monthlyAmountFen: p.monthlyAmountFen, fromMonth: p.fromMonth, toMonth: p.toMonth })) : undefined,
    after: { programme: row.programme, householdId: row.householdId, personId, monthlyAmountFen: row.monthlyAmountFen, fromMonth: row.fromMonth, toMonth, closed, withdrawn, source: `${row.sourceType}:${row.sourceId}` },
  });
  return { entitlement: row, changed: true };
}

/** Rows per multi-row statement: PostgreSQL takes at most 65,535 parameters in one. */
const CHUNK = 1_000;
/** A PostgreSQL array literal of keys, months or ids (none contains a quote or a backslash). */
const pgArray = (xs: (string | number)[]) => `{${xs.map((x) => `"${x}"`).join(',')}}`;

/**
 * setEntitlement for many keys at once (enrolments, imports): the same validation, scope checks,
 * locks, period rules and audit entries as that many single calls, in a handful of set-based
 * statements. Each key (programme, household, person) may appear once. Any invalid item refuses the
 * whole batch and changes nothing; field errors name the item (`3.monthlyAmountFen`).
 */
export async function setEntitlements(tx: Tx, actor: Actor, items: EntitlementInput[]): Promise<{ entitlement: Entitlement; changed: boolean }[]> {
  if (items.length === 0) return [];
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    try {
      validateEntitlement(item);
    } catch (e) {
      const fields = e instanceof DomainError ? e.errors : undefined;
      if (!fields) throw e;
      errors.push(...fields.map((f) => ({ ...f, field: `${i}.${f.field}` })));
    }
  });
  if (errors.length) throw invalid(errors);
  const keys = items.map((it) => keyOf(it.programme, it.householdId, it.personId));
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) errors.push({ field: `${i}.householdId`, code: 'ENTITLEMENT_DUPLICATE', message: '同一批次中同一家庭（人员）的同一项目只能设置一次' });
    seen.add(k);
  });
  if (errors.length) throw invalid(errors);
  for (const it of items) requireWriter(actor, it.divisionCode);
  const householdIds = [...new Set(items.map((it) => it.householdId))];
  const accounts = new Map<number, string>();
  for (let i = 0; i < householdIds.length; i += CHUNK) {
    const rows = await tx.select({ householdId: paymentAccounts.householdId, divisionCode: paymentAccounts.divisionCode })
      .from(paymentAccounts).where(inArray(paymentAccounts.householdId, householdIds.slice(i, i + CHUNK)));
    for (const r of rows) accounts.set(Number(r.householdId), r.divisionCode);
  }
  for (const id of householdIds) {
    const division = accounts.get(id);
    if (division == null || !inScope(actor, division)) throw householdNotFound();
  }
  // The same advisory locks as the single call, taken in one statement and a stable order.
  await tx.execute(sql`SELECT count(pg_advisory_xact_lock(${LOCK_ENTITLEMENT}::int, hashtext(k))) FROM (SELECT unnest(${pgArray([...keys].sort())}::text[]) AS k ORDER BY 1) s`);
  const periodsOf = new Map<string, Entitlement[]>();
  const programmes = [...new Set(items.map((it) => it.programme))];
  for (let i = 0; i < householdIds.length; i += CHUNK) {
    const rows = await tx.select().from(entitlements).where(and(
      inArray(entitlements.householdId, householdIds.slice(i, i + CHUNK)), inArray(entitlements.programme, programmes), isNull(entitlements.withdrawnAt),
    )).orderBy(asc(entitlements.fromMonth));
    for (const r of rows) {
      const k = keyOf(r.programme, r.householdId, r.personId);
      periodsOf.set(k, [...(periodsOf.get(k) ?? []), r]);
    }
  }
  const ends = (p: Entitlement) => p.toMonth ?? '9999-12';
  const results: ({ entitlement: Entitlement; changed: boolean } | undefined)[] = [];
  const changes: { i: number; overlapping: Entitlement[] }[] = [];
  items.forEach((input, i) => {
    const periods = periodsOf.get(keys[i]) ?? [];
    const toMonth = input.toMonth ?? null;
    const covering = periods.find((p) => p.fromMonth <= input.fromMonth && ends(p) >= input.fromMonth);
    if (covering && covering.monthlyAmountFen === input.monthlyAmountFen && covering.toMonth === toMonth && covering.divisionCode === input.divisionCode) {
      results[i] = { entitlement: covering, changed: false };
      return;
    }
    const newEnd = toMonth ?? '9999-12';
    changes.push({ i, overlapping: periods.filter((p) => p.fromMonth <= newEnd && ends(p) >= input.fromMonth) });
  });
  if (changes.length) {
    // Signed months of the counties concerned, from the earliest month a change takes effect.
    const counties = [...new Set(changes.map((c) => items[c.i].divisionCode.slice(0, 6)))];
    const earliest = changes.map((c) => items[c.i].fromMonth).sort()[0];
    const signed = await tx.select({ countyCode: payrollRuns.countyCode, month: payrollRuns.month }).from(payrollRuns)
      .where(and(inArray(payrollRuns.countyCode, counties), eq(payrollRuns.status, 'signed'), gte(payrollRuns.month, earliest)))
      .orderBy(asc(payrollRuns.month));
    for (const { i, overlapping } of changes) {
      const input = items[i];
      const first = signed.find((r) => r.countyCode === input.divisionCode.slice(0, 6) && r.month >= input.fromMonth);
      if (first) throw monthSigned(first.month);
      if (overlapping.some((p) => ends(p) > (input.toMonth ?? '9999-12'))) {
        throw new DomainError('ENTITLEMENT_OVERLAP', '该期间与此后仍在发放的待遇重叠：请先停发或从截止月份之后另行设置', { status: 409 });
      }
    }
    const now = new Date();
    const closing: { id: number; toMonth: string }[] = [];
    const withdrawing: number[] = [];
    for (const { i, overlapping } of changes) {
      for (const p of overlapping) {
        if (p.fromMonth < items[i].fromMonth) closing.push({ id: p.id, toMonth: previousMonth(items[i].fromMonth) });
        else withdrawing.push(p.id);
      }
    }
    for (let j = 0; j < closing.length; j += CHUNK) {
      const part = closing.slice(j, j + CHUNK);
      await tx.execute(sql`UPDATE payments.entitlements e SET to_month = v.to_month, closed_at = ${now}
        FROM unnest(${pgArray(part.map((c) => c.id))}::bigint[], ${pgArray(part.map((c) => c.toMonth))}::text[]) AS v(id, to_month) WHERE e.id = v.id`);
    }
    for (let j = 0; j < withdrawing.length; j += CHUNK) {
      await tx.update(entitlements).set({ withdrawnAt: now }).where(inArray(entitlements.id, withdrawing.slice(j, j + CHUNK)));
    }
    const inserted = new Map<string, Entitlement>();
    for (let j = 0; j < changes.length; j += CHUNK) {
      const rows = await tx.insert(entitlements).values(changes.slice(j, j + CHUNK).map(({ i }) => {
        const input = items[i];
        return {
          programme: input.programme, householdId: input.householdId, personId: input.personId ?? null, divisionCode: input.divisionCode,
          monthlyAmountFen: input.monthlyAmountFen, fromMonth: input.fromMonth, toMonth: input.toMonth ?? null, reason: input.reason.trim(),
          sourceType: input.sourceType, sourceId: String(input.sourceId), createdBy: actor.userId || null,
        };
      })).returning();
      for (const r of rows) inserted.set(keyOf(r.programme, r.householdId, r.personId), r);
    }
    const audits: AuditEntry[] = [];
    for (const { i, overlapping } of changes) {
      const row = inserted.get(keys[i])!;
      const closed = overlapping.filter((p) => p.fromMonth < row.fromMonth).map((p) => p.id);
      const withdrawn = overlapping.filter((p) => p.fromMonth >= row.fromMonth).map((p) => p.id);
      audits.push({
        action: 'entitlement.set', entityType: 'entitlement', entityId: row.id, divisionCode: row.divisionCode, reason: row.reason,
        before: overlapping.length ? overlapping.map((p) => ({ id: p.id, monthlyAmountFen: p.monthlyAmountFen, fromMonth: p.fromMonth, toMonth: p.toMonth })) : undefined,
        after: { programme: row.programme, householdId: row.householdId, personId: row.personId, monthlyAmountFen: row.monthlyAmountFen, fromMonth: row.fromMonth, toMonth: row.toMonth, closed, withdrawn, source: `${row.sourceType}:${row.sourceId}` },
      });
      results[i] = { entitlement: row, changed: true };
    }
    await recordAuditBatch(tx, actor, audits);
  }
  return results as { entitlement: Entitlement; changed: boolean }[];
}

/**
 * Stops payment after `lastMonth`, recording why (shown on next month's payroll as the stop reason).
 * Stopping what is already stopped by then changes nothing.
 */
export async function stopEntitlement(tx: Tx, actor: Actor, input: StopInput): Promise<Entitlement[]> {
  const errors: FieldError[] = [];
  checkCommon(errors, input);
  if (!isMonth(input.lastMonth)) errors.push(monthError('lastMonth'));
  if (errors.length) throw invalid(errors);
  const personId = input.personId ?? null;
  await lockKey(tx, LOCK_ENTITLEMENT, keyOf(input.programme, input.householdId, personId));
  const periods = await tx.select().from(entitlements).where(keyCondition(input.programme, input.householdId, personId));
  const visible = periods.filter((p) => inScope(actor, p.divisionCode));
  if (visible.length === 0) throw entitlementNotFound();
  requireWriter(actor, visible[0].divisionCode);
  const running = visible.filter((p) => p.toMonth == null || p.toMonth > input.lastMonth);
  if (running.length === 0) return [];
  await assertMonthOpen(tx, running[0].divisionCode, nextMonth(input.lastMonth));
  const now = new Date();
  const reason = input.reason.trim();
  const out: Entitlement[] = [];
  for (const p of running) {
    const patch = p.fromMonth > input.lastMonth
      ? { withdrawnAt: now, stopReason: reason }
      : { toMonth: input.lastMonth, stopReason: reason, closedAt: now };
    const [row] = await tx.update(entitlements).set(patch).where(eq(entitlements.id, p.id)).returning();
    out.push(row);
  }
  await recordAudit(tx, actor, {
    action: 'entitlement.stopped', entityType: 'entitlement', entityId: out[0].id, divisionCode: out[0].divisionCode, reason,
    before: running.map((p) => ({ id: p.id, fromMonth: p.fromMonth, toMonth: p.toMonth })),
    after: { programme: input.programme, householdId: input.householdId, personId, lastMonth: input.lastMonth, ids: out.map((r) => r.id) },
  });
  return out;
}

/** A household's entitlement periods (withdrawn ones included, marked), newest first. */
export async function listEntitlements(exec: Executor, actor: Actor, householdId: number): Promise<Entitlement[]> {
  await accountInScope(exec, actor, householdId);
  return exec.select().from(entitlements)
    .where(and(eq(entitlements.householdId, householdId), sql`${entitlements.divisionCode} LIKE ${actor.divisionCode + '%'}`))
    .orderBy(desc(entitlements.fromMonth), desc(entitlements.id));
}

/** 调整: a one-off amount paid (or recovered) with month M's payroll of the household's county. */
export async function addAdjustment(tx: Tx, actor: Actor, input: AdjustmentInput): Promise<Adjustment> {
  const errors: FieldError[] = [];
  checkCommon(errors, input);
  if (!isMonth(input.month)) errors.push(monthError('month'));
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen === 0) errors.push({ field: 'amountFen', code: 'AMOUNT_INVALID', message: '调整金额应为非零整数（分），追回为负数' });
  if (errors.length) throw invalid(errors);
  if (!canPay(actor, 'payments:adjust')) throw forbidden();
  const account = await accountInScope(tx, actor, input.householdId);
  await assertMonthOpen(tx, account.divisionCode, input.month);
  const [row] = await tx.insert(adjustments).values({
    householdId: input.householdId, programme: input.programme, divisionCode: account.divisionCode, month: input.month,
    amountFen: input.amountFen, reason: input.reason.trim(), createdBy: actor.userId || null,
  }).returning();
  await recordAudit(tx, actor, {
    action: 'payment.adjusted', entityType: 'adjustment', entityId: row.id, divisionCode: row.divisionCode, reason: row.reason,
    after: { householdId: row.householdId, programme: row.programme, month: row.month, amountFen: row.amountFen },
  });
  return row;
}

export async function listAdjustments(exec: Executor, actor: Actor, householdId: number): Promise<Adjustment[]> {
  await accountInScope(exec, actor, householdId);
  return exec.select().from(adjustments).where(eq(adjustments.householdId, householdId)).orderBy(desc(adjustments.month), desc(adjustments.id));
}

/** The county's latest signed payroll month, or null. */
export async function lastSignedMonth(exec: Executor, divisionCode: string): Promise<string | null> {
  const [row] = await exec.select({ month: payrollRuns.month }).from(payrollRuns)
    .where(and(eq(payrollRuns.countyCode, divisionCode.slice(0, 6)), eq(payrollRuns.status, 'signed')))
    .orderBy(desc(payrollRuns.month)).limit(1);
  return row?.month ?? null;
}

/** `month`, or the month after the county's last signed payroll when that is later: the first month a change can still take. */
export async function firstOpenMonth(exec: Executor, divisionCode: string, month: string): Promise<string> {
  const last = await lastSignedMonth(exec, divisionCode);
  return last && last >= month ? nextMonth(last) : month;
}

/**
 * What one entitlement key was paid in signed payrolls from `fromMonth` on: for each period, the months
 * of its county's signed runs that it covered, with its monthly amount.
 */
export async function paidMonths(
  exec: Executor, key: { programme: string; householdId: number; personId?: number | null }, fromMonth: string,
): Promise<{ month: string; amountFen: number; divisionCode: string }[]> {
  const periods = await exec.select().from(entitlements).where(keyCondition(key.programme, key.householdId, key.personId));
  const out: { month: string; amountFen: number; divisionCode: string }[] = [];
  for (const p of periods) {
    const start = p.fromMonth > fromMonth ? p.fromMonth : fromMonth;
    const runs = await exec.select({ month: payrollRuns.month }).from(payrollRuns).where(and(
      eq(payrollRuns.countyCode, p.divisionCode.slice(0, 6)), eq(payrollRuns.status, 'signed'), gte(payrollRuns.month, start),
      sql`${payrollRuns.month} <= ${p.toMonth ?? '9999-12'}`,
    ));
    for (const r of runs) if (p.monthlyAmountFen > 0) out.push({ month: r.month, amountFen: p.monthlyAmountFen, divisionCode: p.divisionCode });
  }
  return out.sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * A household moved: every entitlement still running follows it to `toDivisionCode` (and so to the new
 * county's payroll) from the first month neither county has signed. Amounts and end months stay.
 */
export async function moveEntitlements(tx: Tx, actor: Actor, input: { householdId: number; toDivisionCode: string; month: string; reason: string }): Promise<Entitlement[]> {
  const rows = await tx.select().from(entitlements)
    .where(and(eq(entitlements.householdId, input.householdId), isNull(entitlements.withdrawnAt)));
  const moved: Entitlement[] = [];
  for (const p of rows) {
    if (p.divisionCode === input.toDivisionCode) continue;
    const from = await firstOpenMonth(tx, input.toDivisionCode, await firstOpenMonth(tx, p.divisionCode, input.month));
    const start = p.fromMonth > from ? p.fromMonth : from;
    if (p.toMonth != null && p.toMonth < start) continue;
    const { entitlement } = await setEntitlement(tx, actor, {
      programme: p.programme, householdId: p.householdId, personId: p.personId, divisionCode: input.toDivisionCode,
      monthlyAmountFen: p.monthlyAmountFen, fromMonth: start, toMonth: p.toMonth, reason: input.reason, sourceType: p.sourceType, sourceId: p.sourceId,
    });
    moved.push(entitlement);
  }
  return moved;
}
