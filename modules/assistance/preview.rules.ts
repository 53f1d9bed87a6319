import type { Fen } from '#kernel';
import type { CalculationInput } from './calculator.schemas';
import { calculate } from './calculator.rules';
import type { AssistanceParams } from './parameters';

/** Parameters for a case: one division's, or a lookup by the case's division. */
export type ParamsFor = AssistanceParams | ((c: CalculationInput) => AssistanceParams);

export interface StandardChangePreview {
  households: number;
  householdsChanged: number;
  increase: number;
  decrease: number;
  unchanged: number;
  /** households that qualify only under the new parameters, or only under the old */
  newlyEligible: number;
  noLongerEligible: number;
  oldMonthlyTotalFen: Fen;
  newMonthlyTotalFen: Fen;
  deltaFen: Fen;
}

/** What-if: every case under the old and the new parameters, and how the monthly total moves. */
export function previewStandardChange(cases: readonly CalculationInput[], oldParams: ParamsFor, newParams: ParamsFor): StandardChangePreview {
  const of = (ps: ParamsFor, c: CalculationInput) => (typeof ps === 'function' ? ps(c) : ps);
  const r: StandardChangePreview = {
    households: cases.length, householdsChanged: 0, increase: 0, decrease: 0, unchanged: 0,
    newlyEligible: 0, noLongerEligible: 0, oldMonthlyTotalFen: 0, newMonthlyTotalFen: 0, deltaFen: 0,
  };
  for (const c of cases) {
    const before = calculate(c, of(oldParams, c));
    const after = calculate(c, of(newParams, c));
    r.oldMonthlyTotalFen += before.monthlyAmountFen;
    r.newMonthlyTotalFen += after.monthlyAmountFen;
    if (after.monthlyAmountFen > before.monthlyAmountFen) r.increase++;
    else if (after.monthlyAmountFen < before.monthlyAmountFen) r.decrease++;
    else r.unchanged++;
    if (after.eligible && !before.eligible) r.newlyEligible++;
    if (before.eligible && !after.eligible) r.noLongerEligible++;
  }
  r.householdsChanged = r.increase + r.decrease;
  r.deltaFen = r.newMonthlyTotalFen - r.oldMonthlyTotalFen;
  return r;
}
