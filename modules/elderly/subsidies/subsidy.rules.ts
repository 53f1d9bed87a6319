// Who qualifies for which elderly subsidy in a month, and how much: pure, with a readable reason.
import { formatYuan } from '#kernel';
import { LEVELS } from '../assessment/items';
import type { ElderlyParams } from '../parameters';

export const SUBSIDIES = {
  elderly_longevity: '高龄津贴',
  elderly_service: '经济困难老年人服务补贴',
  elderly_care: '经济困难失能老年人护理补贴',
} as const;
export type SubsidyProgramme = keyof typeof SUBSIDIES;
export const SUBSIDY_PROGRAMMES = Object.keys(SUBSIDIES) as SubsidyProgramme[];

export interface SubsidyFacts {
  age: number;
  living: boolean;
  /** resident of a care institution now */
  inInstitution: boolean;
  dibao: boolean;
  tekun: boolean;
  /** the level of the latest assessment still valid, or null */
  level: number | null;
}

export interface SubsidyDecision {
  programme: SubsidyProgramme;
  eligible: boolean;
  monthlyAmountFen: number;
  reasons: string[];
}

const yuan = (fen: number) => `${formatYuan(fen)} 元/月`;

export function longevity(f: SubsidyFacts, p: ElderlyParams): SubsidyDecision {
  const band = p.longevityBands.find((b) => f.age >= b.minAge && (b.maxAge == null || f.age <= b.maxAge));
  if (!band) return { programme: 'elderly_longevity', eligible: false, monthlyAmountFen: 0, reasons: [`${f.age} 周岁，不在高龄津贴年龄段内（${p.longevityBands.map((b) => `${b.minAge}${b.maxAge ? `–${b.maxAge}` : ' 以上'}`).join('、')}）`] };
  const range = `${band.minAge}${band.maxAge ? `–${band.maxAge}` : ' 周岁以上'}`;
  return { programme: 'elderly_longevity', eligible: band.fen > 0, monthlyAmountFen: band.fen, reasons: [`${f.age} 周岁，属 ${range} 年龄段：${yuan(band.fen)}`] };
}

const difficulty = (f: SubsidyFacts) => (f.tekun ? '特困供养' : f.dibao ? '低保' : null);

function homeBased(programme: SubsidyProgramme, f: SubsidyFacts, p: ElderlyParams): string | null {
  return f.inInstitution && p.stopOnAdmission.includes(programme) ? '已入住养老机构，居家补贴不予发放' : null;
}

export function service(f: SubsidyFacts, p: ElderlyParams): SubsidyDecision {
  const no = (why: string) => ({ programme: 'elderly_service' as const, eligible: false, monthlyAmountFen: 0, reasons: [why] });
  if (f.age < p.serviceSubsidy.minAge) return no(`${f.age} 周岁，未满 ${p.serviceSubsidy.minAge} 周岁`);
  const d = difficulty(f);
  if (!d) return no('不属于经济困难老年人（非低保、特困供养对象）');
  const inst = homeBased('elderly_service', f, p);
  if (inst) return no(inst);
  return { programme: 'elderly_service', eligible: true, monthlyAmountFen: p.serviceSubsidy.fen, reasons: [`${f.age} 周岁，${d}对象，居家：${yuan(p.serviceSubsidy.fen)}`] };
}

export function care(f: SubsidyFacts, p: ElderlyParams): SubsidyDecision {
  const no = (why: string) => ({ programme: 'elderly_care' as const, eligible: false, monthlyAmountFen: 0, reasons: [why] });
  if (f.level == null) return no('没有有效期内的能力评估结果');
  const fen = p.careByLevel[String(f.level) as '1'] ?? 0;
  if (fen <= 0) return no(`能力等级 ${f.level} 级（${LEVELS[f.level]}），不属于护理补贴范围`);
  const d = difficulty(f);
  if (!d) return no('不属于经济困难老年人（非低保、特困供养对象）');
  const inst = homeBased('elderly_care', f, p);
  if (inst) return no(inst);
  return { programme: 'elderly_care', eligible: true, monthlyAmountFen: fen, reasons: [`能力等级 ${f.level} 级（${LEVELS[f.level]}），${d}对象，居家：${yuan(fen)}`] };
}

/** Every subsidy for one person; nothing for the dead. */
export function subsidies(f: SubsidyFacts, p: ElderlyParams): SubsidyDecision[] {
  if (!f.living) return SUBSIDY_PROGRAMMES.map((programme) => ({ programme, eligible: false, monthlyAmountFen: 0, reasons: ['已死亡，停发'] }));
  return [longevity(f, p), service(f, p), care(f, p)];
}
