import { regionWarning, validateIdNumber, type FieldError } from '#kernel';
import { codeSet, DISABILITY_CATEGORIES, ETHNICITIES, HEALTH_CONDITIONS, LABOUR_CAPACITIES } from './codes';

export interface DisabilityInput {
  category: string;
  grade: number;
  certificateNo?: string | null;
}

/** What staff (or an import row) say about a person; gender and birth date may be left to the ID. */
export interface PersonInput {
  idNumber: string;
  name: string;
  gender?: 'M' | 'F' | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  phone?: string | null;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode?: string | null;
  address?: string | null;
  disability?: DisabilityInput | null;
  healthConditions?: string[] | null;
  labourCapacity?: string | null;
}

export interface PersonFacts {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  ethnicity: string;
  phone: string | null;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode: string | null;
  address: string | null;
  disabilityCategory: string | null;
  disabilityGrade: number | null;
  disabilityCertNo: string | null;
  healthConditions: string[];
  labourCapacity: string | null;
}

export interface RuleContext {
  today: string;
  /** Does this code name a village-level unit (村/社区) that exists? */
  isVillage(code: string): boolean;
  /** Is this code inside the actor's jurisdiction? */
  inScope(code: string): boolean;
}

export type Checked =
  | { ok: true; facts: PersonFacts; warnings: FieldError[] }
  | { ok: false; errors: FieldError[]; warnings: FieldError[] };

const NAME = /^(?:[\u3400-\u9fff]{1,2}[\u3400-\u9fff·•]{0,28}[\u3400-\u9fff]|[A-Za-z][A-Za-z .'-]{1,48})$/;
const MOBILE = /^1[3-9]\d{9}$/;
const ETHNICITY_CODES = codeSet(ETHNICITIES);
const DISABILITY_CODES = codeSet(DISABILITY_CATEGORIES);
const HEALTH_CODES = codeSet(HEALTH_CONDITIONS);
const LABOUR_CODES = codeSet(LABOUR_CAPACITIES);

/** Checks every field at once, so staff see all their mistakes together. */
export function checkPerson(input: PersonInput, ctx: RuleContext, prefix = ''): Checked {
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const err = (field: string, code: string, message: string) => errors.push({ field: prefix + field, code, message });

  const id = validateIdNumber(input.idNumber ?? '', ctx.today);
  if (!id.ok) err('idNumber', id.code, id.message);
  else {
    const w = regionWarning(id.regionCode);
    if (w) warnings.push({ field: prefix + 'idNumber', code: 'ID_NUMBER_REGION_UNKNOWN', message: w });
    if (input.gender && input.gender !== id.gender) {
      err('gender', 'PERSON_GENDER_MISMATCH', `性别与身份证号不一致（身份证号显示为${id.gender === 'M' ? '男' : '女'}）`);
    }
    if (input.birthDate && input.birthDate !== id.birthDate) {
      err('birthDate', 'PERSON_BIRTH_DATE_MISMATCH', `出生日期与身份证号不一致（身份证号显示为 ${id.birthDate}）`);
    }
  }
  const name = (input.name ?? '').trim();
  if (!NAME.test(name)) err('name', 'PERSON_NAME_INVALID', '姓名应为2至30个汉字（少数民族姓名可含“·”）');

  const phone = input.phone?.trim() || null;
  if (phone && !MOBILE.test(phone)) err('phone', 'PERSON_PHONE_INVALID', '手机号应为11位数字，以1开头，如 13912345678');

  const ethnicity = input.ethnicity || '01';
  if (!ETHNICITY_CODES.has(ethnicity)) err('ethnicity', 'PERSON_ETHNICITY_UNKNOWN', '民族代码不正确（GB 3304）');

  if (!ctx.isVillage(input.divisionCode ?? '')) {
    err('divisionCode', 'PERSON_DIVISION_INVALID', '户籍地须为有效的村（社区）');
  } else if (!ctx.inScope(input.divisionCode)) {
    err('divisionCode', 'PERSON_DIVISION_OUT_OF_SCOPE', '户籍地不在您的管辖范围内');
  }
  if (input.urbanRural !== 'urban' && input.urbanRural !== 'rural') err('urbanRural', 'PERSON_URBAN_RURAL_INVALID', '请选择城镇或农村');
  const residence = input.residenceDivisionCode || null;
  if (residence && !ctx.isVillage(residence)) err('residenceDivisionCode', 'PERSON_DIVISION_INVALID', '居住地须为有效的村（社区）');

  const d = input.disability ?? null;
  if (d) {
    if (!DISABILITY_CODES.has(d.category)) err('disability.category', 'PERSON_DISABILITY_CATEGORY', '残疾类别不正确');
    if (!Number.isInteger(d.grade) || d.grade < 1 || d.grade > 4) err('disability.grade', 'PERSON_DISABILITY_GRADE', '残疾等级应为一至四级');
    if (!d.certificateNo?.trim()) err('disability.certificateNo', 'PERSON_DISABILITY_CERT_REQUIRED', '有残疾信息时须填写残疾证号');
    else if (id.ok && !d.certificateNo.startsWith(id.normalized)) {
      err('disability.certificateNo', 'PERSON_DISABILITY_CERT_MISMATCH', '残疾证号应以本人身份证号开头（第二代残疾人证）');
    }
  }
  const health = [...new Set(input.healthConditions ?? [])];
  for (const h of health) if (!HEALTH_CODES.has(h)) err('healthConditions', 'PERSON_HEALTH_UNKNOWN', `健康状况“${h}”不在代码表中`);
  const labour = input.labourCapacity || null;
  if (labour && !LABOUR_CODES.has(labour)) err('labourCapacity', 'PERSON_LABOUR_UNKNOWN', '劳动能力代码不正确');

  if (errors.length || !id.ok) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    facts: {
      idNumber: id.normalized, name, gender: id.gender, birthDate: id.birthDate, ethnicity, phone,
      divisionCode: input.divisionCode, urbanRural: input.urbanRural, residenceDivisionCode: residence,
      address: input.address?.trim() || null,
      disabilityCategory: d?.category ?? null, disabilityGrade: d?.grade ?? null,
      disabilityCertNo: d?.certificateNo?.trim() || null,
      healthConditions: health, labourCapacity: labour,
    },
  };
}

/** 重度残疾: grades 1 and 2 (GB/T 26341-2010). */
const isSevere = (grade: number | null | undefined) => grade === 1 || grade === 2;

/**
 * The date the registry publishes as "severe since": set the day a record's grade reaches 1–2, kept
 * while it stays severe (a 2 becoming a 1 is not new), cleared when it no longer is.
 */
export function severeDisabilitySince(before: { disabilityGrade: number | null; severeDisabilitySince: string | null } | null, grade: number | null, today: string): string | null {
  if (!isSevere(grade)) return null;
  return before && isSevere(before.disabilityGrade) ? before.severeDisabilitySince : today;
}
