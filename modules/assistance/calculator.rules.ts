import type { CalculationInput, CalculationResult } from './calculator.schemas';
import { dibao } from './dibao.rules';
import { tekun } from './tekun.rules';
import { temporary } from './temporary.rules';
import type { AssistanceParams, ParameterSource } from './parameters';
import type { Outcome } from './outcome';

const USED: Record<CalculationInput['programme'], string[]> = {
  dibao: ['dibao.', 'lowIncome.nearDibao.'],
  tekun: ['dibao.standard.', 'dibao.assets.max', 'tekun.', 'minimumWage.'],
  temporary: ['dibao.standard.', 'dibao.income.', 'temporary.'],
};

/**
 * The calculator: one case, its division's parameters in force, an answer with its explanation.
 * Pure — the same function serves the console, the phone site, the what-if preview and payroll.
 */
export function calculate(input: CalculationInput, params: AssistanceParams): CalculationResult {
  const outcome = run(input, params);
  const prefixes = USED[input.programme];
  const otherArea = input.urbanRural === 'urban' ? 'dibao.standard.rural' : 'dibao.standard.urban';
  const parameters = Object.values(params.sources)
    .filter((s): s is ParameterSource => !!s && s.key !== otherArea && prefixes.some((x) => s.key.startsWith(x)));
  return { programme: input.programme, ...outcome, parameters };
}

function run(input: CalculationInput, p: AssistanceParams): Outcome {
  switch (input.programme) {
    case 'dibao': return dibao(input, p);
    case 'tekun': return tekun({ ...input, tekun: input.tekun! }, p);
    case 'temporary': return temporary({ ...input, temporary: input.temporary! }, p);
  }
}
