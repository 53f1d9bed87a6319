import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHousehold, buildPlatform, buildUser, idNumberFor } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';

let p: Platform;
let app: FastifyInstance;
let guanshan: Session;
let leader: Session;
const VILLAGE = '140321100201';

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const u = await buildUser(p, 'township_caseworker', '140321100');
  guanshan = await signIn(app, u.username, u.password);
  const l = await buildUser(p, 'leader', '1403');
  leader = await signIn(app, l.username, l.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const auditCount = async () => Number((await p.db.pool.query('select count(*) from kernel.audit_log')).rows[0].count);
const outbox = async (type: string) => (await p.db.pool.query('select * from kernel.outbox where type = $1 order by id', [type])).rows;

describe('persons', () => {
  it('creates a person, deriving gender and birth date, and audits it', async () => {
    const before = await auditCount();
    const res = await guanshan.post('/api/v1/persons', { idNumber: idNumberFor('1958-04-02', '140321', 'F'), name: '刘桂兰', divisionCode: VILLAGE, urbanRural: 'rural', phone: '13834567890' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '刘桂兰', gender: 'F', birthDate: '1958-04-02', phoneMasked: '138****7890', divisionName: expect.stringContaining('冠山镇') });
    expect(res.json().idNumberMasked).toMatch(/^140321\*{8}/);
    expect(await auditCount()).toBe(before + 1);
  });

  it('answers bad input with zh-CN messages per field and changes nothing', async () => {
    const before = await auditCount();
    const total = Number((await p.db.pool.query('select count(*) from registry.persons')).rows[0].count);
    const res = await guanshan.post('/api/v1/persons', { idNumber: '140321195804020001', name: '刘', divisionCode: VILLAGE, urbanRural: 'rural', phone: '12345' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['idNumber', 'name', 'phone']);
    expect(body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    expect(await auditCount()).toBe(before);
    expect(Number((await p.db.pool.query('select count(*) from registry.persons')).rows[0].count)).toBe(total);
  });

  it('refuses a request body of the wrong shape with field paths', async () => {
    const res = await guanshan.post('/api/v1/persons', { idNumber: 5, divisionCode: '1' });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['idNumber', 'name', 'divisionCode', 'urbanRural']));
  });

  it('edits a phone: a wrong one is refused, a right one saved; a stale version conflicts', async () => {
    const { head } = await buildHousehold(p, VILLAGE, 1);
    const url = `/api/v1/persons/${head.id}`;
    const v = (await guanshan.get(url)).json().version;
    const bad = await guanshan.patch(url, { version: v, phone: '1381234' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ field: 'phone', code: 'PERSON_PHONE_INVALID' });
    const good = await guanshan.patch(url, { version: v, phone: '13812345678' });
    expect(good.statusCode).toBe(200);
    expect(good.json().phoneMasked).toBe('138****5678');
    expect((await guanshan.patch(url, { version: v, phone: '13912345678' })).statusCode).toBe(409);
    const audit = (await p.db.pool.query("select before, after from kernel.audit_log where action = 'person.updated' and entity_id = $1", [String(head.id)])).rows;
    expect(audit).toEqual([{ before: { phone: null }, after: { phone: '138****5678' } }]);
  });

  it('publishes the day a disability becomes severe (grade 1–2) and emits person.disability.severe once', async () => {
    const { head } = await buildHousehold(p, VILLAGE, 1);
    const url = `/api/v1/persons/${head.id}`;
    const facts = async () => (await p.db.pool.query('select disability_grade, severe_disability_since from registry.person_facts where person_id = $1', [head.id])).rows[0];
    const events = async () => (await outbox('person.disability.severe')).filter((e) => e.aggregate_id === String(head.id));
    const set = async (grade: number | null) => {
      const version = (await guanshan.get(url)).json().version;
      const disability = grade === null ? null : { category: 'physical', grade, certificateNo: `${head.idNumber}4${grade}` };
      expect((await guanshan.patch(url, { version, disability })).statusCode).toBe(200);
    };
    await set(3);
    expect(await facts()).toMatchObject({ disability_grade: 3, severe_disability_since: null });
    await set(2);
    const today = p.registry.today();
    expect(await facts()).toMatchObject({ disability_grade: 2, severe_disability_since: today });
    await set(1); // still severe: the date and the single event stay
    expect(await facts()).toMatchObject({ disability_grade: 1, severe_disability_since: today });
    expect((await events()).map((e) => e.payload)).toEqual([expect.objectContaining({ personId: head.id, grade: 2, since: today, divisionCode: VILLAGE })]);
    await set(null);
    expect(await facts()).toMatchObject({ disability_grade: null, severe_disability_since: null });
  });

  it('reveals a full ID number only with a reason, and audits the reveal', async () => {
    const { head } = await buildHousehold(p, VILLAGE, 1);
    expect((await guanshan.post(`/api/v1/persons/${head.id}/reveal`, { field: 'idNumber', reason: '' })).statusCode).toBe(422);
    const res = await guanshan.post(`/api/v1/persons/${head.id}/reveal`, { field: 'idNumber', reason: '核对低保申请材料' });
    expect(res.json().value).toBe(head.idNumber);
    const [row] = (await p.db.pool.query("select reason from kernel.audit_log where action = 'person.revealed' and entity_id = $1", [String(head.id)])).rows;
    expect(row.reason).toBe('核对低保申请材料');
    expect((await leader.post(`/api/v1/persons/${head.id}/reveal`, { field: 'idNumber', reason: '查看' })).statusCode).toBe(403);
  });

  it('lets leaders read but not write', async () => {
    const { head } = await buildHousehold(p, VILLAGE, 1);
    expect((await leader.get(`/api/v1/persons/${head.id}`)).statusCode).toBe(200);
    expect((await leader.patch(`/api/v1/persons/${head.id}`, { version: 1, address: 'x' })).statusCode).toBe(403);
  });

  it('records a death once and emits person.deceased', async () => {
    const { members } = await buildHousehold(p, VILLAGE, 2);
    const url = `/api/v1/persons/${members[1].id}/death`;
    expect((await guanshan.post(url, { deathDate: '2999-01-01' })).json().code).toBe('VALIDATION_FAILED');
    const res = await guanshan.post(url, { deathDate: '2026-01-03' });
    expect(res.json()).toMatchObject({ status: 'deceased', deathDate: '2026-01-03' });
    expect((await guanshan.post(url, { deathDate: '2026-01-03' })).json().code).toBe('PERSON_ALREADY_DECEASED');
    const events = (await outbox('person.deceased')).filter((e) => e.aggregate_id === String(members[1].id));
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ personId: members[1].id, deathDate: '2026-01-03' });
  });

  it('moves a member to another township: a new household there, person.moved emitted, and out of sight', async () => {
    const { household, members } = await buildHousehold(p, VILLAGE, 3);
    const res = await guanshan.post(`/api/v1/persons/${members[2].id}/move`, { divisionCode: '140321101001', address: '冶西社区 2 号楼', movedOn: '2026-02-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json().householdId).not.toBe(household.id);
    const [ev] = (await outbox('person.moved')).filter((e) => e.aggregate_id === String(members[2].id));
    expect(ev.payload).toMatchObject({ fromDivisionCode: VILLAGE, toDivisionCode: '140321101001', leftActorScope: true });
    expect((await guanshan.get(`/api/v1/persons/${members[2].id}`)).statusCode).toBe(404);
    const hh = (await guanshan.get(`/api/v1/households/${household.id}`)).json();
    expect(hh.members).toHaveLength(2);
    expect(hh.history.find((h: { personId: number }) => h.personId === members[2].id)).toMatchObject({ leftOn: '2026-02-01', reason: '户籍迁移' });
  });
});

describe('households', () => {
  it('splits members into a new household and merges them back, keeping the history', async () => {
    const { household, members } = await buildHousehold(p, VILLAGE, 3);
    const split = await guanshan.post(`/api/v1/households/${household.id}/split`, { personIds: [members[1].id, members[2].id], headPersonId: members[1].id, splitOn: '2026-03-01' });
    expect(split.statusCode).toBe(200);
    const newId = split.json().household.id;
    const nh = (await guanshan.get(`/api/v1/households/${newId}`)).json();
    expect(nh.head.id).toBe(members[1].id);
    expect(nh.members).toHaveLength(2);

    const bad = await guanshan.post(`/api/v1/households/${newId}/merge`, { intoHouseholdId: household.id, mergedOn: '2026-04-01', relations: { [members[1].id]: '10' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe(`relations.${members[2].id}`);

    const merged = await guanshan.post(`/api/v1/households/${newId}/merge`, { intoHouseholdId: household.id, mergedOn: '2026-04-01', relations: { [members[1].id]: '10', [members[2].id]: '20' } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().members).toHaveLength(3);
    expect(merged.json().history).toHaveLength(5);
    expect((await guanshan.get(`/api/v1/households/${newId}`)).json().status).toBe('dissolved');
  });

  it('refuses a second household for a person and a second head', async () => {
    const a = await buildHousehold(p, VILLAGE, 2);
    const b = await buildHousehold(p, VILLAGE, 1);
    expect((await guanshan.post(`/api/v1/households/${b.household.id}/members`, { personId: a.members[1].id, relation: '20', joinedOn: '2026-01-01' })).json().code).toBe('PERSON_ALREADY_IN_HOUSEHOLD');
    expect((await guanshan.post(`/api/v1/households/${b.household.id}/members`, { personId: a.members[1].id, relation: '02', joinedOn: '2026-01-01' })).json().code).toBe('VALIDATION_FAILED');
    expect((await guanshan.post(`/api/v1/households/${a.household.id}/members/${a.head.id}/leave`, { leftOn: '2026-01-01', reason: 'x' })).json().code).toBe('HOUSEHOLD_HEAD_CANNOT_LEAVE');
  });
});
