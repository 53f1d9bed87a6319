import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { yuanToFen } from '../money/money';
import { setParameter } from './parameters.service';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

const valueEntry = z
  .object({
    division: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/).default(''),
    from: isoDate,
    to: isoDate.nullish(),
    /** any JSON; numbers must be integers (write ratios as text: '1.3') */
    value: z.unknown().optional(),
    /** an amount in yuan written as text, stored as integer fen */
    yuan: z.string().optional(),
    sample: z.boolean().default(false),
    source: z.string().nullish(),
    note: z.string().nullish(),
  })
  .strict()
  .refine((v) => (v.value === undefined) !== (v.yuan === undefined), '每个取值须给出 value 或 yuan 之一');

const definition = z
  .object({
    key: z.string(),
    title: z.string(),
    unit: z.string().optional(),
    description: z.string().optional(),
    values: z.array(valueEntry).min(1),
  })
  .strict();

const parameterFile = z.object({ parameters: z.array(definition) }).strict();

export interface ParameterDefinition {
  key: string;
  title: string;
  unit?: string;
  description?: string;
  file: string;
}

export interface LoadParametersResult {
  files: string[];
  definitions: ParameterDefinition[];
  inserted: number;
  updated: number;
  unchanged: number;
}

function refuseFloats(v: unknown, where: string): void {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new DomainError('PARAMETER_FILE_INVALID', `${where}：数值 ${v} 不是整数；比例请写成文本，如 '1.3'`, { status: 422 });
  }
  if (v && typeof v === 'object') for (const x of Object.values(v)) refuseFloats(x, where);
}

/**
 * Loads every `*.yaml` in `dir` into kernel.parameters. Idempotent: a second run changes nothing; an
 * edited value updates its row. Values added by administrators in the database are left alone.
 * Pass a transaction to load all files or nothing.
 */
export async function loadParameterFiles(exec: Executor, dir: string): Promise<LoadParametersResult> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const result: LoadParametersResult = { files, definitions: [], inserted: 0, updated: 0, unchanged: 0 };
  for (const file of files) {
    const parsed = parameterFile.safeParse(parse(await readFile(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DomainError('PARAMETER_FILE_INVALID', `参数文件 ${file} 格式有误：${issue.path.join('.')} ${issue.message}`, {
        status: 422,
        detail: JSON.stringify(parsed.error.issues),
      });
    }
    for (const def of parsed.data.parameters) {
      result.definitions.push({ key: def.key, title: def.title, unit: def.unit, description: def.description, file: basename(file) });
      const seen = new Set<string>();
      const values = [...def.values].sort((a, b) => a.division.localeCompare(b.division) || a.from.localeCompare(b.from));
      for (const v of values) {
        const where = `${file} ${def.key} ${v.division || '全国'} ${v.from}`;
        if (seen.has(`${v.division}|${v.from}`)) {
          throw new DomainError('PARAMETER_FILE_INVALID', `${where}：同一区划同一起始日期出现两次`, { status: 422 });
        }
        seen.add(`${v.division}|${v.from}`);
        refuseFloats(v.value, where);
        const { action } = await setParameter(exec, {
          key: def.key,
          divisionCode: v.division,
          effectiveFrom: v.from,
          effectiveTo: v.to ?? null,
          value: v.yuan !== undefined ? yuanToFen(v.yuan) : v.value,
          note: v.note ?? null,
          isSample: v.sample,
          source: v.source ?? null,
        });
        result[action]++;
      }
    }
  }
  return result;
}
