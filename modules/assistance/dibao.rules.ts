import { mulFenByRatio, parseRatio, type Fen } from '#kernel';
import type { Assets, CalculationInput, Member } from './calculator.schemas';
import { addOnFor, qualifiesAlone } from './add-on.rules';
import { assetsWithinLimits } from './assets.rules';
import { countIncome, perCapita } from './income.rules';
import { isNearDibao } from './low-income.rules';
import { reviewCategory, reviewIntervalMonths } from './review.rules';
import { noStandard } from './errors';
import { cite, need, type AssistanceParams } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';
import type { Outcome } from './outcome';

export const R57 = '民发〔2021〕57号《最低生活保障审核确认办法》';
const AREA = { urban: '城市', rural: '农村' } as const;

export type DibaoInput = Pick<CalculationInput, 'urbanRural' | 'members' | 'incomes' | 'deductions' | 'assets' | 'irregularIncome'> & { month?: string };

/** The dibao standard of the area, with the step that names it. */
export function dibaoStandard(urbanRural: 'urban' | 'rural', p: AssistanceParams, month = p.date.slice(0, 7)) {
  const key = urbanRural === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const standardFen = p.values[key];
  if (standardFen === undefined) throw noStandard(`${AREA[urbanRural]}低保标准`, p.divisionCode, month);
  const step: ExplanationStep = { text: `适用${AREA[urbanRural]}低保标准 ${yuan(standardFen)} 元/人·月`, rule: cite(p, key), values: { standardFen } };
  return { standardFen, step };
}

/** Dibao for a household: income test, assets test, amount, add-ons, floor; or near-dibao and 单人保. */
export function dibao(input: DibaoInput, p: AssistanceParams): Outcome {
  const members = input.members;
  const n = members.length;
  const { standardFen, step } = dibaoStandard(input.urbanRural, p, input.month);
  const income = countIncome(input.incomes ?? [], input.deductions ?? [], need(p, 'dibao.income.excludedKinds'), cite(p, 'dibao.income.excludedKinds'));
  const counted = income.countedFen;
  const perCapitaIncomeFen = perCapita(counted, n);
  const steps: ExplanationStep[] = [step, ...income.steps, {
    text: `家庭月收入 ${yuan(counted)} 元 ÷ ${n} 人 = 人均 ${yuan(perCapitaIncomeFen)} 元/月`, rule: R57, values: { countedFen: counted, members: n, perCapitaIncomeFen },
  }];
  const assets = checkAssets(input.assets, n, standardFen, p);
  steps.push(...assets.steps);
  const base = { membersCounted: n, standardFen, householdIncomeFen: counted, perCapitaIncomeFen };

  // 民发〔2021〕57号: strictly below the standard. Compared as totals, so no rounding decides it.
  const below = counted < standardFen * n;
  steps.push({
    text: below
      ? `人均收入 ${yuan(perCapitaIncomeFen)} 元低于标准 ${yuan(standardFen)} 元，符合收入条件`
      : `人均收入 ${yuan(perCapitaIncomeFen)} 元${counted === standardFen * n ? '等于' : '高于'}标准 ${yuan(standardFen)} 元，不符合收入条件（须低于标准）`,
    rule: R57, values: { perCapitaIncomeFen, standardFen },
  });
  if (!assets.within) {
    steps.push({ text: '家庭财产超过规定，不符合低保条件', rule: R57 });
    return { ...base, eligible: false, category: 'none', membersPaid: 0, monthlyAmountFen: 0, explanation: steps };
  }
  if (below) return enrolHousehold(input, standardFen, steps, base, p);
  return nearDibaoOrNone(members, counted, standardFen, steps, base, p);
}

function checkAssets(assets: Assets | undefined, n: number, standardFen: Fen, p: AssistanceParams) {
  return assetsWithinLimits(assets, n, standardFen, {
    financialMonths: need(p, 'dibao.assets.financialMonthsOfStandard'),
    maxVehicles: need(p, 'dibao.assets.maxVehicles'),
    maxExtraHousing: need(p, 'dibao.assets.maxExtraHousing'),
  }, cite(p, 'dibao.assets.financialMonthsOfStandard'));
}

type Base = Pick<Outcome, 'membersCounted' | 'standardFen' | 'householdIncomeFen' | 'perCapitaIncomeFen'>;

function enrolHousehold(input: DibaoInput, standardFen: Fen, steps: ExplanationStep[], base: Base, p: AssistanceParams): Outcome {
  const n = input.members.length;
  const counted = base.householdIncomeFen;
  const main = p.values['dibao.amount.mode'] === 'banded' ? bandedAmount(counted, n, standardFen, p) : gapAmount(counted, n, standardFen, base.perCapitaIncomeFen);
  steps.push(main);
  const floor = floorTopUp(main.amountFen!, n, standardFen, p);
  if (floor) steps.push(floor);
  const addOns = input.members.map((m, i) => addOnFor(m, i, standardFen, p));
  for (const a of addOns) if (a.step) steps.push(a.step);
  const addOnsFen = addOns.reduce((s, a) => s + a.fen, 0);
  const monthlyAmountFen = main.amountFen! + (floor?.amountFen ?? 0) + addOnsFen;
  steps.push(totalStep(steps, monthlyAmountFen, '月低保金合计'));
  const review = reviewIntervalFor(input, p);
  if (review) steps.push(review.step);
  return {
    ...base, eligible: true, category: 'dibao', inclusion: 'household', membersPaid: n, monthlyAmountFen, addOnsFen,
    reviewIntervalMonths: review?.months, explanation: steps,
  };
}

/** 差额救助: standard × members − household income. */
function gapAmount(counted: Fen, n: number, standardFen: Fen, perCapitaFen: Fen): ExplanationStep {
  const amountFen = standardFen * n - counted;
  const text = perCapitaFen * n === counted
    ? `差额救助：（标准 ${yuan(standardFen)} − 人均收入 ${yuan(perCapitaFen)}）= ${yuan(standardFen - perCapitaFen)} 元/人 × ${n} 人 = ${yuan(amountFen)} 元`
    : `差额救助：标准 ${yuan(standardFen)} 元 × ${n} 人 − 家庭收入 ${yuan(counted)} 元 = ${yuan(amountFen)} 元`;
  return { text, rule: R57, values: { standardFen, members: n, countedFen: counted }, amountFen };
}

/** 分档救助: the first band whose income limit the household's per-capita income is below. */
function bandedAmount(counted: Fen, n: number, standardFen: Fen, p: AssistanceParams): ExplanationStep {
  const bands = need(p, 'dibao.amount.bands');
  const index = bands.findIndex((b) => {
    const { numerator, denominator } = parseRatio(b.incomeBelow);
    return BigInt(counted) * BigInt(denominator) < BigInt(numerator) * BigInt(standardFen) * BigInt(n);
  });
  const rule = cite(p, 'dibao.amount.bands');
  if (index < 0) return { text: '人均收入不在任何档次内，分档救助金额为 0', rule, values: { countedFen: counted }, amountFen: 0 };
  const band = bands[index];
  const perPerson = mulFenByRatio(standardFen, band.pay, 'half-up');
  return {
    text: `分档救助第 ${index + 1} 档（人均收入低于标准的 ${percent(band.incomeBelow)}）：标准 ${yuan(standardFen)} 元 × ${percent(band.pay)} = ${yuan(perPerson)} 元/人 × ${n} 人 = ${yuan(perPerson * n)} 元`,
    rule, values: { band: index + 1, perPersonFen: perPerson, members: n }, amountFen: perPerson * n,
  };
}

/** 保底: each person at least a share of the standard; the step carries only the top-up. */
function floorTopUp(amountFen: Fen, n: number, standardFen: Fen, p: AssistanceParams): ExplanationStep | null {
  const share = p.values['dibao.floor.shareOfStandard'];
  if (share === undefined) return null;
  const perPerson = mulFenByRatio(standardFen, share, 'half-up');
  const floor = perPerson * n;
  if (amountFen >= floor) return null;
  return {
    text: `不足保底金额（标准 ${yuan(standardFen)} 元 × ${percent(share)} = ${yuan(perPerson)} 元/人 × ${n} 人 = ${yuan(floor)} 元），补足 ${yuan(floor - amountFen)} 元`,
    rule: cite(p, 'dibao.floor.shareOfStandard'), values: { floorFen: floor, beforeFen: amountFen }, amountFen: floor - amountFen,
  };
}

function nearDibaoOrNone(members: readonly Member[], counted: Fen, standardFen: Fen, steps: ExplanationStep[], base: Base, p: AssistanceParams): Outcome {
  const near = isNearDibao(counted, members.length, standardFen, p);
  steps.push(near.step);
  if (!near.near) return { ...base, eligible: false, category: 'none', membersPaid: 0, monthlyAmountFen: 0, explanation: steps };
  const alone = members.map((m, i) => ({ m, i, why: qualifiesAlone(m) })).filter((x) => x.why);
  if (alone.length === 0) {
    steps.push({ text: '家庭成员中没有符合单人保条件的人，不发放低保金', rule: R57 });
    return { ...base, eligible: false, category: 'near_dibao', membersPaid: 0, monthlyAmountFen: 0, explanation: steps };
  }
  const share = need(p, 'dibao.singlePerson.shareOfStandard');
  const perPerson = mulFenByRatio(standardFen, share, 'half-up');
  let addOnsFen = 0;
  for (const { m, i, why } of alone) {
    steps.push({
      text: `单人保：成员${i + 1}${why}，单独纳入低保，按标准 ${yuan(standardFen)} 元 × ${percent(share)} = ${yuan(perPerson)} 元`,
      rule: `${R57}；${cite(p, 'dibao.singlePerson.shareOfStandard')}`, values: { member: i, amountFen: perPerson }, amountFen: perPerson,
    });
    const a = addOnFor(m, i, standardFen, p);
    if (a.step) steps.push(a.step);
    addOnsFen += a.fen;
  }
  const monthlyAmountFen = perPerson * alone.length + addOnsFen;
  steps.push(totalStep(steps, monthlyAmountFen, `月低保金合计（${alone.length} 人单人保）`));
  return { ...base, eligible: true, category: 'dibao', inclusion: 'single_person', membersPaid: alone.length, monthlyAmountFen, addOnsFen, explanation: steps };
}

/** The closing step: the parts the earlier steps contributed, added up. */
export function totalStep(steps: readonly ExplanationStep[], totalFen: Fen, label: string): ExplanationStep {
  const parts = steps.filter((s) => s.amountFen !== undefined).map((s) => yuan(s.amountFen!));
  return { text: `${label} ${parts.length > 1 ? `${parts.join(' + ')} = ` : ''}${yuan(totalFen)} 元`, rule: R57, values: { monthlyAmountFen: totalFen } };
}

function reviewIntervalFor(input: DibaoInput, p: AssistanceParams) {
  const category = reviewCategory(input.members, input.irregularIncome ?? false);
  const key = category === 'stable' ? 'dibao.review.intervalMonths.stable' : 'dibao.review.intervalMonths.irregularIncome';
  return p.values[key] === undefined ? null : reviewIntervalMonths(category, p);
}
