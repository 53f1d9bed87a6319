import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runNextJob, dispatchPending, type Role } from '#kernel';
import { buildHousehold, buildPlatform, buildUser } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';
import { signBody } from './sources/http.adapter';

const HOME = '140321100201';
let p: Platform;
let app: FastifyInstance;
let admin: Session; let cw: Session; let otherCw: Session; let helper: Session; let auditor: Session;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const login = async (role: Role, code: string) => { const u = await buildUser(p, role, code); return signIn(app, u.username, u.password); };
  admin = await login('city_admin', '1403');
  cw = await login('township_caseworker', '140321100');
  otherCw = await login('township_caseworker', '140321101');
  helper = await login('village_helper', HOME);
  auditor = await login('auditor', '1403');
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('verification over HTTP', () => {
  it('lists the ten sources with their adapter and status, to staff but not to auditors', async () => {
    const res = await cw.get('/api/v1/verification/sources');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(10);
    expect(body.items[0]).toMatchObject({ code: 'household_registration', adapter: 'simulated', enabled: true, lastStatus: null });
    expect((await auditor.get('/api/v1/verification/sources')).statusCode).toBe(403);
    expect((await cw.post('/api/v1/verification/sources/vehicles/push', { records: [{ idNumber: '140321198005170011', kind: 'vehicle', eventDate: '2026-11-01' }] })).statusCode).toBe(403);
  });

  it('requests a verification, serves the report with its purpose, prints it, and hides it from another township', async () => {
    const h = await buildHousehold(p, HOME, 2);
    const intake = await cw.post('/api/v1/assistance/applications', {
      programme: 'dibao', householdId: h.household.id, applicantPersonId: h.head.id,
      members: h.members.map((m) => ({ personId: m.id, included: true })), incomes: [{ personId: h.head.id, kind: 'wage', monthlyFen: 50000 }],
      consents: h.members.map((m) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' })),
      documents: ['application_form', 'household_register', 'id_cards', 'income_statement'].map((code) => ({ code })),
    });
    expect(intake.statusCode, intake.body).toBe(201);
    const req = await cw.post('/api/v1/verification/requests', { applicationId: intake.json().id });
    expect(req.statusCode, req.body).toBe(201);
    const { id, reportNo } = req.json();
    while (await runNextJob(p.db)) { /* the departments answer */ }
    expect((await cw.get(`/api/v1/verification/requests/${id}`)).statusCode).toBe(422); // purpose required
    const view = await cw.get(`/api/v1/verification/requests/${id}?purpose=${encodeURIComponent('审核低保申请')}`);
    expect(view.statusCode).toBe(200);
    const v = view.json();
    expect(v.request).toMatchObject({ reportNo, status: 'complete' });
    expect(v.request.persons[0].idNumber).toBeUndefined();
    expect(v.request.persons[0].idNumberMasked).toMatch(/\*{8}/);
    expect(v.queries).toHaveLength(10);
    const print = await cw.get(`/api/v1/verification/requests/${id}/print?purpose=${encodeURIComponent('归档')}`);
    expect(print.headers['content-type']).toContain('text/html');
    expect(print.body).toContain(`报告编号：${reportNo}`);
    expect(print.body).not.toContain(h.head.idNumber);
    const pdf = await cw.get(`/api/v1/verification/requests/${id}/pdf?purpose=${encodeURIComponent('归档')}`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain('FontFile2'); // the CJK font, subset and embedded
    expect((await otherCw.get(`/api/v1/verification/requests/${id}?purpose=${encodeURIComponent('查看')}`)).statusCode).toBe(404);
    expect((await otherCw.get('/api/v1/verification/requests')).json().total).toBe(0);
    expect((await cw.get('/api/v1/verification/requests')).json().items.map((x: { id: number }) => x.id)).toContain(id);
  });

  it('accepts a department push signed with its key and refuses a bad signature', async () => {
    process.env.MZ_SOURCE_SECRET_VEHICLES = 'vehicles-secret';
    const h = await buildHousehold(p, HOME, 1);
    const body = { records: [{ idNumber: h.head.idNumber, kind: 'vehicle', reference: '晋C77777', eventDate: '2026-11-01' }] };
    const ts = new Date().toISOString();
    const signed = await app.inject({ method: 'POST', url: '/api/v1/verification/sources/vehicles/push', payload: body, headers: { 'x-timestamp': ts, 'x-signature': signBody('vehicles-secret', ts, JSON.stringify(body)) } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toEqual({ records: 1, events: 1 });
    const forged = await app.inject({ method: 'POST', url: '/api/v1/verification/sources/vehicles/push', payload: body, headers: { 'x-timestamp': ts, 'x-signature': 'f'.repeat(64) } });
    expect(forged.statusCode).toBe(401);
    await dispatchPending(p.db);
  });

  it('lets a helper report a person in need and see statistics of their village only', async () => {
    const res = await helper.post('/api/v1/monitoring/outreach', { name: '孙大娘', divisionCode: HOME, situation: '老伴去世后独居，无收入' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await helper.get('/api/v1/monitoring/alerts')).json().total).toBe(0); // it went to the township
    const mine = (await cw.get('/api/v1/monitoring/alerts')).json();
    expect(mine.items.map((a: { personName: string }) => a.personName)).toContain('孙大娘');
    const closed = await cw.post(`/api/v1/monitoring/alerts/${res.json().id}/close`, { outcome: 'applied', note: '已受理低保申请' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'applied' });
    expect((await cw.get('/api/v1/monitoring/statistics')).json().items).toEqual([expect.objectContaining({ key: 'outreach', name: '协理员主动发现', closed: 1, applied: 1 })]);
    expect((await admin.get('/api/v1/monitoring/rules')).json().items.map((r: { code: string }) => r.code)).toEqual(['child_unsupported', 'household_risk']);
  });
});
