// The elderly parameters the rules read, resolved for one division and date from the kernel's
// dated parameters (data/parameters/elderly.yaml). A value of the wrong shape is an admin's error.
import { z } from 'zod';
import { DomainError, loadParameterTable, type Executor, type IsoDate, type ParameterTable } from '#kernel';

const band = z.object({ minAge: z.number().int().min(60), maxAge: z.number().int().optional(), fen: z.number().int().min(0) });
const SHAPES = {
  'elderly.assessment.validityMonths': z.number().int().min(1).max(60),
  'elderly.assessment.comaLevel': z.union([z.literal(3), z.literal(4)]),
  'elderly.longevity.bands': z.array(band).min(1),
  'elderly.serviceSubsidy': z.object({ minAge: z.number().int().min(60), fen: z.number().int().min(0) }),
  'elderly.careSubsidy.byLevel': z.record(z.enum(['1', '2', '3', '4']), z.number().int().min(0)),
  'elderly.subsidy.stopOnAdmission': z.array(z.string()),
  'elderly.visits.intervalDays': z.object({ high: z.number().int().min(1), priority: z.number().int().min(1), general: z.number().int().min(1) }),
} as const;

export type ElderlyParamKey = keyof typeof SHAPES;
export const ELDERLY_PARAMETER_KEYS = Object.keys(SHAPES) as ElderlyParamKey[];

export interface ElderlyParams {
  validityMonths: number;
  comaLevel: 3 | 4;
  longevityBands: z.infer<typeof band>[];
  serviceSubsidy: { minAge: number; fen: number };
  careByLevel: Partial<Record<'1' | '2' | '3' | '4', number>>;
  stopOnAdmission: string[];
  visitIntervalDays: { high: number; priority: number; general: number };
  /** keys whose value in force is a placeholder, not a published figure */
  samples: string[];
}

function read<K extends ElderlyParamKey>(table: ParameterTable, key: K, divisionCode: string, samples: string[]): z.infer<(typeof SHAPES)[K]> {
  const found = table.find(key, divisionCode);
  if (!found) {
    throw new DomainError('ELDERLY_PARAMETER_MISSING', `参数 ${key} 在区划 ${divisionCode} 于 ${table.date} 没有设定值，请管理员补充`, { status: 422 });
  }
  const parsed = SHAPES[key].safeParse(found.value);
  if (!parsed.success) throw new DomainError('ELDERLY_PARAMETER_INVALID', `参数 ${key} 的取值格式有误：${parsed.error.issues[0].message}`, { status: 422 });
  if (found.row.isSample) samples.push(key);
  return parsed.data as z.infer<(typeof SHAPES)[K]>;
}

export function resolveElderlyParams(table: ParameterTable, divisionCode: string): ElderlyParams {
  const samples: string[] = [];
  return {
    validityMonths: read(table, 'elderly.assessment.validityMonths', divisionCode, samples),
    comaLevel: read(table, 'elderly.assessment.comaLevel', divisionCode, samples),
    longevityBands: read(table, 'elderly.longevity.bands', divisionCode, samples),
    serviceSubsidy: read(table, 'elderly.serviceSubsidy', divisionCode, samples),
    careByLevel: read(table, 'elderly.careSubsidy.byLevel', divisionCode, samples),
    stopOnAdmission: read(table, 'elderly.subsidy.stopOnAdmission', divisionCode, samples),
    visitIntervalDays: read(table, 'elderly.visits.intervalDays', divisionCode, samples),
    samples,
  };
}

export function loadElderlyTable(exec: Executor, date: IsoDate): Promise<ParameterTable> {
  return loadParameterTable(exec, ELDERLY_PARAMETER_KEYS, date);
}

export async function loadElderlyParams(exec: Executor, divisionCode: string, date: IsoDate): Promise<ElderlyParams> {
  return resolveElderlyParams(await loadElderlyTable(exec, date), divisionCode);
}
