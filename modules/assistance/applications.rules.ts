// Pure intake policy: what makes an application complete, and what the calculator is given.
import type { FieldError } from '#kernel';
import type { CalculationInput, IncomeKind } from './calculator.schemas';
import { REQUIRED_DOCUMENTS, type ParsedApplication } from './applications.schemas';

export interface HouseholdMember {
  personId: number;
  name: string;
  idNumberMasked: string;
  age: number;
  status: string;
}

export interface StoredMember extends Omit<HouseholdMember, 'status'> {
  included: boolean;
  reason?: string | null;
}

export interface IncomeLine { personId: number; kind: IncomeKind; monthlyFen: number }
export interface AssetFacts { financialFen: number; vehicles: number; extraHousing: number }

// 民发〔2021〕57号: consent to verification from every adult verified (a guardian signs for minors).
const ADULT_AGE = 18;

/**
 * Every reason the window must refuse the application, all at once (申请材料一次性告知).
 * An empty list means the application is complete.
 */
export function intakeProblems(input: ParsedApplication, household: HouseholdMember[]): FieldError[] {
  const errors: FieldError[] = [];
  const living = household.filter((m) => m.status === 'living');
  const byId = new Map(living.map((m) => [m.personId, m]));
  const listed = new Map(input.members.map((m) => [m.personId, m]));

  if (input.programme !== 'dibao') {
    errors.push({ field: 'programme', code: 'PROGRAMME_NOT_OPEN', message: '特困、临时救助的网上办理流程尚未开通，请先按低保受理或线下办理' });
  }
  input.members.forEach((m, i) => {
    if (!byId.has(m.personId)) errors.push({ field: `members.${i}.personId`, code: 'MEMBER_UNKNOWN', message: '该人员不是本户现有成员' });
    if (!m.included && !m.reason?.trim()) errors.push({ field: `members.${i}.reason`, code: 'EXCLUSION_REASON_REQUIRED', message: '不计入家庭成员须说明原因' });
  });
  for (const m of living) {
    if (!listed.has(m.personId)) errors.push({ field: 'members', code: 'MEMBER_UNLISTED', message: `请说明 ${m.name} 是否计入共同生活家庭成员` });
  }
  const applicant = listed.get(input.applicantPersonId);
  if (!byId.has(input.applicantPersonId) || !applicant?.included) {
    errors.push({ field: 'applicantPersonId', code: 'APPLICANT_NOT_MEMBER', message: '申请人须为本户计入的家庭成员' });
  }
  input.incomes.forEach((x, i) => {
    if (!listed.get(x.personId)?.included) errors.push({ field: `incomes.${i}.personId`, code: 'INCOME_MEMBER_UNKNOWN', message: '收入须属于计入的家庭成员' });
  });

  const consented = new Set(input.consents.map((c) => c.personId));
  for (const m of living) {
    if (listed.get(m.personId)?.included && m.age >= ADULT_AGE && !consented.has(m.personId)) {
      errors.push({ field: `consents.${m.personId}`, code: 'CONSENT_MISSING', message: `缺少 ${m.name} 的家庭经济状况核对授权书（签字上传或电子确认）` });
    }
  }
  const provided = new Set(input.documents.map((d) => d.code));
  for (const [code, title] of Object.entries(REQUIRED_DOCUMENTS)) {
    if (!provided.has(code as never)) errors.push({ field: `documents.${code}`, code: 'DOCUMENT_MISSING', message: `缺少申请材料：${title}` });
  }
  return errors;
}

/** The members as stored on the application: the registry's facts at intake plus the caseworker's inclusion. */
export function storedMembers(input: ParsedApplication, household: HouseholdMember[]): StoredMember[] {
  const byId = new Map(household.map((m) => [m.personId, m]));
  return input.members.map((m) => {
    const h = byId.get(m.personId)!;
    return { personId: m.personId, name: h.name, idNumberMasked: h.idNumberMasked, age: h.age, included: m.included, reason: m.reason ?? null };
  });
}

export interface CalculationFacts {
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  members: StoredMember[];
  incomes: IncomeLine[];
  assets: AssetFacts;
  verification?: { incomes?: IncomeLine[]; totals: { financialAssetsFen: number; vehicles?: number; extraHousing?: number } } | null;
}

/**
 * The calculator's input for `month`: counted members (less anyone in `without`, e.g. a member who
 * died), verified incomes where the verification gave them, otherwise the declared ones.
 */
export function calculationInputOf(f: CalculationFacts, month: string, without: ReadonlySet<number> = new Set()): CalculationInput {
  const counted = f.members.filter((m) => m.included && !without.has(m.personId));
  const index = new Map(counted.map((m, i) => [m.personId, i]));
  const incomes = (f.verification?.incomes ?? f.incomes)
    .filter((x) => index.has(x.personId))
    .map((x) => ({ member: index.get(x.personId)!, kind: x.kind, monthlyFen: x.monthlyFen }));
  const t = f.verification?.totals;
  const assets = t ? { financialFen: t.financialAssetsFen, vehicles: t.vehicles ?? 0, extraHousing: t.extraHousing ?? 0 } : f.assets;
  return {
    programme: 'dibao', divisionCode: f.divisionCode, urbanRural: f.urbanRural, month,
    members: counted.map((m) => ({ age: m.age })), incomes, assets,
  };
}

export function countedMembers(f: Pick<CalculationFacts, 'members'>, without: ReadonlySet<number> = new Set()): StoredMember[] {
  return f.members.filter((m) => m.included && !without.has(m.personId));
}
