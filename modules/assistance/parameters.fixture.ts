// For unit tests: the shipped YAML parameters as a ParameterTable in force on a date, without a
// database, so rule tests run on the same figures the platform loads.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ParameterTable, yuanToFen, type ParameterRow } from '#kernel';
import { resolveAssistanceParams, type AssistanceParams } from './parameters';

interface Entry { division?: string; from: string; to?: string; value?: unknown; yuan?: string; sample?: boolean; source?: string; note?: string }
const file = fileURLToPath(new URL('../../data/parameters/social-assistance.yaml', import.meta.url));
const defs = (parse(readFileSync(file, 'utf8')) as { parameters: { key: string; values: Entry[] }[] }).parameters;

export function yamlTable(date: string): ParameterTable {
  const rows: ParameterRow[] = [];
  let id = 0;
  for (const def of defs) {
    const byDivision = new Map<string, Entry>();
    for (const v of def.values) {
      if (v.from > date || (v.to && v.to < date)) continue;
      const d = v.division ?? '';
      if (!byDivision.has(d) || byDivision.get(d)!.from < v.from) byDivision.set(d, v);
    }
    for (const [divisionCode, v] of byDivision) {
      rows.push({
        id: ++id, key: def.key, divisionCode, effectiveFrom: v.from, effectiveTo: v.to ?? null,
        value: v.yuan !== undefined ? yuanToFen(v.yuan) : v.value, note: v.note ?? null, isSample: v.sample ?? false,
        source: v.source ?? null, createdBy: null, createdAt: new Date(0),
      });
    }
  }
  return new ParameterTable(date, rows);
}

/** Yangquan's (or another division's) parameters for a month, as the calculator would load them. */
export function yamlParams(month: string, divisionCode = '140321100201', overrides: Record<string, unknown> = {}): AssistanceParams {
  return resolveAssistanceParams(yamlTable(`${month}-01`), divisionCode, overrides);
}
