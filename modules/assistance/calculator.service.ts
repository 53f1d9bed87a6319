import { cachedParameterTable, loadParameterTable, validationFailed, type DivisionDirectory, type Executor } from '#kernel';
import type { CalculationInput, CalculationResult } from './calculator.schemas';
import { calculate } from './calculator.rules';
import { ASSISTANCE_PARAMETER_KEYS, resolveAssistanceParams, type AssistanceParams } from './parameters';

export interface AssistanceDeps {
  divisions?: DivisionDirectory;
}

/** One division's assistance parameters in force on the first day of `month`, in one query. */
export async function loadAssistanceParams(
  exec: Executor,
  divisionCode: string,
  month: string,
  overrides: Record<string, unknown> = {},
): Promise<AssistanceParams> {
  const table = await loadParameterTable(exec, ASSISTANCE_PARAMETER_KEYS, `${month}-01`);
  return resolveAssistanceParams(table, divisionCode, overrides);
}

/** The calculator with the parameters of the case's division and month; saves nothing. */
export async function calculateWithParameters(exec: Executor, input: CalculationInput, deps: AssistanceDeps = {}): Promise<CalculationResult> {
  if (deps.divisions && !deps.divisions.get(input.divisionCode)) {
    throw validationFailed([{ field: 'divisionCode', code: 'DIVISION_UNKNOWN', message: `区划代码 ${input.divisionCode} 不存在` }]);
  }
  // The dated parameters of the month are kept in process (dropped on any parameter write, else after
  // a short TTL): this path is hit on every form change of a caseworker's calculation.
  const table = await cachedParameterTable(exec, ASSISTANCE_PARAMETER_KEYS, `${input.month}-01`);
  return calculate(input, resolveAssistanceParams(table, input.divisionCode, input.parameterOverrides ?? {}));
}
