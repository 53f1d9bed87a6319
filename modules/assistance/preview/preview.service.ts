// 标准调整试算: a proposed standard run against every active dibao case in the actor's scope, before
// it takes effect. Reads the cases from assistance.applications (the latest approved dibao
// application of each household, with at least one counted member), rebuilds each case's
// calculation input from its stored facts, and compares the parameters in force for the month with
// the same parameters plus the proposed overrides. Saves nothing.
import { and, asc, eq, like } from 'drizzle-orm';
import { forbidden, loadParameterTable, type Actor, type DivisionDirectory, type Executor } from '#kernel';
import { applications } from '../schema';
import { factsOf } from '../applications.service';
import { calculationInputOf, countedMembers } from '../applications.rules';
import { calculate } from '../calculator.rules';
import type { CalculationInput } from '../calculator.schemas';
import { ASSISTANCE_PARAMETER_KEYS, resolveAssistanceParams, withOverrides, type AssistanceParams } from '../parameters';
import { previewStandardChange, type StandardChangePreview } from '../preview.rules';

export const SAMPLE_SIZE = 20;
const PREVIEW_ROLES = new Set(['city_admin', 'county_approver']);

export interface StandardPreviewRequest {
  divisionCode: string;
  month: string;
  overrides: Record<string, unknown>;
}

export interface CountyPreview extends StandardChangePreview {
  divisionCode: string;
  divisionName: string | null;
}

export interface PreviewSample {
  applicationId: number;
  householdId: number;
  applicantName: string;
  divisionCode: string;
  oldMonthlyAmountFen: number;
  newMonthlyAmountFen: number;
  deltaFen: number;
}

export interface StandardPreview extends StandardChangePreview {
  divisionCode: string;
  month: string;
  byCounty: CountyPreview[];
  samples: PreviewSample[];
}

interface ActiveCase { applicationId: number; householdId: number; applicantName: string; divisionCode: string; input: CalculationInput }

/** The active dibao cases under `divisionCode`: the latest approved application of each household. */
export async function activeDibaoCases(exec: Executor, divisionCode: string, month: string): Promise<ActiveCase[]> {
  const rows = await exec.select().from(applications)
    .where(and(eq(applications.programme, 'dibao'), eq(applications.decision, 'approved'), like(applications.divisionCode, `${divisionCode}%`)))
    .orderBy(asc(applications.id));
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.householdId, r); // ascending id: the last one wins
  const cases: ActiveCase[] = [];
  for (const r of [...latest.values()].sort((a, b) => a.id - b.id)) {
    const facts = factsOf(r);
    if (countedMembers(facts).length === 0) continue;
    cases.push({ applicationId: r.id, householdId: r.householdId, applicantName: r.applicantName, divisionCode: r.divisionCode, input: calculationInputOf(facts, month) });
  }
  return cases;
}

const EMPTY = (): StandardChangePreview => ({
  households: 0, householdsChanged: 0, increase: 0, decrease: 0, unchanged: 0,
  newlyEligible: 0, noLongerEligible: 0, oldMonthlyTotalFen: 0, newMonthlyTotalFen: 0, deltaFen: 0,
});

function add(into: StandardChangePreview, x: StandardChangePreview) {
  for (const k of Object.keys(into) as (keyof StandardChangePreview)[]) into[k] += x[k];
}

/** City administrators and county approvers, for a division within their own area. */
export function mayPreview(actor: Actor, divisionCode: string): boolean {
  return PREVIEW_ROLES.has(actor.role) && divisionCode.startsWith(actor.divisionCode);
}

export async function previewStandard(exec: Executor, actor: Actor, divisions: DivisionDirectory, req: StandardPreviewRequest): Promise<StandardPreview> {
  if (!mayPreview(actor, req.divisionCode)) throw forbidden('只有市级管理员或县级审批人员可以对本辖区试算标准调整');
  // Unknown keys and bad values are refused before anything is read.
  withOverrides({ divisionCode: req.divisionCode, date: `${req.month}-01`, values: {}, sources: {} }, req.overrides);

  const cases = await activeDibaoCases(exec, req.divisionCode, req.month);
  // One parameter query for the month; each division's values resolved once, in memory.
  const table = await loadParameterTable(exec, ASSISTANCE_PARAMETER_KEYS, `${req.month}-01`);
  const resolved = new Map<string, { before: AssistanceParams; after: AssistanceParams }>();
  const paramsOf = (c: CalculationInput) => {
    let r = resolved.get(c.divisionCode);
    if (!r) {
      const before = resolveAssistanceParams(table, c.divisionCode);
      resolved.set(c.divisionCode, (r = { before, after: withOverrides(before, req.overrides) }));
    }
    return r;
  };
  const oldParams = (c: CalculationInput) => paramsOf(c).before;
  const newParams = (c: CalculationInput) => paramsOf(c).after;

  const byCountyCases = new Map<string, CalculationInput[]>();
  for (const c of cases) {
    const county = c.divisionCode.slice(0, 6);
    const list = byCountyCases.get(county) ?? [];
    list.push(c.input);
    byCountyCases.set(county, list);
  }
  const total = EMPTY();
  const byCounty: CountyPreview[] = [];
  for (const [county, list] of [...byCountyCases].sort(([a], [b]) => a.localeCompare(b))) {
    const p = previewStandardChange(list, oldParams, newParams);
    add(total, p);
    byCounty.push({ divisionCode: county, divisionName: divisions.name(county), ...p });
  }

  const samples: PreviewSample[] = [];
  for (const c of cases) {
    if (samples.length >= SAMPLE_SIZE || samples.length >= total.householdsChanged) break;
    const before = calculate(c.input, oldParams(c.input)).monthlyAmountFen;
    const after = calculate(c.input, newParams(c.input)).monthlyAmountFen;
    if (before === after) continue;
    samples.push({
      applicationId: c.applicationId, householdId: c.householdId, applicantName: c.applicantName, divisionCode: c.divisionCode,
      oldMonthlyAmountFen: before, newMonthlyAmountFen: after, deltaFen: after - before,
    });
  }
  return { divisionCode: req.divisionCode, month: req.month, ...total, byCounty, samples };
}
