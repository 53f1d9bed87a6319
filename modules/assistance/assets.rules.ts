import type { Fen } from '#kernel';
import type { ExplanationStep } from './explain';
import { yuan } from './explain';

export interface AssetFacts { financialFen?: Fen; vehicles?: number; extraHousing?: number }
export interface AssetLimits { financialMonths: number; maxVehicles: number; maxExtraHousing: number }

/**
 * Assets within limits (民发〔2021〕57号: limits set locally). Financial assets per person are compared
 * with N months of the standard; what is needed for basic living and production is never entered.
 */
export function assetsWithinLimits(
  facts: AssetFacts | undefined,
  persons: number,
  standardFen: Fen,
  limits: AssetLimits,
  rule: string,
): { within: boolean; steps: ExplanationStep[] } {
  const financialFen = facts?.financialFen ?? 0;
  const vehicles = facts?.vehicles ?? 0;
  const extraHousing = facts?.extraHousing ?? 0;
  const limitFen = standardFen * limits.financialMonths * persons;
  const steps: ExplanationStep[] = [];
  const okFinancial = financialFen <= limitFen;
  steps.push({
    text: `金融资产 ${yuan(financialFen)} 元${okFinancial ? '未超过' : '超过'}上限 ${yuan(standardFen)} 元 × ${limits.financialMonths} 个月 × ${persons} 人 = ${yuan(limitFen)} 元`,
    rule, values: { financialFen, limitFen },
  });
  const okVehicles = vehicles <= limits.maxVehicles;
  const okHousing = extraHousing <= limits.maxExtraHousing;
  if (!okVehicles) steps.push({ text: `拥有机动车 ${vehicles} 辆，超过上限 ${limits.maxVehicles} 辆`, rule, values: { vehicles } });
  if (!okHousing) steps.push({ text: `唯一住房外另有住房 ${extraHousing} 套，超过上限 ${limits.maxExtraHousing} 套`, rule, values: { extraHousing } });
  return { within: okFinancial && okVehicles && okHousing, steps };
}
