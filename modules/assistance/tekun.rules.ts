import { mulFen, mulFenByRatio, roundToYuan, type Fen } from '#kernel';
import type { CalculationInput, Member } from './calculator.schemas';
import { countIncome, perCapita } from './income.rules';
import { assetsWithinLimits } from './assets.rules';
import { dibaoStandard } from './dibao.rules';
import { noStandard, tekunBelowDibao } from './errors';
import { cite, need, type AssistanceParams, type ParamKey } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';
import type { Outcome } from './outcome';

export const R43 = '民发〔2021〕43号《特困人员认定办法》';
type TekunCase = NonNullable<CalculationInput['tekun']>;
type Supporter = NonNullable<TekunCase['supporters']>[number];

/** 民发〔2021〕43号: no capacity to work — the reason, or null. */
export function noWorkCapacity(m: Member): string | null {
  if (m.age >= 60) return `年满 60 周岁（${m.age} 岁）`;
  if (m.age < 18) return `未满 18 周岁（${m.age} 岁）`;
  if (['primary', 'junior_secondary', 'senior_secondary', 'vocational'].includes(m.schooling ?? '')) {
    return `年满 18 周岁仍在接受义务教育或普通高中、中等职业学校教育`;
  }
  const g = m.disabilityGrade;
  if (g !== undefined) {
    if ((m.disabilityKind === 'intellectual' || m.disabilityKind === 'psychiatric') && g <= 3) return `${m.disabilityKind === 'intellectual' ? '智力' : '精神'}残疾 ${g} 级`;
    if (m.disabilityKind === 'physical' && g <= 2) return `肢体残疾 ${g} 级`;
    if (m.disabilityKind === 'visual' && g === 1) return '视力残疾 1 级';
  }
  return null;
}

const SUPPORTER_UNABLE: Record<Exclude<Supporter['status'], 'able'>, string> = {
  tekun: '本人是特困人员',
  dibao_aged_60: '是 60 周岁以上的低保对象',
  aged_70_low_income: '年满 70 周岁且收入低于上年当地人均可支配收入',
  severely_disabled_low_income: '是重度残疾人且收入低于上年当地人均可支配收入',
  incapacitated: '无民事行为能力',
  missing: '被宣告失踪',
  in_prison: '在监狱服刑',
};

const BASIC_KEY = { urban: 'tekun.basicStandard.urban', home_based: 'tekun.basicStandard.ruralHomeBased', institutional: 'tekun.basicStandard.ruralInstitutional' } as const;
const CARE_KEY = { self_caring: 'tekun.careShare.selfCaring', partly_dependent: 'tekun.careShare.partlyDependent', fully_dependent: 'tekun.careShare.fullyDependent' } as const;
const CARE_NAME = { self_caring: '生活能自理', partly_dependent: '部分丧失生活自理能力', fully_dependent: '完全丧失生活自理能力' } as const;
const MODE_NAME = { home_based: '分散供养', institutional: '集中供养' } as const;

export type TekunInput = Pick<CalculationInput, 'urbanRural' | 'members' | 'incomes' | 'assets'> & { tekun: TekunCase; month?: string };

/** Tekun: all three conditions, then basic standard (annual ÷ 12) plus care standard by grade. */
export function tekun(input: TekunInput, p: AssistanceParams): Outcome {
  const t = input.tekun;
  const who = t.applicant ?? 0;
  const person = input.members[who];
  const { standardFen, step } = dibaoStandard(input.urbanRural, p, input.month);
  const steps: ExplanationStep[] = [step];
  const own = (input.incomes ?? []).filter((i) => i.member === who);
  const income = countIncome(own, [], need(p, 'tekun.income.excludedKinds'), cite(p, 'tekun.income.excludedKinds'));
  steps.push(...income.steps);
  const base = { membersCounted: 1, standardFen, householdIncomeFen: income.countedFen, perCapitaIncomeFen: perCapita(income.countedFen, 1) };
  const refuse = (text: string): Outcome => {
    steps.push({ text, rule: R43 });
    return { ...base, eligible: false, category: 'none', membersPaid: 0, monthlyAmountFen: 0, explanation: steps };
  };
  if (t.orphan && person.age < 18) return refuse('符合孤儿认定条件，按孤儿基本生活保障，不纳入特困人员');

  const incapacity = noWorkCapacity(person);
  steps.push({ text: incapacity ? `无劳动能力：${incapacity}` : '不符合无劳动能力的条件（年龄、残疾类别和等级均不满足）', rule: R43 });
  const lowIncome = income.countedFen < standardFen;
  steps.push({
    text: `本人收入 ${yuan(income.countedFen)} 元/月${lowIncome ? '低于' : '不低于'}低保标准 ${yuan(standardFen)} 元`,
    rule: R43, values: { incomeFen: income.countedFen, standardFen },
  });
  const assets = assetsWithinLimits(input.assets, 1, standardFen, {
    financialMonths: need(p, 'tekun.assets.financialMonthsOfStandard'), maxVehicles: need(p, 'dibao.assets.maxVehicles'), maxExtraHousing: need(p, 'dibao.assets.maxExtraHousing'),
  }, cite(p, 'tekun.assets.financialMonthsOfStandard'));
  steps.push(...assets.steps);
  const supporters = t.supporters ?? [];
  const able = supporters.filter((s) => s.status === 'able').length;
  steps.push({
    text: supporters.length === 0 ? '无法定赡养、抚养、扶养义务人'
      : able ? `有 ${able} 名法定义务人具备赡养、抚养、扶养能力`
      : `法定义务人均无履行能力：${supporters.map((s) => SUPPORTER_UNABLE[s.status as keyof typeof SUPPORTER_UNABLE]).join('；')}`,
    rule: R43,
  });
  if (!incapacity || !lowIncome || !assets.within || able > 0) return refuse('须同时符合无劳动能力、无生活来源、无法定义务人或义务人无履行能力三个条件，不予认定');
  return tekunAmount(input, steps, base, p);
}

function tekunAmount(input: TekunInput, steps: ExplanationStep[], base: Pick<Outcome, 'membersCounted' | 'standardFen' | 'householdIncomeFen' | 'perCapitaIncomeFen'>, p: AssistanceParams): Outcome {
  const t = input.tekun;
  const basicKey = input.urbanRural === 'urban' ? BASIC_KEY.urban : BASIC_KEY[t.mode];
  const annual = p.values[basicKey];
  if (annual === undefined) throw noStandard('特困人员基本生活标准', p.divisionCode, input.month ?? p.date.slice(0, 7));
  const basicMonthly = mulFen(annual, 1, 12, 'half-up');
  steps.push({
    text: `${input.urbanRural === 'urban' ? '城市' : '农村'}${MODE_NAME[t.mode]}基本生活标准 ${yuan(annual)} 元/年 ÷ 12 = ${yuan(basicMonthly)} 元/月（四舍五入到分）`,
    rule: cite(p, basicKey), values: { annualFen: annual }, amountFen: basicMonthly,
  });
  const wage = need(p, 'minimumWage.monthly');
  const share = need(p, CARE_KEY[t.careGrade]);
  const care = mulFenByRatio(wage, share, 'half-up');
  steps.push({
    text: `照料护理标准（${CARE_NAME[t.careGrade]}）：月最低工资 ${yuan(wage)} 元 × ${percent(share)} = ${yuan(care)} 元/月${t.mode === 'institutional' ? '，由供养机构统筹用于照料护理' : ''}`,
    rule: `${cite(p, CARE_KEY[t.careGrade])}；${cite(p, 'minimumWage.monthly')}`, values: { minimumWageFen: wage, share }, amountFen: care,
  });
  const monthlyAmountFen = basicMonthly + care;
  steps.push({ text: `月供养金合计 ${yuan(basicMonthly)} + ${yuan(care)} = ${yuan(monthlyAmountFen)} 元`, rule: R43, values: { monthlyAmountFen } });
  return { ...base, eligible: true, category: 'tekun', membersPaid: 1, monthlyAmountFen, explanation: steps };
}

/** The tekun basic standard key that must stay ≥ 1.3 × 12 × a dibao standard key, and back. */
export const TEKUN_DIBAO_PAIRS: { tekun: ParamKey; dibao: ParamKey; area: string }[] = [
  { tekun: 'tekun.basicStandard.urban', dibao: 'dibao.standard.urban', area: '城市' },
  { tekun: 'tekun.basicStandard.ruralHomeBased', dibao: 'dibao.standard.rural', area: '农村分散供养' },
  { tekun: 'tekun.basicStandard.ruralInstitutional', dibao: 'dibao.standard.rural', area: '农村集中供养' },
];

/**
 * 国发〔2016〕14号, 民发〔2021〕43号: the tekun basic standard is at least 1.3 × the annualised dibao
 * standard of the same area. The minimum is rounded to whole yuan (587 × 12 × 1.3 = 9157.2 → 9157).
 */
export function validateTekunStandard(a: { tekunAnnualFen: Fen; dibaoMonthlyFen: Fen; multiple: string; area: string; entering?: 'tekun' | 'dibao' }): void {
  const minimumFen = roundToYuan(mulFenByRatio(a.dibaoMonthlyFen * 12, a.multiple, 'half-up'), 'half-up');
  if (a.tekunAnnualFen >= minimumFen) return;
  throw tekunBelowDibao(
    `${a.area}特困人员基本生活标准 ${yuan(a.tekunAnnualFen)} 元/年低于低保标准 ${yuan(a.dibaoMonthlyFen)} 元/月 × 12 × ${a.multiple} = ${yuan(minimumFen)} 元/年，不予保存${a.entering === 'dibao' ? '；请先提高特困人员基本生活标准' : ''}`,
    { tekunAnnualFen: a.tekunAnnualFen, dibaoMonthlyFen: a.dibaoMonthlyFen, minimumFen },
  );
}
