import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  type Actor, type Executor, DomainError, notFound, validationFailed, versionConflict,
  ageOn, inScope, maskIdNumber, recordAudit, scopeCondition, emit,
} from '#kernel';
import { householdMemberships, households, persons } from './schema';
import { HEAD_RELATION, RELATIONS, codeSet, nameOf } from './codes';
import { mustGetPerson } from './persons.service';
import type { RegistryDeps } from './registry.context';

export type HouseholdRow = typeof households.$inferSelect;
const RELATION_CODES = codeSet(RELATIONS);

export async function mustGetHousehold(exec: Executor, actor: Actor, id: number, forUpdate = false): Promise<HouseholdRow> {
  const query = exec.select().from(households).where(and(eq(households.id, id), scopeCondition(actor, households.divisionCode)));
  const [h] = forUpdate ? await query.for('update') : await query;
  if (!h) throw notFound('家庭', 'HOUSEHOLD_NOT_FOUND');
  return h;
}

const maskAccount = (a: string | null) => (a ? `${a.slice(0, 4)} **** **** ${a.slice(-4)}` : null);

export async function householdDetail(exec: Executor, deps: RegistryDeps, actor: Actor, id: number) {
  const h = await mustGetHousehold(exec, actor, id);
  const history = await exec.select({ m: householdMemberships, p: persons }).from(householdMemberships)
    .innerJoin(persons, eq(persons.id, householdMemberships.personId))
    .where(eq(householdMemberships.householdId, id)).orderBy(asc(householdMemberships.joinedOn), asc(householdMemberships.id));
  const head = history.find((r) => r.p.id === h.headPersonId)?.p;
  const current = history.filter((r) => r.m.leftOn === null);
  return {
    id: h.id, divisionCode: h.divisionCode, divisionName: deps.divisions.fullName(h.divisionCode, 3), address: h.address,
    urbanRural: h.urbanRural, status: h.status, head: head ? { id: head.id, name: head.name } : null,
    bankName: h.bankName, bankAccountMasked: maskAccount(h.bankAccount), bankAccountName: h.bankAccountName,
    members: current.map(({ m, p }) => ({
      personId: p.id, name: p.name, relation: m.relation, relationName: nameOf(RELATIONS, m.relation),
      idNumberMasked: maskIdNumber(p.idNumber), gender: p.gender, age: ageOn(p.birthDate, p.deathDate ?? deps.today()),
      status: p.status, joinedOn: m.joinedOn,
    })),
    history: history.map(({ m, p }) => ({ personId: p.id, name: p.name, relation: m.relation, relationName: nameOf(RELATIONS, m.relation), joinedOn: m.joinedOn, leftOn: m.leftOn, reason: m.reason })),
    version: h.version, createdAt: h.createdAt, updatedAt: h.updatedAt,
  };
}

function checkRelation(relation: string, field = 'relation') {
  if (!RELATION_CODES.has(relation)) throw validationFailed([{ field, code: 'RELATION_UNKNOWN', message: '与户主关系代码不正确（GB/T 4761）' }]);
}

/** Puts a person into a household from a date; a person belongs to one household at a time. */
async function join(tx: Executor, householdId: number, personId: number, relation: string, on: string) {
  await tx.insert(householdMemberships).values({ householdId, personId, relation, joinedOn: on });
  await tx.update(persons).set({ householdId, relation, updatedAt: new Date(), version: sql`${persons.version} + 1` }).where(eq(persons.id, personId));
}

async function leave(tx: Executor, householdId: number, personId: number, on: string, reason: string) {
  await tx.update(householdMemberships).set({ leftOn: on, reason })
    .where(and(eq(householdMemberships.householdId, householdId), eq(householdMemberships.personId, personId), isNull(householdMemberships.leftOn)));
  await tx.update(persons).set({ householdId: null, relation: null, updatedAt: new Date(), version: sql`${persons.version} + 1` }).where(eq(persons.id, personId));
}

export interface NewHousehold {
  headPersonId: number;
  address?: string | null;
  urbanRural?: 'urban' | 'rural';
  bankName?: string | null;
  bankAccount?: string | null;
  bankAccountName?: string | null;
  formedOn: string;
}

function checkBank(input: { bankAccount?: string | null }) {
  if (input.bankAccount && !/^\d{12,19}$/.test(input.bankAccount)) {
    throw validationFailed([{ field: 'bankAccount', code: 'BANK_ACCOUNT_INVALID', message: '银行账号应为12至19位数字' }]);
  }
}

export async function createHousehold(tx: Executor, deps: RegistryDeps, actor: Actor, input: NewHousehold) {
  checkBank(input);
  const head = await mustGetPerson(tx, actor, input.headPersonId, true);
  if (head.householdId) {
    throw new DomainError('PERSON_ALREADY_IN_HOUSEHOLD', `${head.name} 已属于家庭 ${head.householdId}，请先办理迁出或分户`, { status: 409 });
  }
  const [h] = await tx.insert(households).values({
    headPersonId: head.id, divisionCode: head.divisionCode, urbanRural: input.urbanRural ?? head.urbanRural,
    address: input.address ?? head.address, bankName: input.bankName ?? null, bankAccount: input.bankAccount ?? null,
    bankAccountName: input.bankAccountName ?? null,
  }).returning();
  await join(tx, h.id, head.id, HEAD_RELATION, input.formedOn);
  await recordAudit(tx, actor, { action: 'household.created', entityType: 'household', entityId: h.id, divisionCode: h.divisionCode, after: { ...h, bankAccount: maskAccount(h.bankAccount) } });
  return h;
}

export interface HouseholdPatch {
  version: number;
  address?: string | null;
  urbanRural?: 'urban' | 'rural';
  bankName?: string | null;
  bankAccount?: string | null;
  bankAccountName?: string | null;
}

export async function updateHousehold(tx: Executor, actor: Actor, id: number, patch: HouseholdPatch) {
  checkBank(patch);
  const before = await mustGetHousehold(tx, actor, id, true);
  if (before.version !== patch.version) throw versionConflict();
  const { version, ...changes } = patch;
  const [after] = await tx.update(households).set({ ...changes, version: before.version + 1, updatedAt: new Date() }).where(eq(households.id, id)).returning();
  const pick = (r: HouseholdRow) => Object.fromEntries(Object.keys(changes).map((k) => [k, k === 'bankAccount' ? maskAccount(r.bankAccount) : (r as unknown as Record<string, unknown>)[k]]));
  await recordAudit(tx, actor, { action: 'household.updated', entityType: 'household', entityId: id, divisionCode: after.divisionCode, before: pick(before), after: pick(after) });
  return after;
}

export async function addMember(tx: Executor, actor: Actor, householdId: number, personId: number, relation: string, joinedOn: string) {
  checkRelation(relation);
  if (relation === HEAD_RELATION) throw validationFailed([{ field: 'relation', code: 'HOUSEHOLD_SECOND_HEAD', message: '一户只能有一位户主' }]);
  const h = await mustGetHousehold(tx, actor, householdId, true);
  const p = await mustGetPerson(tx, actor, personId, true);
  if (p.householdId) throw new DomainError('PERSON_ALREADY_IN_HOUSEHOLD', `${p.name} 已属于家庭 ${p.householdId}，请先办理迁出`, { status: 409 });
  if (p.status !== 'living') throw new DomainError('PERSON_NOT_LIVING', `${p.name} 不是在世状态，不能加入家庭`, { status: 409 });
  await join(tx, householdId, personId, relation, joinedOn);
  await tx.update(households).set({ version: h.version + 1, updatedAt: new Date() }).where(eq(households.id, householdId));
  await recordAudit(tx, actor, { action: 'household.member_joined', entityType: 'household', entityId: householdId, divisionCode: h.divisionCode, after: { personId, relation, joinedOn } });
}

export async function memberLeaves(tx: Executor, actor: Actor, householdId: number, personId: number, leftOn: string, reason: string) {
  const h = await mustGetHousehold(tx, actor, householdId, true);
  const p = await mustGetPerson(tx, actor, personId, true);
  if (p.householdId !== householdId) throw notFound('该家庭成员', 'MEMBER_NOT_FOUND');
  if (h.headPersonId === personId) {
    throw new DomainError('HOUSEHOLD_HEAD_CANNOT_LEAVE', '户主不能直接迁出，请先变更户主或办理分户', { status: 409 });
  }
  await leave(tx, householdId, personId, leftOn, reason);
  await tx.update(households).set({ version: h.version + 1, updatedAt: new Date() }).where(eq(households.id, householdId));
  await recordAudit(tx, actor, { action: 'household.member_left', entityType: 'household', entityId: householdId, divisionCode: h.divisionCode, after: { personId, leftOn, reason } });
}

export interface Split {
  personIds: number[];
  headPersonId: number;
  splitOn: string;
  address?: string | null;
}

/** 分户: some members leave to form a new household with one of them as head. */
export async function splitHousehold(tx: Executor, deps: RegistryDeps, actor: Actor, householdId: number, s: Split) {
  const h = await mustGetHousehold(tx, actor, householdId, true);
  if (!s.personIds.includes(s.headPersonId)) throw validationFailed([{ field: 'headPersonId', code: 'SPLIT_HEAD_NOT_MOVING', message: '新户主必须是分出的成员之一' }]);
  if (s.personIds.includes(h.headPersonId ?? -1)) throw validationFailed([{ field: 'personIds', code: 'SPLIT_TAKES_HEAD', message: '原户主不能分出，请先变更户主' }]);
  const members = await tx.select().from(persons).where(and(inArray(persons.id, s.personIds), eq(persons.householdId, householdId)));
  if (members.length !== s.personIds.length) throw validationFailed([{ field: 'personIds', code: 'SPLIT_NOT_MEMBERS', message: '所选人员并非都是本户现有成员' }]);
  for (const m of members) await leave(tx, householdId, m.id, s.splitOn, '分户');
  const head = members.find((m) => m.id === s.headPersonId)!;
  const [nh] = await tx.insert(households).values({
    headPersonId: head.id, divisionCode: h.divisionCode, urbanRural: h.urbanRural, address: s.address ?? h.address,
  }).returning();
  for (const m of members) await join(tx, nh.id, m.id, m.id === head.id ? HEAD_RELATION : '99', s.splitOn);
  await tx.update(households).set({ version: h.version + 1, updatedAt: new Date() }).where(eq(households.id, householdId));
  await recordAudit(tx, actor, { action: 'household.split', entityType: 'household', entityId: householdId, divisionCode: h.divisionCode, after: { newHouseholdId: nh.id, personIds: s.personIds, headPersonId: head.id, splitOn: s.splitOn } });
  await emit(tx, { type: 'household.split', aggregateType: 'household', aggregateId: String(householdId), divisionCode: h.divisionCode, payload: { householdId, newHouseholdId: nh.id, personIds: s.personIds } });
  return nh;
}

/** 合户: every member of one household joins another, with their new relations; the first is dissolved. */
export async function mergeHouseholds(tx: Executor, actor: Actor, fromId: number, intoId: number, mergedOn: string, relations: Record<string, string>) {
  const from = await mustGetHousehold(tx, actor, fromId, true);
  const into = await mustGetHousehold(tx, actor, intoId, true);
  if (fromId === intoId) throw validationFailed([{ field: 'intoHouseholdId', code: 'MERGE_SAME', message: '不能与本户合并' }]);
  const members = await tx.select().from(persons).where(eq(persons.householdId, fromId));
  const errors = members.flatMap((m) => {
    const r = relations[String(m.id)];
    if (!r || !RELATION_CODES.has(r) || r === HEAD_RELATION) {
      return [{ field: `relations.${m.id}`, code: 'RELATION_UNKNOWN', message: `请为 ${m.name} 选择与新户主的关系` }];
    }
    return [];
  });
  if (errors.length) throw validationFailed(errors);
  for (const m of members) {
    await leave(tx, fromId, m.id, mergedOn, '合户');
    await join(tx, intoId, m.id, relations[String(m.id)], mergedOn);
  }
  await tx.update(households).set({ status: 'dissolved', version: from.version + 1, updatedAt: new Date() }).where(eq(households.id, fromId));
  await tx.update(households).set({ version: into.version + 1, updatedAt: new Date() }).where(eq(households.id, intoId));
  await recordAudit(tx, actor, { action: 'household.merged', entityType: 'household', entityId: intoId, divisionCode: into.divisionCode, after: { fromHouseholdId: fromId, personIds: members.map((m) => m.id), mergedOn } });
  await emit(tx, { type: 'household.merged', aggregateType: 'household', aggregateId: String(intoId), divisionCode: into.divisionCode, payload: { fromHouseholdId: fromId, intoHouseholdId: intoId } });
}

export interface Move {
  divisionCode: string;
  residenceDivisionCode?: string | null;
  address?: string | null;
  movedOn: string;
}

/**
 * 户籍迁移. A person alone in their household takes it along; a member of a larger household
 * leaves it and heads a new one at the destination. The destination may lie outside the actor's
 * jurisdiction: that is a move out, after which the record belongs to the receiving office.
 */
export async function movePerson(tx: Executor, deps: RegistryDeps, actor: Actor, personId: number, mv: Move) {
  const p = await mustGetPerson(tx, actor, personId, true);
  if (!deps.divisions.isVillageLevel(mv.divisionCode)) throw validationFailed([{ field: 'divisionCode', code: 'PERSON_DIVISION_INVALID', message: '迁入地须为有效的村（社区）' }]);
  if (mv.divisionCode === p.divisionCode) throw validationFailed([{ field: 'divisionCode', code: 'MOVE_SAME_DIVISION', message: '迁入地与现户籍地相同' }]);
  if (p.status !== 'living') throw new DomainError('PERSON_NOT_LIVING', `${p.name} 不是在世状态，不能办理迁移`, { status: 409 });
  const urbanRural = deps.divisions.get(mv.divisionCode)?.urbanRural === 'urban' ? 'urban' : 'rural';
  let householdId = p.householdId;
  if (householdId) {
    const others = await tx.select({ id: persons.id }).from(persons).where(and(eq(persons.householdId, householdId), sql`${persons.id} <> ${personId}`));
    if (others.length === 0) {
      await tx.update(households).set({ divisionCode: mv.divisionCode, urbanRural, address: mv.address ?? null, updatedAt: new Date(), version: sql`${households.version} + 1` }).where(eq(households.id, householdId));
    } else {
      const [h] = await tx.select().from(households).where(eq(households.id, householdId));
      if (h.headPersonId === personId) throw new DomainError('HOUSEHOLD_HEAD_CANNOT_LEAVE', '户主迁出前请先变更户主，或整户迁移', { status: 409 });
      await leave(tx, householdId, personId, mv.movedOn, '户籍迁移');
      const [nh] = await tx.insert(households).values({ headPersonId: personId, divisionCode: mv.divisionCode, urbanRural, address: mv.address ?? null }).returning();
      await join(tx, nh.id, personId, HEAD_RELATION, mv.movedOn);
      householdId = nh.id;
    }
  }
  const [after] = await tx.update(persons).set({
    divisionCode: mv.divisionCode, urbanRural, residenceDivisionCode: mv.residenceDivisionCode ?? mv.divisionCode,
    address: mv.address ?? null, updatedAt: new Date(), version: sql`${persons.version} + 1`,
  }).where(eq(persons.id, personId)).returning();
  await recordAudit(tx, actor, { action: 'person.moved', entityType: 'person', entityId: personId, divisionCode: p.divisionCode, before: { divisionCode: p.divisionCode, address: p.address }, after: { divisionCode: mv.divisionCode, address: after.address, householdId, movedOn: mv.movedOn } });
  await emit(tx, {
    type: 'person.moved', aggregateType: 'person', aggregateId: String(personId), divisionCode: mv.divisionCode,
    payload: { personId, fromDivisionCode: p.divisionCode, toDivisionCode: mv.divisionCode, householdId, movedOn: mv.movedOn, leftActorScope: !inScope(actor, mv.divisionCode) },
  });
  return after;
}

/** Living persons and active households per child division under `code`. */
export async function countsUnder(exec: Executor, actor: Actor, code: string, childLength: number) {
  const prefix = code.startsWith(actor.divisionCode) ? code : actor.divisionCode.startsWith(code) ? actor.divisionCode : null;
  if (prefix === null) return new Map<string, { persons: number; households: number }>();
  const [p, h] = await Promise.all([
    exec.execute(sql`SELECT substr(division_code, 1, ${childLength}) AS c, count(*)::int AS n FROM registry.persons
      WHERE division_code LIKE ${prefix + '%'} AND status = 'living' GROUP BY 1`),
    exec.execute(sql`SELECT substr(division_code, 1, ${childLength}) AS c, count(*)::int AS n FROM registry.households
      WHERE division_code LIKE ${prefix + '%'} AND status = 'active' GROUP BY 1`),
  ]);
  const out = new Map<string, { persons: number; households: number }>();
  for (const r of p.rows as { c: string; n: number }[]) out.set(r.c, { persons: r.n, households: 0 });
  for (const r of h.rows as { c: string; n: number }[]) out.set(r.c, { persons: out.get(r.c)?.persons ?? 0, households: r.n });
  return out;
}
