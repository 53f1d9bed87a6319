import { mulFenByRatio, type Fen } from '#kernel';
import { cite, need, type AssistanceParams } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';

export interface TaperMonth { month: number; share: string; amountFen: Fen; explanation: ExplanationStep }

/**
 * 渐退期 (民发〔2021〕57号): when income rises above the standard, payment may continue for up to
 * N months, month k paid at the schedule's k-th share of the last amount (rounded half-up to the fen).
 */
export function taperSchedule(lastAmountFen: Fen, p: AssistanceParams): TaperMonth[] {
  const max = need(p, 'dibao.taper.maxMonths');
  const schedule = p.values['dibao.taper.schedule'] ?? [];
  const rule = `${cite(p, 'dibao.taper.maxMonths')}；${cite(p, 'dibao.taper.schedule')}`;
  return Array.from({ length: max }, (_, i) => {
    const share = schedule[i] ?? schedule[schedule.length - 1] ?? '1';
    const amountFen = mulFenByRatio(lastAmountFen, share, 'half-up');
    return {
      month: i + 1, share, amountFen,
      explanation: { text: `渐退期第 ${i + 1} 个月：原低保金 ${yuan(lastAmountFen)} 元 × ${percent(share)} = ${yuan(amountFen)} 元`, rule, values: { lastAmountFen, month: i + 1, share }, amountFen },
    };
  });
}

/** The payment in the k-th month (1-based) after income rose; 0 once the taper is over. */
export function taperPayment(lastAmountFen: Fen, month: number, p: AssistanceParams): Fen {
  return taperSchedule(lastAmountFen, p).find((t) => t.month === month)?.amountFen ?? 0;
}
