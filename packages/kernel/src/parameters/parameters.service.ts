import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { addDays, toDayNumber, type IsoDate } from '../calendar/dates';
import { parameters } from './schema';
import { parametersChanged } from './parameters.cache';

export type ParameterRow = typeof parameters.$inferSelect;

/** A value in force together with the row it came from, so a rule can explain where it got it. */
export interface ResolvedParameter<T = unknown> {
  key: string;
  value: T;
  row: ParameterRow;
}

export interface ParameterQuery {
  /** the case's division (any level); '' or omitted = only nationwide values apply */
  divisionCode?: string | null;
  /** the date the value must be in force on, 'YYYY-MM-DD' */
  date: IsoDate;
}

const KEY_PATTERN = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;
const DIVISION_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/;

const invalid = (field: string, code: string, message: string) =>
  new DomainError('VALIDATION_FAILED', message, { status: 422, errors: [{ field, code, message }] });

function checkKey(key: string): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw invalid('key', 'PARAMETER_KEY_INVALID', `参数名“${String(key)}”无效（应为 dibao.standard.urban 这样的点分小写名称）`);
  }
  return key;
}

function checkDivision(code: string | null | undefined): string {
  const c = code ?? '';
  if (!DIVISION_PATTERN.test(c)) throw invalid('divisionCode', 'DIVISION_CODE_INVALID', `区划代码“${c}”无效`);
  return c;
}

/** The most specific value in force, or null when none is set for that division and date. */
export async function findParameter<T = unknown>(
  exec: Executor,
  key: string,
  q: ParameterQuery,
): Promise<ResolvedParameter<T> | null> {
  checkKey(key);
  const division = checkDivision(q.divisionCode);
  toDayNumber(q.date);
  const [row] = await exec
    .select()
    .from(parameters)
    .where(
      and(
        eq(parameters.key, key),
        lte(parameters.effectiveFrom, q.date),
        or(isNull(parameters.effectiveTo), gte(parameters.effectiveTo, q.date)),
        sql`starts_with(${division}::text, ${parameters.divisionCode})`,
      ),
    )
    .orderBy(sql`length(${parameters.divisionCode}) desc`)
    .limit(1);
  return row ? { key, value: row.value as T, row } : null;
}

/** Like findParameter, but a missing value is an error the administrator must fix. */
export async function getParameter<T = unknown>(exec: Executor, key: string, q: ParameterQuery): Promise<ResolvedParameter<T>> {
  const found = await findParameter<T>(exec, key, q);
  if (!found) throw notConfigured(key, q);
  return found;
}

function notConfigured(key: string, q: ParameterQuery): DomainError {
  const where = q.divisionCode ? `区划 ${q.divisionCode}` : '全国';
  return new DomainError('PARAMETER_NOT_SET', `参数 ${key} 在 ${q.date}（${where}）没有设定值，请管理员补充`, {
    status: 422,
    detail: JSON.stringify({ key, ...q }),
  });
}

/** Every value of a few keys in force on one date, resolved per division in memory (for batch work). */
export class ParameterTable {
  private readonly byKey = new Map<string, Map<string, ParameterRow>>();
  private readonly lengths = new Map<string, number[]>();

  constructor(readonly date: IsoDate, rows: readonly ParameterRow[]) {
    for (const r of rows) {
      let m = this.byKey.get(r.key);
      if (!m) this.byKey.set(r.key, (m = new Map()));
      m.set(r.divisionCode, r);
    }
    for (const [key, m] of this.byKey) {
      this.lengths.set(key, [...new Set([...m.keys()].map((c) => c.length))].sort((a, b) => b - a));
    }
  }

  /** Same answer as findParameter(exec, key, { divisionCode, date: this.date }), without a query. */
  find<T = unknown>(key: string, divisionCode?: string | null): ResolvedParameter<T> | null {
    const m = this.byKey.get(key);
    if (!m) return null;
    const division = divisionCode ?? '';
    for (const len of this.lengths.get(key)!) {
      if (len > division.length) continue;
      const row = m.get(division.slice(0, len));
      if (row) return { key, value: row.value as T, row };
    }
    return null;
  }

  get<T = unknown>(key: string, divisionCode?: string | null): ResolvedParameter<T> {
    const found = this.find<T>(key, divisionCode);
    if (!found) throw notConfigured(key, { divisionCode, date: this.date });
    return found;
  }

  rows(key: string): ParameterRow[] {
    return [...(this.byKey.get(key)?.values() ?? [])];
  }
}

/** Loads every division's value of `keys` in force on `date` in one query. */
export async function loadParameterTable(exec: Executor, keys: string | readonly string[], date: IsoDate): Promise<ParameterTable> {
  const list = (typeof keys === 'string' ? [keys] : [...keys]).map(checkKey);
  toDayNumber(date);
  const rows = await exec
    .select()
    .from(parameters)
    .where(
      and(
        inArray(parameters.key, list),
        lte(parameters.effectiveFrom, date),
        or(isNull(parameters.effectiveTo), gte(parameters.effectiveTo, date)),
      ),
    );
  return new ParameterTable(date, rows);
}

export interface SetParameterInput {
  key: string;
  divisionCode?: string | null;
  effectiveFrom: IsoDate;
  /** last day in force; omitted/null = until the next value of the same key and division, or further notice */
  effectiveTo?: IsoDate | null;
  value: unknown;
  note?: string | null;
  isSample?: boolean;
  source?: string | null;
  createdBy?: number | null;
}

export interface SetParameterResult {
  action: 'inserted' | 'updated' | 'unchanged';
  row: ParameterRow;
  /** open-ended earlier values that were closed the day before this one starts */
  closed: { id: number; effectiveTo: IsoDate }[];
}

/**
 * Sets a dated value for (key, division). Same start date as an existing value = a correction of it.
 * Values given without an end hold until the next value: the earlier value that would overlap is
 * closed the day before, and the new one ends the day before the next later one. Any other overlap
 * is refused. Run it inside the caller's transaction.
 */
export async function setParameter(exec: Executor, input: SetParameterInput): Promise<SetParameterResult> {
  const key = checkKey(input.key);
  const division = checkDivision(input.divisionCode);
  const from = input.effectiveFrom;
  toDayNumber(from);
  if (input.effectiveTo != null && toDayNumber(input.effectiveTo) < toDayNumber(from)) {
    throw invalid('effectiveTo', 'PARAMETER_RANGE_INVALID', `终止日期 ${input.effectiveTo} 早于起始日期 ${from}`);
  }
  if (input.value === undefined) throw invalid('value', 'PARAMETER_VALUE_MISSING', '参数值不能为空');

  // Serialises writers of the same (key, division) so two transactions cannot both pass the overlap check.
  await exec.execute(sql`select pg_advisory_xact_lock(hashtext(${`kernel.parameters|${key}|${division}`}))`);
  const existing = await exec
    .select()
    .from(parameters)
    .where(and(eq(parameters.key, key), eq(parameters.divisionCode, division)))
    .orderBy(asc(parameters.effectiveFrom));

  const same = existing.find((r) => r.effectiveFrom === from);
  const others = existing.filter((r) => r !== same);
  const next = others.find((r) => r.effectiveFrom > from);
  const to = input.effectiveTo ?? (next ? addDays(next.effectiveFrom, -1) : null);

  const closed: SetParameterResult['closed'] = [];
  for (const r of others) {
    const overlaps = r.effectiveFrom <= (to ?? '9999-12-31') && (r.effectiveTo ?? '9999-12-31') >= from;
    if (!overlaps) continue;
    // An earlier value that runs until further notice, or until the next value (a contiguous chain that
    // the new open-ended value slots into), ends the day before the new one.
    const untilNext = r.effectiveTo === null || (input.effectiveTo == null && next !== undefined && r.effectiveTo === to);
    if (r.effectiveFrom < from && untilNext) {
      closed.push({ id: r.id, effectiveTo: addDays(from, -1) });
      continue;
    }
    throw new DomainError(
      'PARAMETER_OVERLAP',
      `参数 ${key}${division ? `（区划 ${division}）` : ''} 在 ${r.effectiveFrom} 至 ${r.effectiveTo ?? '今后'} 已有取值，与新设定的期间重叠`,
      { status: 409, detail: JSON.stringify({ conflictingId: r.id }) },
    );
  }

  parametersChanged();
  for (const c of closed) {
    await exec.update(parameters).set({ effectiveTo: c.effectiveTo }).where(eq(parameters.id, c.id));
  }
  const fields = {
    effectiveTo: to,
    value: input.value,
    note: input.note ?? null,
    isSample: input.isSample ?? false,
    source: input.source ?? null,
  };
  if (same) {
    const unchanged =
      same.effectiveTo === fields.effectiveTo &&
      canonicalJson(same.value) === canonicalJson(fields.value) &&
      same.note === fields.note &&
      same.isSample === fields.isSample &&
      same.source === fields.source;
    if (unchanged) return { action: 'unchanged', row: same, closed };
    const [row] = await exec.update(parameters).set(fields).where(eq(parameters.id, same.id)).returning();
    parametersChanged();
    return { action: 'updated', row, closed };
  }
  const [row] = await exec
    .insert(parameters)
    .values({ key, divisionCode: division, effectiveFrom: from, createdBy: input.createdBy ?? null, ...fields })
    .returning();
  parametersChanged();
  return { action: 'inserted', row, closed };
}

/** Every value of a key (all divisions, all dates), for the administrator's view and explanations. */
export async function parameterHistory(exec: Executor, key: string): Promise<ParameterRow[]> {
  return exec
    .select()
    .from(parameters)
    .where(eq(parameters.key, checkKey(key)))
    .orderBy(asc(parameters.divisionCode), asc(parameters.effectiveFrom));
}

/** JSON with object keys sorted, so values that jsonb stored in another key order compare equal. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
      : x,
  );
}
