import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import type { WorkingCalendar } from '../calendar/calendar';
import { addDays, type IsoDate } from '../calendar/dates';
import { findParameter, getParameter } from '../parameters/parameters.service';
import type { DaysSpec, WorkflowDefinition } from './definition';

export interface Dated {
  date: IsoDate;
  beyondKnownSchedule: boolean;
}

/** A number of days from a definition: the literal, or the parameter in force for the division on `on`. */
export async function resolveDays(exec: Executor, spec: DaysSpec, divisionCode: string, on: IsoDate): Promise<number> {
  if (typeof spec === 'number') return spec;
  const q = { divisionCode, date: on };
  const found = spec.default === undefined ? await getParameter(exec, spec.parameter, q) : await findParameter(exec, spec.parameter, q);
  if (!found) return spec.default!;
  const value = found.value;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new DomainError('WORKFLOW_PARAMETER_INVALID', `参数 ${spec.parameter} 的值应为正整数天数，当前为 ${JSON.stringify(value)}，请管理员修正`, { status: 500 });
  }
  return n;
}

/** `days` after `from`: working days per the statutory calendar (counting from the next day), or natural days. */
export function dueDate(calendar: WorkingCalendar, from: IsoDate, days: number, kind: 'working' | 'natural'): Dated {
  if (kind === 'natural') return { date: addDays(from, days), beyondKnownSchedule: !calendar.isKnown(addDays(from, days)) };
  return calendar.addWorkingDays(from, days);
}

/** The deadline of `state` for a case opened on `openedOn` that entered the state on `enteredOn`. */
export async function stateDeadline(
  exec: Executor, calendar: WorkingCalendar, def: WorkflowDefinition, state: string,
  divisionCode: string, openedOn: IsoDate, enteredOn: IsoDate,
): Promise<Dated | null> {
  const d = def.states[state]?.deadline;
  if (!d || def.states[state].final) return null;
  const from = d.from === 'caseOpened' ? openedOn : enteredOn;
  return dueDate(calendar, from, await resolveDays(exec, d.days, divisionCode, from), d.calendar);
}

/** The overall limit counted from `startedOn`: the ordinary limit, or the extended one. */
export async function overallDeadline(
  exec: Executor, calendar: WorkingCalendar, def: WorkflowDefinition, divisionCode: string, startedOn: IsoDate, extended: boolean,
): Promise<(Dated & { days: number }) | null> {
  const l = def.overallLimit;
  if (!l) return null;
  const key = extended ? l.parameterKeys?.extendableTo : l.parameterKeys?.days;
  const literal = extended ? l.extendableTo! : l.days;
  const days = await resolveDays(exec, key ? { parameter: key, default: literal } : literal, divisionCode, startedOn);
  return { ...dueDate(calendar, startedOn, days, l.calendar), days };
}
