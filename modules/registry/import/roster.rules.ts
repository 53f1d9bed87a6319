// Pure checks of roster rows: one row through the registry's own checkPerson, then the checks that
// need the whole file (duplicates, one head per household, one registration division per household).
import { checkPerson, type PersonFacts, type PersonInput, type RuleContext } from '../person.rules';
import {
  DISABILITY_CATEGORIES, DISABILITY_GRADES, ETHNICITIES, HEAD_RELATION, HEALTH_CONDITIONS, LABOUR_CAPACITIES,
  RELATIONS, URBAN_RURAL, type Code,
} from '../codes';
import { headerOf, type RosterKey } from './roster.columns';
import type { RawRow } from './roster.reader';

export interface RowError {
  column: string;
  code: string;
  message: string;
}

export interface CheckedRow {
  rowNumber: number;
  householdRef: string;
  cells: RawRow['cells'];
  relation: string | null;
  facts: PersonFacts | null;
  bank: { bankName: string | null; bankAccount: string | null; bankAccountName: string | null };
  errors: RowError[];
}

export interface RosterHousehold {
  ref: string;
  rows: CheckedRow[];
}

/** 第12行【公民身份号码】校验码不正确 */
export const rowMessage = (rowNumber: number, e: RowError) => `第${rowNumber}行【${e.column}】${e.message}`;

// checkPerson's field paths → the roster column they came from.
const FIELD_COLUMN: Record<string, RosterKey> = {
  idNumber: 'idNumber', gender: 'idNumber', birthDate: 'idNumber', name: 'name', ethnicity: 'ethnicity', phone: 'phone',
  divisionCode: 'divisionCode', urbanRural: 'urbanRural', residenceDivisionCode: 'residenceDivisionCode', address: 'address',
  'disability.category': 'disabilityCategory', 'disability.grade': 'disabilityGrade',
  'disability.certificateNo': 'disabilityCertNo', healthConditions: 'healthConditions', labourCapacity: 'labourCapacity',
};

/** A name from the drop-down (or its code) → the code; undefined when it is neither. */
function codeFor(table: Code[], text: string): string | undefined {
  return table.find((c) => c.name === text)?.code ?? table.find((c) => c.code === text)?.code;
}

function ethnicityCode(text: string) {
  return codeFor(ETHNICITIES, text) ?? codeFor(ETHNICITIES, text + '族');
}

/** One row alone: names back to codes, then the registry's person rules. */
export function checkRow(raw: RawRow, ctx: RuleContext): CheckedRow {
  const c = raw.cells;
  const errors: RowError[] = [];
  const err = (key: RosterKey, code: string, message: string) => errors.push({ column: headerOf(key), code, message });
  const pick = (key: RosterKey, table: Code[], label: string, lookup = (t: string) => codeFor(table, t)) => {
    const text = c[key];
    if (!text) return undefined;
    const code = lookup(text);
    if (code === undefined) err(key, 'IMPORT_NAME_UNKNOWN', `“${text}”不是有效的${label}，请从下拉列表选择`);
    return code;
  };

  const householdRef = c.householdRef ?? '';
  if (!householdRef) err('householdRef', 'IMPORT_HOUSEHOLD_REF_REQUIRED', '户编号不能为空，同户成员请填写相同编号');
  let relation: string | null = null;
  if (!c.relation) err('relation', 'RELATION_REQUIRED', '与户主关系不能为空');
  else relation = pick('relation', RELATIONS, '与户主关系（GB/T 4761）') ?? null;

  const ethnicity = pick('ethnicity', ETHNICITIES, '民族', ethnicityCode);
  let urbanRural = pick('urbanRural', URBAN_RURAL, '城乡类别（城镇或农村）');
  if (!c.urbanRural) { err('urbanRural', 'PERSON_URBAN_RURAL_INVALID', '城乡不能为空，请选择城镇或农村'); urbanRural = undefined; }
  const category = pick('disabilityCategory', DISABILITY_CATEGORIES, '残疾类别');
  const grade = pick('disabilityGrade', DISABILITY_GRADES, '残疾等级', (t) => codeFor(DISABILITY_GRADES, t.replace(/^([1-4])级$/, '$1')));
  const labour = pick('labourCapacity', LABOUR_CAPACITIES, '劳动能力');
  const health: string[] = [];
  for (const h of (c.healthConditions ?? '').split(/[、，,;；\s]+/).filter(Boolean)) {
    const code = codeFor(HEALTH_CONDITIONS, h);
    if (code) health.push(code);
    else err('healthConditions', 'PERSON_HEALTH_UNKNOWN', `健康状况“${h}”不在可选范围内（${HEALTH_CONDITIONS.map((x) => x.name).join('、')}）`);
  }

  const hasDisability = !!(c.disabilityCategory || c.disabilityGrade || c.disabilityCertNo);
  const input: PersonInput = {
    idNumber: (c.idNumber ?? '').replace(/\s+/g, '').toUpperCase(),
    name: c.name ?? '',
    ethnicity: ethnicity ?? null,
    phone: c.phone ?? null,
    divisionCode: c.divisionCode ?? '',
    urbanRural: (urbanRural ?? 'rural') as 'urban' | 'rural',
    residenceDivisionCode: c.residenceDivisionCode ?? null,
    address: c.address ?? null,
    // A category or grade that was not a name is already reported; give checkPerson a valid one then.
    disability: hasDisability ? {
      category: category ?? (c.disabilityCategory ? 'physical' : ''),
      grade: grade ? Number(grade) : c.disabilityGrade ? 1 : NaN,
      certificateNo: c.disabilityCertNo ?? null,
    } : null,
    healthConditions: health,
    labourCapacity: labour ?? null,
  };
  const checked = checkPerson(input, ctx);
  if (!checked.ok) {
    for (const e of checked.errors) {
      const key = FIELD_COLUMN[e.field] ?? 'idNumber';
      if (key === 'urbanRural' && !c.urbanRural) continue;
      err(key, e.code, e.message);
    }
  }
  if (c.address && c.address.length > 200) err('address', 'IMPORT_ADDRESS_TOO_LONG', '详细地址不能超过200字');

  const bankAccount = c.bankAccount?.replace(/\s+/g, '') || null;
  if (bankAccount && !/^\d{12,19}$/.test(bankAccount)) {
    err('bankAccount', 'BANK_ACCOUNT_INVALID', /e\+?\d+$/i.test(bankAccount)
      ? '银行账号被Excel转成了科学计数法，请将该列设为文本格式后重新填写'
      : '银行账号应为12至19位数字');
  }
  if (c.bankName && c.bankName.length > 60) err('bankName', 'IMPORT_BANK_NAME_TOO_LONG', '开户银行不能超过60字');
  if (c.bankAccountName && c.bankAccountName.length > 40) err('bankAccountName', 'IMPORT_ACCOUNT_NAME_TOO_LONG', '账户名不能超过40字');
  if (/e\+?\d+$/i.test(c.idNumber ?? '')) {
    const at = errors.findIndex((e) => e.column === headerOf('idNumber'));
    if (at >= 0) errors[at] = { ...errors[at], message: '公民身份号码被Excel转成了科学计数法，请将该列设为文本格式后重新填写' };
  }
  return {
    rowNumber: raw.rowNumber, householdRef, cells: c, relation,
    facts: checked.ok ? checked.facts : null,
    bank: { bankName: c.bankName ?? null, bankAccount, bankAccountName: c.bankAccountName ?? null },
    errors,
  };
}

/**
 * The checks across rows. `registered` holds, for ID numbers already in the registry, the message
 * the registry itself gives for them. Returns the households in file order.
 */
export function checkAcrossRows(rows: CheckedRow[], registered: Map<string, string>): RosterHousehold[] {
  const idCol = headerOf('idNumber');
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    if (!r.facts) continue;
    const id = r.facts.idNumber;
    const first = firstRowOf.get(id);
    if (first !== undefined) r.errors.push({ column: idCol, code: 'IMPORT_DUPLICATE_IN_FILE', message: `与第${first}行的公民身份号码重复` });
    else firstRowOf.set(id, r.rowNumber);
    const known = registered.get(id);
    if (known) r.errors.push({ column: idCol, code: 'PERSON_DUPLICATE_ID_NUMBER', message: known });
  }

  const groups = new Map<string, CheckedRow[]>();
  for (const r of rows) {
    if (!r.householdRef) continue;
    const g = groups.get(r.householdRef);
    if (g) g.push(r); else groups.set(r.householdRef, [r]);
  }
  const relCol = headerOf('relation');
  const divCol = headerOf('divisionCode');
  for (const [ref, members] of groups) {
    const heads = members.filter((r) => r.relation === HEAD_RELATION);
    if (heads.length === 0) {
      for (const r of members) {
        r.errors.push({ column: relCol, code: 'IMPORT_HOUSEHOLD_NO_HEAD', message: `户编号“${ref}”没有户主，每户须有且只有一位户主` });
      }
    } else if (heads.length > 1) {
      const at = heads.map((h) => h.rowNumber).join('、');
      for (const h of heads) {
        h.errors.push({ column: relCol, code: 'HOUSEHOLD_SECOND_HEAD', message: `户编号“${ref}”有多位户主（第${at}行），每户只能有一位户主` });
      }
    }
    const headDivision = (heads[0] ?? members[0]).cells.divisionCode;
    for (const r of members) {
      if (r.cells.divisionCode && headDivision && r.cells.divisionCode !== headDivision) {
        r.errors.push({ column: divCol, code: 'IMPORT_HOUSEHOLD_DIVISION_MISMATCH', message: `同户成员户籍地须一致（本户户主户籍地为 ${headDivision}）` });
      }
    }
  }
  return [...groups].map(([ref, members]) => ({ ref, rows: members }));
}

export const isComplete = (h: RosterHousehold) => h.rows.every((r) => r.errors.length === 0 && r.facts);
