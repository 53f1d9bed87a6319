// The care workforce: workers of an institution, training records, coverage of 2021–2025 per county.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { inTransaction, type Actor } from '#kernel';
import { buildPlatform, buildUser, idNumberFor } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { createInstitution } from '../institutions/institutions.service';
import { computeIndicatorReport } from '../indicators/indicators.service';

let p: Platform;
let app: FastifyInstance;
let county: Actor;
let cs: Session;
let other: Session;
let instId: number;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const c = await buildUser(p, 'county_approver', '140321');
  county = c;
  cs = await signIn(app, c.username, c.password);
  const o = await buildUser(p, 'county_approver', '140322');
  other = await signIn(app, o.username, o.password);
  instId = (await inTransaction(p.db, (tx) => createInstitution(tx, county, { name: '平定县社会福利院', ownership: 'public', divisionCode: '140321100', beds: 80, nursingBeds: 50, staff: 20, fireSafety: 'passed', rating: 3 }))).id;
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('care workers and training', () => {
  it('registers workers with an employer, refuses a bad ID number or no employer, and keeps them in the jurisdiction', async () => {
    const ok = await cs.post('/api/v1/elderly/care-workers', { name: '韩护理', idNumber: idNumberFor('1978-04-02', '140321', 'F'), institutionId: instId, skillLevel: '中级', certificateNo: 'S000014032100123' });
    expect(ok.json()).toMatchObject({ name: '韩护理', divisionCode: '140321100', skillLevel: '中级' });
    expect((await cs.post('/api/v1/elderly/care-workers', { name: '杨护理', institutionId: instId, skillLevel: '初级' })).statusCode).toBe(200);
    const badId = await cs.post('/api/v1/elderly/care-workers', { name: '朱护理', idNumber: '140321197804020000', institutionId: instId, skillLevel: '初级' });
    expect(badId.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'idNumber' }] });
    expect((await cs.post('/api/v1/elderly/care-workers', { name: '秦护理', skillLevel: '初级' })).json()).toMatchObject({ errors: [{ code: 'EMPLOYER_REQUIRED' }] });
    expect((await cs.post('/api/v1/elderly/care-workers', { name: '许护理', institutionId: instId, skillLevel: '大师' })).statusCode).not.toBe(200);
    expect((await other.post('/api/v1/elderly/care-workers', { name: '何护理', institutionId: instId, skillLevel: '初级' })).statusCode).toBe(404);
    const list = await cs.get('/api/v1/elderly/care-workers');
    expect(list.json()).toMatchObject({ total: 2 });
    expect(list.json().rows[0].idNumber).toMatch(/\*{8}/);
    expect((await other.get('/api/v1/elderly/care-workers')).json().total).toBe(0);
  });

  it('counts a worker as trained only for training in 2021–2025, per county and in the indicators', async () => {
    const [han, yang] = (await cs.get('/api/v1/elderly/care-workers')).json().rows;
    expect((await cs.post(`/api/v1/elderly/care-workers/${yang.id}/trainings`, { course: '岗前培训', hours: 24, trainedOn: '2020-11-20', provider: '阳泉市民政局' })).statusCode).toBe(200);
    let cov = (await cs.get('/api/v1/elderly/care-workers/coverage')).json();
    expect(cov).toMatchObject({ workers: 2, trained: 0, perMille: 0 });
    expect((await cs.post(`/api/v1/elderly/care-workers/${han.id}/trainings`, { course: '养老护理员职业技能提升培训', hours: 40, trainedOn: '2023-06-12', provider: '山西省民政职业培训中心' })).statusCode).toBe(200);
    expect((await cs.post(`/api/v1/elderly/care-workers/${han.id}/trainings`, { course: '未来的培训', hours: 8, trainedOn: '2099-01-01' })).json()).toMatchObject({ errors: [{ code: 'DATE_IN_FUTURE' }] });
    cov = (await cs.get('/api/v1/elderly/care-workers/coverage')).json();
    expect(cov).toMatchObject({ workers: 2, trained: 1, perMille: 500 });
    expect(cov.counties.find((c: { code: string }) => c.code === '140321')).toMatchObject({ workers: 2, trained: 1, bySkill: { 初级: 1, 中级: 1 } });
    const ind = await computeIndicatorReport(p.db.orm, county);
    expect(ind.counts).toMatchObject({ careWorkers: 2, careWorkersTrained: 1 });
    expect((await cs.get('/api/v1/elderly/care-workers?trained=false')).json().rows.map((r: { name: string }) => r.name)).toEqual(['杨护理']);
    expect((await cs.get(`/api/v1/elderly/care-workers/${han.id}/trainings`)).json().trainings).toHaveLength(1);

    // a worker who leaves drops out of the coverage
    expect((await cs.post(`/api/v1/elderly/care-workers/${yang.id}`, { skillLevel: '初级', active: false })).json()).toMatchObject({ active: false });
    expect((await cs.get('/api/v1/elderly/care-workers/coverage')).json()).toMatchObject({ workers: 1, trained: 1, perMille: 1000 });
  });
});
