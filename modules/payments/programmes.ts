// Names of the programmes staff know. The key is free text: a programme not listed here is paid
// all the same and shown by its key.
const NAMES: Record<string, string> = {
  dibao: '最低生活保障',
  tekun: '特困人员救助供养',
  tekun_care: '特困人员照料护理',
  price_linkage: '价格临时补贴',
  temporary: '临时救助',
  elderly_longevity: '高龄津贴',
  elderly_service: '经济困难老年人服务补贴',
  elderly_care: '失能老年人护理补贴',
  child_orphan: '孤儿基本生活费',
  child_unsupported: '事实无人抚养儿童基本生活补贴',
  disability_living: '困难残疾人生活补贴',
  disability_care: '重度残疾人护理补贴',
};

/** A programme paid in parts: each part is reported with the programme it belongs to (a tekun
 *  person's care standard is part of their tekun support, not another household on the roll). */
export const PROGRAMME_PARTS: Readonly<Record<string, string>> = { tekun_care: 'tekun' };

/** The programme a line is reported under: itself, or the programme it is a part of. */
export function reportingProgramme(key: string): string {
  return PROGRAMME_PARTS[key] ?? key;
}

/** The same in SQL, over a programme column: `CASE <column> WHEN '<part>' THEN '<programme>' … ELSE <column> END`. */
export function reportingProgrammeSql(column: string): string {
  const parts = Object.entries(PROGRAMME_PARTS);
  if (!parts.length) return column;
  return `CASE ${column} ${parts.map(([part, of]) => `WHEN '${part}' THEN '${of}'`).join(' ')} ELSE ${column} END`;
}

export const PROGRAMME_KEY = /^[a-z][a-z0-9_]{1,39}$/;

export function programmeName(key: string): string {
  return NAMES[key] ?? key;
}
