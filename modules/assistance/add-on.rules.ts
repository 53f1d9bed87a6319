import { mulFenByRatio, type Fen } from '#kernel';
import type { Member } from './calculator.schemas';
import { cite, type AssistanceParams, type ParamKey } from './parameters';
import { percent, yuan, type ExplanationStep } from './explain';

const CATEGORIES: { key: ParamKey; name: string; applies: (m: Member, elderlyAge: number) => boolean }[] = [
  { key: 'dibao.addOn.elderly', name: '老年人', applies: (m, age) => m.age >= age },
  { key: 'dibao.addOn.minor', name: '未成年人', applies: (m) => m.age < 18 },
  { key: 'dibao.addOn.severeDisability', name: '重度残疾人', applies: (m) => isSeverelyDisabled(m) },
  { key: 'dibao.addOn.seriousIllness', name: '重病患者', applies: (m) => m.seriousIllness === true },
];

/** Disability grade 1 or 2 (重度残疾), any kind. */
export const isSeverelyDisabled = (m: Member) => m.disabilityGrade !== undefined && m.disabilityGrade <= 2;

/**
 * 分类施保 (Shanxi): a share of the standard added per person for the elderly, minors, people with
 * severe disability and the seriously ill. One person in several categories gets the highest, or the
 * sum, by parameter. A category without a parameter adds nothing.
 */
export function addOnFor(m: Member, index: number, standardFen: Fen, p: AssistanceParams): { fen: Fen; step?: ExplanationStep } {
  const elderlyAge = p.values['dibao.addOn.elderlyMinAge'] ?? 60;
  const hits = CATEGORIES.filter((c) => p.values[c.key] !== undefined && c.applies(m, elderlyAge))
    .map((c) => ({ ...c, share: p.values[c.key] as string, fen: mulFenByRatio(standardFen, p.values[c.key] as string, 'half-up') }));
  if (hits.length === 0) return { fen: 0 };
  const sum = p.values['dibao.addOn.combine'] === 'sum';
  const chosen = sum ? hits : [hits.reduce((a, b) => (b.fen > a.fen ? b : a))];
  const fen = chosen.reduce((a, c) => a + c.fen, 0);
  const parts = chosen.map((c) => `${c.name}按标准 ${yuan(standardFen)} 元 × ${percent(c.share)} = ${yuan(c.fen)} 元`);
  const note = !sum && hits.length > 1 ? `（同时属于${hits.map((h) => h.name).join('、')}，取最高一项）` : '';
  return {
    fen,
    step: {
      text: `成员${index + 1}分类施保加发：${parts.join('，')}${note}`,
      rule: chosen.map((c) => cite(p, c.key)).join('；'),
      values: { member: index, standardFen, addOnFen: fen },
      amountFen: fen,
    },
  };
}

/**
 * 单人保: in a near-dibao household, a member with a disability of grade 1–2 (any kind) or grade 3
 * intellectual/psychiatric, or with a listed serious illness, may be enrolled alone.
 */
export function qualifiesAlone(m: Member): string | null {
  if (m.disabilityGrade !== undefined && m.disabilityGrade <= 2) return `持${m.disabilityGrade}级残疾人证`;
  if (m.disabilityGrade === 3 && (m.disabilityKind === 'intellectual' || m.disabilityKind === 'psychiatric')) {
    return `持3级${m.disabilityKind === 'intellectual' ? '智力' : '精神'}残疾人证`;
  }
  if (m.seriousIllness) return '患有本地认定的重特大疾病';
  return null;
}
