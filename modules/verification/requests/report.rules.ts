// 核对报告: pure computation of a report from the findings of each source, the declared facts and
// the limits in force. No I/O: the service gathers, this decides.
import { FINANCIAL_KINDS, FINDING_KINDS, type FindingKind } from '../sources/catalogue';

export interface ReportPerson { personId: number; name: string }
export interface ReportFinding {
  sourceCode: string; personId: number; kind: FindingKind; reference: string;
  monthlyIncomeFen: number; amountFen: number; eventDate: string | null; detail: string;
}
export interface ReportSource { code: string; name: string; status: 'answered' | 'failed'; error?: string | null }
export interface Declared { monthlyIncomeFen: number; financialFen: number; vehicles: number; extraHousing: number; hasBusinessIncome: boolean }
export interface Limits { standardFen: number; members: number; financialMonths: number; maxVehicles: number; maxExtraHousing: number; toleranceFen: number }

export type Severity = 'high' | 'medium' | 'info';
export interface Discrepancy {
  code: string; severity: Severity; title: string; message: string;
  declared: number | null; found: number | null; sourceCodes: string[]; personId?: number;
}

export interface VerifiedIncome { personId: number; kind: 'wage' | 'business' | 'social_insurance_benefit'; monthlyFen: number }

export interface Report {
  sources: (ReportSource & { findings: number; monthlyIncomeFen: number; amountFen: number; summary: string })[];
  incomes: VerifiedIncome[];
  totals: { monthlyIncomeFen: number; financialAssetsFen: number; vehicles: number; properties: number; extraHousing: number; businesses: number; deaths: number };
  limits: { incomeLimitFen: number; financialLimitFen: number; maxVehicles: number; maxExtraHousing: number; standardFen: number; members: number };
  discrepancies: Discrepancy[];
  complete: boolean;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const WAGE_KINDS = new Set<FindingKind>(['income', 'housing_fund']);

/**
 * Per person: wages are the highest of what tax, social insurance and the housing fund say (the same
 * pay seen by three departments, not three pays); pensions and business income add up.
 */
export function verifiedIncomes(findings: ReportFinding[]): VerifiedIncome[] {
  const by = new Map<string, VerifiedIncome>();
  const put = (personId: number, kind: VerifiedIncome['kind'], fen: number, max: boolean) => {
    const k = `${personId}:${kind}`;
    const cur = by.get(k);
    if (!cur) by.set(k, { personId, kind, monthlyFen: fen });
    else cur.monthlyFen = max ? Math.max(cur.monthlyFen, fen) : cur.monthlyFen + fen;
  };
  for (const f of findings) {
    if (WAGE_KINDS.has(f.kind)) put(f.personId, 'wage', f.monthlyIncomeFen, true);
    else if (f.kind === 'pension') put(f.personId, 'social_insurance_benefit', f.monthlyIncomeFen, false);
    else if (f.kind === 'business') put(f.personId, 'business', f.monthlyIncomeFen, false);
  }
  return [...by.values()].filter((i) => i.monthlyFen > 0).sort((a, b) => a.personId - b.personId || a.kind.localeCompare(b.kind));
}

function distinct(findings: ReportFinding[], kind: FindingKind): ReportFinding[] {
  const seen = new Map<string, ReportFinding>();
  for (const f of findings.filter((x) => x.kind === kind)) seen.set(`${f.personId}:${f.reference || f.sourceCode}`, f);
  return [...seen.values()];
}

export function compileReport(persons: ReportPerson[], sources: ReportSource[], findings: ReportFinding[], declared: Declared, limits: Limits): Report {
  const name = (id: number) => persons.find((p) => p.personId === id)?.name ?? String(id);
  const incomes = verifiedIncomes(findings);
  const monthlyIncomeFen = incomes.reduce((s, i) => s + i.monthlyFen, 0);
  const financialAssetsFen = findings.filter((f) => FINANCIAL_KINDS.has(f.kind)).reduce((s, f) => s + f.amountFen, 0);
  const vehicles = distinct(findings, 'vehicle');
  const properties = distinct(findings, 'property');
  const businesses = distinct(findings, 'business');
  const deaths = [...new Map(findings.filter((f) => f.kind === 'death').map((f) => [f.personId, f])).values()];
  // the one home a household lives in is not an asset counted against it
  const extraHousing = Math.max(0, properties.length - 1);
  const incomeLimitFen = limits.standardFen * limits.members;
  const financialLimitFen = limits.standardFen * limits.financialMonths * limits.members;
  const src = (kinds: FindingKind[]) => [...new Set(findings.filter((f) => kinds.includes(f.kind)).map((f) => f.sourceCode))];

  const d: Discrepancy[] = [];
  for (const f of deaths) {
    d.push({ code: 'MEMBER_DECEASED', severity: 'high', title: '家庭成员已死亡', personId: f.personId, declared: null, found: null, sourceCodes: src(['death']),
      message: `${name(f.personId)} 已于 ${f.eventDate ?? '（日期不详）'} 死亡，须从共同生活家庭成员中核减` });
  }
  if (monthlyIncomeFen > declared.monthlyIncomeFen + limits.toleranceFen) {
    const over = monthlyIncomeFen >= incomeLimitFen;
    d.push({ code: 'INCOME_ABOVE_DECLARED', severity: over ? 'high' : 'medium', title: '核实收入高于申报', declared: declared.monthlyIncomeFen, found: monthlyIncomeFen,
      sourceCodes: src(['income', 'housing_fund', 'pension', 'business']),
      message: `核实家庭月收入 ${yuan(monthlyIncomeFen)} 元，申报 ${yuan(declared.monthlyIncomeFen)} 元${over ? `，已达到低保标准 ${yuan(limits.standardFen)} 元 × ${limits.members} 人 = ${yuan(incomeLimitFen)} 元` : ''}` });
  } else if (declared.monthlyIncomeFen > monthlyIncomeFen + limits.toleranceFen) {
    d.push({ code: 'INCOME_NOT_FOUND', severity: 'info', title: '申报收入未在部门数据中发现', declared: declared.monthlyIncomeFen, found: monthlyIncomeFen, sourceCodes: [],
      message: `申报家庭月收入 ${yuan(declared.monthlyIncomeFen)} 元，部门数据核实 ${yuan(monthlyIncomeFen)} 元（灵活就业等收入以入户调查为准）` });
  }
  if (financialAssetsFen > declared.financialFen + limits.toleranceFen) {
    const over = financialAssetsFen > financialLimitFen;
    d.push({ code: 'FINANCIAL_ABOVE_DECLARED', severity: over ? 'high' : 'medium', title: '核实金融资产高于申报', declared: declared.financialFen, found: financialAssetsFen, sourceCodes: src(['deposit', 'securities']),
      message: `核实存款、证券合计 ${yuan(financialAssetsFen)} 元，申报 ${yuan(declared.financialFen)} 元${over ? `，超过上限 ${yuan(financialLimitFen)} 元` : ''}` });
  }
  if (vehicles.length > declared.vehicles) {
    const over = vehicles.length > limits.maxVehicles;
    d.push({ code: 'VEHICLE_UNDECLARED', severity: over ? 'high' : 'medium', title: '有未申报的机动车', declared: declared.vehicles, found: vehicles.length, sourceCodes: src(['vehicle']),
      message: `登记机动车 ${vehicles.length} 辆（${vehicles.map((v) => `${name(v.personId)} ${v.reference}`).join('、')}），申报 ${declared.vehicles} 辆${over ? `，超过上限 ${limits.maxVehicles} 辆` : ''}` });
  }
  if (extraHousing > declared.extraHousing) {
    const over = extraHousing > limits.maxExtraHousing;
    d.push({ code: 'HOUSING_UNDECLARED', severity: over ? 'high' : 'medium', title: '有未申报的住房', declared: declared.extraHousing, found: extraHousing, sourceCodes: src(['property']),
      message: `登记不动产 ${properties.length} 处（唯一住房外 ${extraHousing} 处），申报唯一住房外 ${declared.extraHousing} 处${over ? `，超过上限 ${limits.maxExtraHousing} 处` : ''}` });
  }
  if (businesses.length && !declared.hasBusinessIncome) {
    d.push({ code: 'BUSINESS_UNDECLARED', severity: 'medium', title: '有未申报的经营主体', declared: 0, found: businesses.length, sourceCodes: src(['business']),
      message: `登记市场主体 ${businesses.length} 户（${businesses.map((b) => `${name(b.personId)} ${b.reference}`).join('、')}），未申报经营收入` });
  }
  for (const s of sources.filter((x) => x.status === 'failed')) {
    d.push({ code: 'SOURCE_UNANSWERED', severity: 'medium', title: '部门未应答', declared: null, found: null, sourceCodes: [s.code],
      message: `“${s.name}”未能应答（${s.error ?? '原因不详'}），该项须线下补充核对` });
  }

  const perSource = sources.map((s) => {
    const own = findings.filter((f) => f.sourceCode === s.code);
    const kinds = [...new Set(own.map((f) => FINDING_KINDS[f.kind]))];
    return {
      ...s,
      findings: own.length,
      monthlyIncomeFen: own.reduce((x, f) => x + f.monthlyIncomeFen, 0),
      amountFen: own.reduce((x, f) => x + f.amountFen, 0),
      summary: s.status === 'failed' ? '未应答' : own.length === 0 ? '未发现记录' : `发现 ${own.length} 条：${kinds.join('、')}`,
    };
  });
  return {
    sources: perSource,
    incomes,
    totals: { monthlyIncomeFen, financialAssetsFen, vehicles: vehicles.length, properties: properties.length, extraHousing, businesses: businesses.length, deaths: deaths.length },
    limits: { incomeLimitFen, financialLimitFen, maxVehicles: limits.maxVehicles, maxExtraHousing: limits.maxExtraHousing, standardFen: limits.standardFen, members: limits.members },
    discrepancies: d,
    complete: sources.every((s) => s.status === 'answered'),
  };
}
