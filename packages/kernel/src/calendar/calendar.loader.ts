import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { expandSchedule, saveCalendarYear } from './calendar.service';

const dayOrRange = z.string().regex(/^\d{4}-\d{2}-\d{2}(\s*\.\.\s*\d{4}-\d{2}-\d{2})?$/, '应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD');

/**
 * A year's schedule as the State Council publishes it, one entry per holiday:
 *   year: 2027
 *   source: 国务院办公厅关于2027年部分节假日安排的通知
 *   holidays:
 *     - { name: 国庆节, holidays: ['2027-10-01..2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] }
 */
const yearFile = z
  .object({
    year: z.number().int(),
    source: z.string().optional(),
    holidays: z.array(
      z.object({ name: z.string().min(1), holidays: z.array(dayOrRange).min(1), workdays: z.array(dayOrRange).default([]) }).strict(),
    ),
  })
  .strict();

/** Reads a year's schedule from YAML text and records it (see saveCalendarYear). */
export async function loadCalendarYaml(exec: Executor, text: string) {
  const parsed = yearFile.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('CALENDAR_FILE_INVALID', `放假安排文件格式有误：${issue.path.join('.')} ${issue.message}`, { status: 422 });
  }
  const { year, source, holidays } = parsed.data;
  return saveCalendarYear(exec, { year, source: source ?? null, days: expandSchedule(holidays) });
}

export async function loadCalendarFile(exec: Executor, path: string) {
  return loadCalendarYaml(exec, await readFile(path, 'utf8'));
}
