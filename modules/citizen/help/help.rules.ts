// 我可能享受哪些帮扶: turns a few plain answers into the calculator's inputs for each programme that
// may fit. Pure: the service runs the calculator with the month's parameters.
import { z } from 'zod';
import type { CalculationInput } from '#assistance';

export const helpAnswers = z.object({
  monthlyIncomeYuan: z.number().min(0).max(1_000_000).describe('全家每月总收入（元，不算低保金等救助款）'),
  savingsYuan: z.number().min(0).max(100_000_000).default(0).describe('全家存款、理财等合计（元）'),
  vehicles: z.number().int().min(0).max(20).default(0),
  extraHousing: z.number().int().min(0).max(20).default(0),
  cannotWork: z.boolean().default(false).describe('家里的人都没有劳动能力（年老、重病、重残）'),
  noSupporters: z.boolean().default(false).describe('没有子女、父母等能赡养扶养的人，或他们也没有能力'),
  suddenHardship: z.boolean().default(false).describe('最近遇到火灾、车祸、突发重病等急事'),
  bigExpense: z.boolean().default(false).describe('最近看病、上学等开支太大，生活一时困难'),
});
export type HelpAnswers = z.infer<typeof helpAnswers>;

export interface HouseholdFacts { divisionCode: string; urbanRural: 'urban' | 'rural'; ages: number[] }

const fen = (yuan: number) => Math.round(yuan * 100);

/** One calculator input per programme worth estimating, with why it was considered. */
export function candidateInputs(h: HouseholdFacts, a: HelpAnswers, month: string): { programme: 'dibao' | 'tekun' | 'temporary'; why: string; input: CalculationInput }[] {
  const base = {
    divisionCode: h.divisionCode, urbanRural: h.urbanRural, month,
    members: h.ages.map((age) => ({ age, ...(a.cannotWork ? { workCapacity: 'none' as const } : {}) })),
    incomes: a.monthlyIncomeYuan > 0 ? [{ member: 0, kind: 'wage' as const, monthlyFen: fen(a.monthlyIncomeYuan) }] : [],
    assets: { financialFen: fen(a.savingsYuan), vehicles: a.vehicles, extraHousing: a.extraHousing },
  };
  const out: ReturnType<typeof candidateInputs> = [
    { programme: 'dibao', why: '按您家的人数、收入和财产估算', input: { ...base, programme: 'dibao' } },
  ];
  if (a.cannotWork && a.noSupporters && h.ages.length === 1) {
    out.push({
      programme: 'tekun', why: '您独自生活、没有劳动能力，也没有能赡养您的人',
      input: { ...base, programme: 'tekun', tekun: { applicant: 0, mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false } },
    });
  }
  if (a.suddenHardship || a.bigExpense) {
    out.push({
      programme: 'temporary', why: a.suddenHardship ? '您家最近遇到了急事' : '您家最近开支太大',
      input: { ...base, programme: 'temporary', temporary: { kind: a.suddenHardship ? 'emergency' : 'expenditure', months: 3, approvingLevel: 'township' } },
    });
  }
  return out;
}
