import { fenToYuan, type Fen } from '#kernel';

/** One step of an explanation: plain Chinese, the rule it applies, and the numbers it used. */
export interface ExplanationStep {
  text: string;
  rule: string;
  values?: Record<string, number | string>;
  /** this step's contribution to the amount; the contributions of all steps add up to the answer */
  amountFen?: Fen;
}

/** 58700 → '587', 76667 → '766.67': yuan as caseworkers write them. */
export function yuan(fen: Fen): string {
  return fenToYuan(fen).replace(/\.00$/, '');
}

/** '0.035' → '3.5%'. Exact: decimal text is shifted, never multiplied as a float. */
export function percent(ratio: string): string {
  const [int, frac = ''] = ratio.split('.');
  const digits = (int + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const whole = digits.slice(0, digits.length - (frac.length > 2 ? frac.length - 2 : 0)) || '0';
  const rest = frac.length > 2 ? frac.slice(2).replace(/0+$/, '') : '';
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

export const sumSteps = (steps: readonly ExplanationStep[]): Fen =>
  steps.reduce((a, s) => a + (s.amountFen ?? 0), 0);
