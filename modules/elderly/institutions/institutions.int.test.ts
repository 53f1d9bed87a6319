// The institution console's commands over HTTP: register and edit an institution, admit and discharge
// a resident, inspect with a checklist, close a hazard by re-inspection, record and resolve a
// complaint, register facilities — each refusal in zh-CN on the field, changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { addDays, todayInChina } from '#kernel';
import { buildPerson, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { divisionPoint, metresBetween } from './geo';

let p: Platform;
let app: FastifyInstance;
let county: Session;
let otherCounty: Session;
const today = todayInChina();
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}-03-10`;
const put = (s: Session, url: string, body: unknown) => app.inject({ method: 'PUT', url, headers: { cookie: s.cookie }, payload: body as object });

const base = {
  name: '娘子关镇福寿养老院', ownership: 'public_private', divisionCode: '140321104', comprehensive: false, licenceNo: '晋阳民养备2026001',
  licenceExpiresOn: addDays(today, 40), beds: 2, nursingBeds: 1, staff: 3, fireSafety: 'passed', rating: 2, address: '娘子关镇东街 8 号',
};

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const u = await buildUser(p, 'county_approver', '140321');
  const o = await buildUser(p, 'county_approver', '140322');
  county = await signIn(app, u.username, u.password);
  otherCounty = await signIn(app, o.username, o.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('care institutions', () => {
  let id: number;

  it('refuses more nursing beds than beds, on the field, and registers nothing', async () => {
    const res = await county.post('/api/v1/elderly/institutions', { ...base, nursingBeds: 3 });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'nursingBeds', message: '护理型床位数不能多于床位总数' })]);
    expect((await county.get('/api/v1/elderly/institutions?q=福寿')).json()).toEqual([]);
  });

  it('refuses a county as the location and a division outside the jurisdiction', async () => {
    expect((await county.post('/api/v1/elderly/institutions', { ...base, divisionCode: '140321000000' })).json().errors[0].field).toBe('divisionCode');
    expect((await otherCounty.post('/api/v1/elderly/institutions', base)).statusCode).toBe(403);
  });

  it('registers one, placed at its township on the map, with a licence warning', async () => {
    const res = await county.post('/api/v1/elderly/institutions', base);
    expect(res.statusCode).toBe(200);
    id = res.json().id;
    expect(metresBetween(res.json(), divisionPoint('140321104')!)).toBeLessThanOrEqual(150);
    const [row] = (await county.get('/api/v1/elderly/institutions?warning=expiring')).json();
    expect(row).toMatchObject({ id, residents: 0, licenceWarning: 'expiring', address: '娘子关镇东街 8 号', divisionName: expect.any(String) });
    expect((await county.post('/api/v1/elderly/institutions', base)).json().errors[0]).toMatchObject({ field: 'name', code: 'INSTITUTION_DUPLICATE' });
    expect((await otherCounty.get(`/api/v1/elderly/institutions/${id}`)).statusCode).toBe(404);
  });

  it('admits older people up to its beds, refuses a third and a younger person, and discharges', async () => {
    const a = await buildPerson(p, { name: '赵秀兰', birthDate: yearsAgo(82), divisionCode: '140321104201' });
    const b = await buildPerson(p, { name: '钱德福', birthDate: yearsAgo(75), divisionCode: '140321104201' });
    const c = await buildPerson(p, { name: '孙建设', birthDate: yearsAgo(70), divisionCode: '140321104201' });
    const young = await buildPerson(p, { name: '李青年', birthDate: yearsAgo(45), divisionCode: '140321104201' });
    expect((await county.post(`/api/v1/elderly/institutions/${id}/admissions`, { personId: young.id, admittedOn: today })).json().code).toBe('NOT_OLDER_PERSON');
    const first = await county.post(`/api/v1/elderly/institutions/${id}/admissions`, { personId: a.id, admittedOn: today });
    expect(first.statusCode).toBe(200);
    expect((await county.post(`/api/v1/elderly/institutions/${id}/admissions`, { personId: a.id, admittedOn: today })).json().code).toBe('ALREADY_RESIDENT');
    await county.post(`/api/v1/elderly/institutions/${id}/admissions`, { personId: b.id, admittedOn: today });
    expect((await county.post(`/api/v1/elderly/institutions/${id}/admissions`, { personId: c.id, admittedOn: today })).json().code).toBe('INSTITUTION_FULL');
    // beds cannot drop below the two in care
    expect((await put(county, `/api/v1/elderly/institutions/${id}`, { ...base, beds: 1, nursingBeds: 1 })).json().errors[0]).toMatchObject({ field: 'beds', code: 'BEDS_BELOW_RESIDENTS' });
    const residents = (await county.get(`/api/v1/elderly/institutions/${id}/residents`)).json();
    expect(residents.map((r: { name: string }) => r.name).sort()).toEqual(['赵秀兰', '钱德福'].sort());
    expect(residents[0].idNumber).toMatch(/\*{8}/);
    const admissionId = first.json().admission.id;
    expect((await county.post(`/api/v1/elderly/admissions/${admissionId}/discharge`, { dischargedOn: addDays(today, -400), reason: '回家' })).json().errors[0].field).toBe('dischargedOn');
    expect((await county.post(`/api/v1/elderly/admissions/${admissionId}/discharge`, { dischargedOn: today, reason: '回家居住' })).statusCode).toBe(200);
    const edited = await put(county, `/api/v1/elderly/institutions/${id}`, { ...base, beds: 30, nursingBeds: 20, rating: 3 });
    expect(edited.json()).toMatchObject({ beds: 30, nursingBeds: 20, rating: 3 });
  });

  it('inspects with a checklist and score, and closes a hazard only by re-inspection', async () => {
    const checklist = [{ code: 'fire', passed: false, note: '疏散通道堆物' }, { code: 'food', passed: true }, { code: 'licence', passed: true }];
    const bad = await county.post('/api/v1/elderly/inspections', { institutionId: id, inspectedOn: today, inspectors: [{ name: '王检查' }, { name: '刘检查' }], checklist,
      hazards: [{ description: '疏散通道堆放杂物', deadline: addDays(today, -1) }] });
    expect(bad.json().errors[0]).toMatchObject({ field: 'hazards.0.deadline', message: '整改期限不能早于检查日期' });
    expect((await county.get(`/api/v1/elderly/inspections?institutionId=${id}`)).json().total).toBe(0);
    const one = (await county.post('/api/v1/elderly/inspections', { institutionId: id, inspectedOn: today, inspectors: [{ name: '王检查' }, { name: '刘检查' }], checklist,
      hazards: [{ description: '疏散通道堆放杂物', deadline: addDays(today, 15) }] })).json();
    expect(one.score).toBe(67); // 2 of 3
    const [hazard] = (await county.get(`/api/v1/elderly/hazards?institutionId=${id}&status=open`)).json();
    expect(hazard).toMatchObject({ description: '疏散通道堆放杂物', status: 'open', overdue: false });
    const again = await county.post('/api/v1/elderly/inspections', { institutionId: id, inspectedOn: today, inspectors: [{ name: '王检查' }, { name: '刘检查' }],
      checklist: checklist.map((c) => ({ ...c, passed: true })), rectifiedHazardIds: [hazard.id] });
    expect(again.json().score).toBe(100);
    expect((await county.get(`/api/v1/elderly/hazards?institutionId=${id}&status=open`)).json()).toEqual([]);
    const list = (await county.get(`/api/v1/elderly/inspections?institutionId=${id}`)).json();
    expect(list.rows.map((r: { hazardsFound: number; hazardsClosed: number }) => [r.hazardsFound, r.hazardsClosed])).toEqual([[0, 1], [1, 0]]);
  });

  it('records a complaint and resolves it once', async () => {
    const c = (await county.post('/api/v1/elderly/complaints', { institutionId: id, receivedOn: today, complainant: '赵家属', content: '饭菜偏咸' })).json();
    expect((await county.get('/api/v1/elderly/complaints?status=open')).json().map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await county.post(`/api/v1/elderly/complaints/${c.id}/resolve`, { resolution: '已约谈机构，调整菜谱' })).json().status).toBe('resolved');
    expect((await county.post(`/api/v1/elderly/complaints/${c.id}/resolve`, { resolution: '再次办结' })).json().code).toBe('COMPLAINT_NOT_OPEN');
  });
});

describe('community facilities', () => {
  it('registers a day-care centre at its village, edits and closes it; a home care bed names its institution and elder', async () => {
    const res = await county.post('/api/v1/elderly/facilities', { kind: 'day_care', name: '东关日间照料中心', divisionCode: '140321100201', urbanRural: 'rural', openedOn: '2024-05-01' });
    expect(res.statusCode).toBe(200);
    const f = res.json();
    expect(metresBetween(f, divisionPoint('140321100201')!)).toBeLessThanOrEqual(150);
    expect((await put(county, `/api/v1/elderly/facilities/${f.id}`, { kind: 'day_care', name: '东关日间照料中心', divisionCode: '140321100201', urbanRural: 'rural', openedOn: '2024-05-01', closedOn: '2024-04-01' })).json().errors[0].field).toBe('closedOn');
    await put(county, `/api/v1/elderly/facilities/${f.id}`, { kind: 'day_care', name: '东关日间照料中心', divisionCode: '140321100201', urbanRural: 'rural', openedOn: '2024-05-01', closedOn: today });
    expect((await county.get('/api/v1/elderly/facilities?q=东关')).json().total).toBe(0);
    expect((await county.get('/api/v1/elderly/facilities?q=东关&includeClosed=true')).json().rows[0]).toMatchObject({ closedOn: today });
    const bed = await county.post('/api/v1/elderly/facilities', { kind: 'home_bed', name: '家庭养老床位', divisionCode: '140321100201', urbanRural: 'rural', openedOn: today });
    expect(bed.json().errors[0]).toMatchObject({ field: 'institutionId', message: '家庭养老床位须选择提供服务的养老机构' });
  });
});
