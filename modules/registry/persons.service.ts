import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  type Actor, type Executor, DomainError, notFound, validationFailed, versionConflict,
  ageOn, maskIdNumber, maskPhone, recordAudit, scopeCondition, validateIdNumber, emit, todayInChina,
} from '#kernel';
import { persons, households } from './schema';
import { checkPerson, severeDisabilitySince, type PersonFacts, type PersonInput } from './person.rules';
import { ruleContext, type RegistryDeps } from './registry.context';
import { RELATIONS, nameOf } from './codes';

export type PersonRow = typeof persons.$inferSelect;

export interface PersonQuery {
  divisionCode?: string;
  q?: string;
  status?: string;
  gender?: 'M' | 'F';
  ageMin?: number;
  ageMax?: number;
  page: number;
  pageSize: number;
  sort: 'name' | 'birthDate' | 'updatedAt' | 'idNumber';
  order: 'asc' | 'desc';
}

const SORT = { name: sql`(${persons.name} COLLATE "C")`, birthDate: persons.birthDate, updatedAt: persons.updatedAt, idNumber: persons.idNumber };

function minusYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`.replace(/-02-29$/, '-02-28');
}

/**
 * The persons within a division-code prefix, as an equality on the derived county or township
 * column where the prefix is one (an index range instead of a LIKE over the whole city).
 */
function withinArea(prefix: string): SQL {
  switch (prefix.length) {
    case 6: return eq(persons.countyCode, prefix);
    case 9: return eq(persons.townshipCode, prefix);
    case 12: return eq(persons.divisionCode, prefix);
    default: return sql`${persons.divisionCode} LIKE ${prefix + '%'}`;
  }
}

const nameC = sql`(${persons.name} COLLATE "C")`;

/** The WHERE of a person search; always limited to the actor's jurisdiction. */
export function personConditions(actor: Actor, q: Omit<PersonQuery, 'page' | 'pageSize' | 'sort' | 'order'>, today: string): SQL[] {
  // Jurisdiction and the division filter meet in one prefix: the narrower of the two, or nothing.
  const filter = q.divisionCode ?? '';
  const prefix = filter.startsWith(actor.divisionCode) ? filter : actor.divisionCode.startsWith(filter) ? actor.divisionCode : null;
  const conds: SQL[] = [prefix === null ? sql`false` : withinArea(prefix)];
  const text = q.q?.trim();
  if (text) {
    const id = validateIdNumber(text, '9999-12-31');
    if (id.ok) conds.push(eq(persons.idNumber, id.normalized));
    else if (/^1\d{10}$/.test(text)) conds.push(eq(persons.phone, text));
    else if (/^\d{6,17}[\dXx]?$/.test(text)) conds.push(sql`${persons.idNumber} LIKE ${text.toUpperCase() + '%'}`);
    else conds.push(sql`${nameC} LIKE ${text.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  }
  if (q.status) conds.push(eq(persons.status, q.status));
  if (q.gender) conds.push(eq(persons.gender, q.gender));
  if (q.ageMin != null) conds.push(sql`${persons.birthDate} <= ${minusYears(today, q.ageMin)}`);
  if (q.ageMax != null) conds.push(sql`${persons.birthDate} > ${minusYears(today, q.ageMax + 1)}`);
  return conds;
}

export function personSummary(deps: RegistryDeps, p: PersonRow) {
  return {
    id: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), gender: p.gender, birthDate: p.birthDate,
    age: ageOn(p.birthDate, p.deathDate ?? deps.today()), phoneMasked: maskPhone(p.phone),
    divisionCode: p.divisionCode, divisionName: deps.divisions.fullName(p.divisionCode, 4),
    status: p.status, householdId: p.householdId,
  };
}

export async function searchPersons(exec: Executor, deps: RegistryDeps, actor: Actor, q: PersonQuery) {
  const where = and(...personConditions(actor, q, deps.today()));
  const col = SORT[q.sort];
  const [rows, [{ total }]] = await Promise.all([
    exec.select().from(persons).where(where)
      .orderBy(q.order === 'desc' ? desc(col) : asc(col), asc(persons.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    exec.select({ total: sql<number>`count(*)::int` }).from(persons).where(where),
  ]);
  return { items: rows.map((p) => personSummary(deps, p)), total, page: q.page, pageSize: q.pageSize };
}

/** Loads a person inside the actor's jurisdiction; anything outside it does not exist for them. */
export async function mustGetPerson(exec: Executor, actor: Actor, id: number, forUpdate = false): Promise<PersonRow> {
  const query = exec.select().from(persons).where(and(eq(persons.id, id), scopeCondition(actor, persons.divisionCode)));
  const [p] = forUpdate ? await query.for('update') : await query;
  if (!p) throw notFound('人员', 'PERSON_NOT_FOUND');
  return p;
}

export async function personDetail(exec: Executor, deps: RegistryDeps, actor: Actor, id: number) {
  const p = await mustGetPerson(exec, actor, id);
  const [hh] = p.householdId
    ? await exec.select({ id: households.id, headName: persons.name }).from(households)
      .leftJoin(persons, eq(persons.id, households.headPersonId)).where(eq(households.id, p.householdId))
    : [];
  return {
    ...personSummary(deps, p),
    ethnicity: p.ethnicity, urbanRural: p.urbanRural,
    residenceDivisionCode: p.residenceDivisionCode,
    residenceDivisionName: p.residenceDivisionCode ? deps.divisions.fullName(p.residenceDivisionCode, 3) : null,
    address: p.address,
    disability: p.disabilityCategory ? { category: p.disabilityCategory, grade: p.disabilityGrade, certificateNo: p.disabilityCertNo } : null,
    healthConditions: p.healthConditions, labourCapacity: p.labourCapacity, deathDate: p.deathDate,
    household: hh ? { id: hh.id, relation: p.relation, relationName: nameOf(RELATIONS, p.relation), headName: hh.headName } : null,
    version: p.version, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

/** Reveals a full ID number or phone; every reveal is audited with its reason. */
export async function revealPerson(tx: Executor, actor: Actor, id: number, field: 'idNumber' | 'phone', reason: string) {
  if (reason.trim().length < 2) {
    throw validationFailed([{ field: 'reason', code: 'REVEAL_REASON_REQUIRED', message: '请填写查看完整信息的事由' }]);
  }
  const p = await mustGetPerson(tx, actor, id);
  await recordAudit(tx, actor, { action: 'person.revealed', entityType: 'person', entityId: id, divisionCode: p.divisionCode, reason: reason.trim(), after: { field } });
  return { value: field === 'idNumber' ? p.idNumber : p.phone };
}

/** 409 for a known ID number; it names the record only when the actor may see it. */
export async function assertIdNumberFree(exec: Executor, deps: RegistryDeps, actor: Actor, idNumber: string, exceptId?: number) {
  const [existing] = await exec.select({ id: persons.id, name: persons.name, divisionCode: persons.divisionCode })
    .from(persons).where(eq(persons.idNumber, idNumber));
  if (!existing || existing.id === exceptId) return;
  const visible = existing.divisionCode.startsWith(actor.divisionCode);
  const message = visible
    ? `该身份证号已登记于 ${deps.divisions.fullName(existing.divisionCode, 4)}（${existing.name}，人员编号 ${existing.id}）`
    : '该身份证号已在系统中登记，请联系上级民政部门核实';
  throw new DomainError('PERSON_DUPLICATE_ID_NUMBER', message, {
    status: 409,
    errors: [{ field: 'idNumber', code: 'PERSON_DUPLICATE_ID_NUMBER', message }],
    detail: visible ? `personId=${existing.id}` : undefined,
  });
}

/**
 * What the audit log keeps of a person's fields: identifying numbers masked like everywhere else,
 * so the log is no back door to them (a full number is seen only through an audited reveal).
 */
export function auditView(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  if (typeof out.idNumber === 'string') out.idNumber = maskIdNumber(out.idNumber);
  if (typeof out.phone === 'string') out.phone = maskPhone(out.phone);
  if (typeof out.disabilityCertNo === 'string') out.disabilityCertNo = `${maskIdNumber(out.disabilityCertNo.slice(0, 18))}${out.disabilityCertNo.slice(18)}`;
  return out;
}

export function factsToRow(f: PersonFacts) {
  return {
    idNumber: f.idNumber, name: f.name, gender: f.gender, birthDate: f.birthDate, ethnicity: f.ethnicity,
    phone: f.phone, divisionCode: f.divisionCode, urbanRural: f.urbanRural,
    residenceDivisionCode: f.residenceDivisionCode, address: f.address,
    disabilityCategory: f.disabilityCategory, disabilityGrade: f.disabilityGrade, disabilityCertNo: f.disabilityCertNo,
    healthConditions: f.healthConditions, labourCapacity: f.labourCapacity,
  };
}

/** `person.disability.severe`: a person's disability was recorded as severe (grade 1–2) today. */
async function emitSevere(tx: Executor, row: PersonRow) {
  await emit(tx, {
    type: 'person.disability.severe', aggregateType: 'person', aggregateId: String(row.id), divisionCode: row.divisionCode,
    payload: { personId: row.id, householdId: row.householdId, grade: row.disabilityGrade, since: row.severeDisabilitySince, divisionCode: row.divisionCode },
  });
}

/** Inserts a checked person; the caller has already run checkPerson and the duplicate check. */
export async function insertPerson(tx: Executor, actor: Actor, facts: PersonFacts, today: string = todayInChina()) {
  const since = severeDisabilitySince(null, facts.disabilityGrade, today);
  const [row] = await tx.insert(persons).values({ ...factsToRow(facts), severeDisabilitySince: since }).returning();
  await recordAudit(tx, actor, { action: 'person.created', entityType: 'person', entityId: row.id, divisionCode: row.divisionCode, after: auditView(factsToRow(facts)) });
  if (since) await emitSevere(tx, row);
  return row;
}

export async function createPerson(tx: Executor, deps: RegistryDeps, actor: Actor, input: PersonInput) {
  const checked = checkPerson(input, ruleContext(deps, actor));
  if (!checked.ok) throw validationFailed(checked.errors);
  await assertIdNumberFree(tx, deps, actor, checked.facts.idNumber);
  return insertPerson(tx, actor, checked.facts, deps.today());
}

const EDITABLE = ['idNumber', 'name', 'ethnicity', 'phone', 'urbanRural', 'residenceDivisionCode', 'address', 'disability', 'healthConditions', 'labourCapacity'] as const;
export type PersonPatch = Partial<Pick<PersonInput, (typeof EDITABLE)[number]>> & { version: number };

function inputOf(p: PersonRow): PersonInput {
  return {
    idNumber: p.idNumber, name: p.name, ethnicity: p.ethnicity, phone: p.phone, divisionCode: p.divisionCode,
    urbanRural: p.urbanRural as 'urban' | 'rural', residenceDivisionCode: p.residenceDivisionCode, address: p.address,
    disability: p.disabilityCategory ? { category: p.disabilityCategory, grade: p.disabilityGrade ?? 0, certificateNo: p.disabilityCertNo } : null,
    healthConditions: p.healthConditions, labourCapacity: p.labourCapacity,
  };
}

/** Edits a person; the registration division changes only through a move. */
export async function updatePerson(tx: Executor, deps: RegistryDeps, actor: Actor, id: number, patch: PersonPatch) {
  const before = await mustGetPerson(tx, actor, id, true);
  if (before.version !== patch.version) throw versionConflict();
  const merged: PersonInput = { ...inputOf(before) };
  for (const k of EDITABLE) if (patch[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = patch[k];
  const checked = checkPerson(merged, ruleContext(deps, actor));
  if (!checked.ok) throw validationFailed(checked.errors);
  if (checked.facts.idNumber !== before.idNumber) await assertIdNumberFree(tx, deps, actor, checked.facts.idNumber, id);
  const next = factsToRow(checked.facts);
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    const old = (before as unknown as Record<string, unknown>)[k];
    if (JSON.stringify(old) !== JSON.stringify(v)) { changedBefore[k] = old; changedAfter[k] = v; }
  }
  if (Object.keys(changedAfter).length === 0) return before;
  const since = severeDisabilitySince(before, next.disabilityGrade, deps.today());
  const [after] = await tx.update(persons).set({ ...next, severeDisabilitySince: since, version: before.version + 1, updatedAt: new Date() })
    .where(eq(persons.id, id)).returning();
  await recordAudit(tx, actor, { action: 'person.updated', entityType: 'person', entityId: id, divisionCode: after.divisionCode, before: auditView(changedBefore), after: auditView(changedAfter) });
  if (since && since !== before.severeDisabilitySince) await emitSevere(tx, after);
  return after;
}

export async function recordDeath(tx: Executor, deps: RegistryDeps, actor: Actor, id: number, deathDate: string) {
  const p = await mustGetPerson(tx, actor, id, true);
  if (p.status === 'deceased') throw new DomainError('PERSON_ALREADY_DECEASED', `${p.name} 已登记死亡（${p.deathDate}）`, { status: 409 });
  if (deathDate > deps.today()) throw validationFailed([{ field: 'deathDate', code: 'DEATH_DATE_FUTURE', message: '死亡日期不能晚于今天' }]);
  if (deathDate < p.birthDate) throw validationFailed([{ field: 'deathDate', code: 'DEATH_DATE_BEFORE_BIRTH', message: '死亡日期不能早于出生日期' }]);
  const [after] = await tx.update(persons).set({ status: 'deceased', deathDate, version: p.version + 1, updatedAt: new Date() })
    .where(eq(persons.id, id)).returning();
  await recordAudit(tx, actor, { action: 'person.deceased', entityType: 'person', entityId: id, divisionCode: p.divisionCode, before: { status: p.status }, after: { status: 'deceased', deathDate } });
  await emit(tx, {
    type: 'person.deceased', aggregateType: 'person', aggregateId: String(id), divisionCode: p.divisionCode,
    payload: { personId: id, householdId: p.householdId, deathDate, divisionCode: p.divisionCode },
  });
  return after;
}
