import { mulFen, parseRatio, type Fen } from '#kernel';
import { cite, need, type AssistanceParams } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';

export const R1553 = '发改价格〔2021〕1553号';

/** A month's year-on-year rises as decimal text: '0.035' = 3.5 %. */
export interface PriceIndexMonth { cpi: string; foodCpi: string }

export interface PriceTrigger {
  triggered: boolean;
  /** which index triggered; the higher rise when both did */
  index: 'cpi' | 'foodCpi' | null;
  rise: string | null;
  explanation: ExplanationStep[];
}

const NAME = { cpi: 'CPI', foodCpi: '食品价格' } as const;
const ratioCompare = (a: string, b: string) => {
  const x = parseRatio(a); const y = parseRatio(b);
  const l = BigInt(x.numerator) * BigInt(y.denominator); const r = BigInt(y.numerator) * BigInt(x.denominator);
  return l === r ? 0 : l > r ? 1 : -1;
};

/** 发改价格〔2021〕1553号: triggered when CPI or food CPI reaches its threshold (≥). */
export function priceTrigger(month: PriceIndexMonth, p: AssistanceParams): PriceTrigger {
  const thresholds = { cpi: need(p, 'priceLinkage.threshold.cpi'), foodCpi: need(p, 'priceLinkage.threshold.foodCpi') };
  const hits = (['cpi', 'foodCpi'] as const).filter((k) => ratioCompare(month[k], thresholds[k]) >= 0);
  const explanation: ExplanationStep[] = (['cpi', 'foodCpi'] as const).map((k) => ({
    text: `${NAME[k]}同比上涨 ${percent(month[k])}，${hits.includes(k) ? '达到' : '未达到'}启动条件 ${percent(thresholds[k])}`,
    rule: cite(p, k === 'cpi' ? 'priceLinkage.threshold.cpi' : 'priceLinkage.threshold.foodCpi'),
    values: { rise: month[k], threshold: thresholds[k] },
  }));
  if (hits.length === 0) return { triggered: false, index: null, rise: null, explanation };
  const index = hits.length === 2 && ratioCompare(month.foodCpi, month.cpi) > 0 ? 'foodCpi' : hits[0];
  if (hits.length === 2) explanation.push({ text: `两项均达到启动条件，按涨幅较高的${NAME[index]}计算`, rule: R1553 });
  return { triggered: true, index, rise: month[index], explanation };
}

/** Is a group covered this month (dibao, tekun, orphan, …)? */
export const isCoveredGroup = (group: string, p: AssistanceParams) => need(p, 'priceLinkage.coveredGroups').includes(group);

/** Amount per covered person for one triggered month: the person's dibao standard × the rise, to whole yuan. */
export function priceSubsidy(standardFen: Fen, trigger: PriceTrigger, p: AssistanceParams): { amountFen: Fen; step: ExplanationStep } {
  if (!trigger.triggered || !trigger.rise) return { amountFen: 0, step: { text: '本月未触发联动机制，不发放价格临时补贴', rule: R1553, amountFen: 0 } };
  const rounding = need(p, 'priceLinkage.rounding');
  const { numerator, denominator } = parseRatio(trigger.rise);
  // Rounded once, straight to whole yuan: rounding to the fen first could round twice.
  const amountFen = mulFen(standardFen, numerator, denominator * 100, rounding) * 100;
  const exact = exactYuan(BigInt(standardFen) * BigInt(numerator), BigInt(denominator) * 100n);
  return {
    amountFen,
    step: {
      text: `价格临时补贴：低保标准 ${yuan(standardFen)} 元 × ${NAME[trigger.index!]}涨幅 ${percent(trigger.rise)} = ${exact} 元，取整为 ${yuan(amountFen)} 元/人`,
      rule: `${R1553}；${cite(p, 'priceLinkage.rounding')}`, values: { standardFen, rise: trigger.rise }, amountFen,
    },
  };
}

/** n / d as exact decimal text when d is a power of ten: 2054500n / 100000n → '20.545'. */
function exactYuan(n: bigint, d: bigint): string {
  const places = d.toString().length - 1;
  const digits = n.toString().padStart(places + 1, '0');
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
