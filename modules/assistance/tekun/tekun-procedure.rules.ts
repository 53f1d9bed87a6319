// Pure rules of the tekun procedure: the care grade from the six-item assessment, and the two parts of
// the monthly support that payments pays as two entitlements.
import type { CalculationResult } from '../calculator.schemas';
import { CARE_ABILITIES, type CareAbility } from '../applications.schemas';

export type CareGrade = 'self_caring' | 'partly_dependent' | 'fully_dependent';
export const CARE_GRADE_NAMES: Record<CareGrade, string> = {
  self_caring: '具备生活自理能力', partly_dependent: '部分丧失生活自理能力', fully_dependent: '完全丧失生活自理能力',
};

/**
 * 民发〔2021〕43号 生活自理能力评估: all six abilities → self-caring; one or two lost → partly
 * dependent; three or more lost → fully dependent.
 */
export function careGradeOf(assessment: Record<CareAbility, boolean>): { grade: CareGrade; unable: CareAbility[]; text: string } {
  const unable = (Object.keys(CARE_ABILITIES) as CareAbility[]).filter((k) => assessment[k] !== true);
  const grade: CareGrade = unable.length === 0 ? 'self_caring' : unable.length <= 2 ? 'partly_dependent' : 'fully_dependent';
  const lost = unable.map((k) => CARE_ABILITIES[k]).join('、');
  return { grade, unable, text: `六项指标中${unable.length ? `${unable.length} 项不能完成（${lost}）` : '均能完成'}：${CARE_GRADE_NAMES[grade]}` };
}

export const TEKUN_BASIC = 'tekun';
export const TEKUN_CARE = 'tekun_care';

/**
 * The basic living part and the care part of a tekun calculation, read from its explanation (the steps
 * that carry an amount are exactly these two and add up to the monthly amount).
 */
export function tekunParts(calc: Pick<CalculationResult, 'explanation' | 'monthlyAmountFen' | 'category'>): { basicFen: number; careFen: number } {
  if (calc.category !== 'tekun') throw new Error('not an eligible tekun calculation');
  const basic = calc.explanation.find((s) => s.amountFen !== undefined && s.values?.annualFen !== undefined);
  const care = calc.explanation.find((s) => s.amountFen !== undefined && s.values?.minimumWageFen !== undefined);
  if (!basic || !care || basic.amountFen! + care.amountFen! !== calc.monthlyAmountFen) throw new Error('tekun calculation without its two parts');
  return { basicFen: basic.amountFen!, careFen: care.amountFen! };
}
