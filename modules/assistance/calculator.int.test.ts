import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildPlatform, buildUser } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';

let p: Platform;
let app: FastifyInstance;
let caseworker: Session;
let admin: Session;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const u = await buildUser(p, 'township_caseworker', '140321100');
  caseworker = await signIn(app, u.username, u.password);
  const a = await buildUser(p, 'city_admin', '1403');
  admin = await signIn(app, a.username, a.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

const URL = '/api/v1/assistance/calculate';
const EXAMPLE = {
  programme: 'dibao', divisionCode: '140321100201', urbanRural: 'rural', month: '2020-06',
  members: [{ age: 44 }, { age: 41, disabilityKind: 'physical', disabilityGrade: 2 }, { age: 12, schooling: 'primary' }],
  incomes: [{ member: 0, kind: 'wage', monthlyFen: 60000 }, { member: 2, kind: 'scholarship', monthlyFen: 50000 }],
};
const auditCount = async () => Number((await p.db.pool.query('select count(*) from kernel.audit_log')).rows[0].count);

describe('POST /api/v1/assistance/calculate on the shipped parameters', () => {
  it('answers the issue example with eligibility, amounts, explanation and the parameters used', async () => {
    const res = await caseworker.post(URL, EXAMPLE);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ eligible: true, category: 'dibao', standardFen: 41800, perCapitaIncomeFen: 20000, monthlyAmountFen: 65400 + 8360 });
    expect(body.explanation[0]).toEqual(expect.objectContaining({ text: '适用农村低保标准 418 元/人·月', rule: expect.stringContaining('十四五') }));
    const amounts = body.explanation.reduce((s: number, x: { amountFen?: number }) => s + (x.amountFen ?? 0), 0);
    expect(amounts).toBe(body.monthlyAmountFen);
    expect(body.parameters.find((s: { key: string }) => s.key === 'dibao.standard.rural')).toMatchObject({ divisionCode: '1403', isSample: false, effectiveFrom: '2020-01-01' });
    expect(body.parameters.find((s: { key: string }) => s.key === 'dibao.floor.shareOfStandard')).toMatchObject({ isSample: true });
    expect(body.parameters.some((s: { key: string }) => s.key === 'dibao.standard.urban')).toBe(false);
  });

  it('saves nothing', async () => {
    const before = await auditCount();
    await caseworker.post(URL, EXAMPLE);
    expect(await auditCount()).toBe(before);
  });

  it('uses the urban standard of 587 and flags 2021 figures as samples', async () => {
    expect((await caseworker.post(URL, { ...EXAMPLE, urbanRural: 'urban' })).json().standardFen).toBe(58700);
    const r2021 = (await caseworker.post(URL, { ...EXAMPLE, month: '2021-06' })).json();
    expect(r2021.parameters.find((s: { key: string }) => s.key === 'dibao.standard.rural')).toMatchObject({ value: 47000, isSample: true });
  });

  it('computes tekun and temporary assistance', async () => {
    const tekun = await caseworker.post(URL, { ...EXAMPLE, programme: 'tekun', urbanRural: 'urban', members: [{ age: 75 }], incomes: [], tekun: { mode: 'home_based', careGrade: 'fully_dependent' } });
    expect(tekun.json()).toMatchObject({ eligible: true, category: 'tekun', monthlyAmountFen: 76667 + 85000 });
    const temporary = await caseworker.post(URL, { ...EXAMPLE, programme: 'temporary', temporary: { kind: 'expenditure', months: 5, approvingLevel: 'township' } });
    expect(temporary.json()).toMatchObject({ category: 'temporary', totalAmountFen: 3 * 41800 * 3, requiredApprovingLevel: 'county' });
  });

  it('applies what-if parameter overrides without saving them', async () => {
    const res = await caseworker.post(URL, { ...EXAMPLE, parameterOverrides: { 'dibao.standard.rural': 45000, 'dibao.addOn.minor': '0' } });
    expect(res.json()).toMatchObject({ standardFen: 45000, monthlyAmountFen: 3 * 45000 - 60000 + 4500 });
    expect((await caseworker.post(URL, EXAMPLE)).json().standardFen).toBe(41800);
  });

  it('refuses a month with no standard in force', async () => {
    const res = await caseworker.post(URL, { ...EXAMPLE, month: '2015-06' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ASSISTANCE_NO_STANDARD', title: expect.stringContaining('2015-06') });
  });

  it('answers bad input with 422 problem+json and zh-CN messages per field', async () => {
    const res = await caseworker.post(URL, {
      ...EXAMPLE, month: '2020-13',
      members: [{ age: -1 }, { age: 41, disabilityKind: 'physical' }],
      incomes: [{ member: 0, kind: 'salary', monthlyFen: 1.5 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['month', 'members.0.age', 'members.1.disabilityGrade', 'incomes.0.kind', 'incomes.0.monthlyFen']));
    expect(body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
  });

  it('refuses an income for a member who is not there, an unknown division and a bad override', async () => {
    const member = await caseworker.post(URL, { ...EXAMPLE, incomes: [{ member: 5, kind: 'wage', monthlyFen: 100 }] });
    expect(member.statusCode).toBe(422);
    expect(member.json().errors).toEqual([expect.objectContaining({ field: 'incomes.0.member', message: '没有序号为 5 的成员' })]);
    const division = await caseworker.post(URL, { ...EXAMPLE, divisionCode: '140399999999' });
    expect(division.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'divisionCode', code: 'DIVISION_UNKNOWN' }] });
    const override = await caseworker.post(URL, { ...EXAMPLE, parameterOverrides: { 'dibao.floor.shareOfStandard': 0.2 } });
    expect(override.json()).toMatchObject({ code: 'ASSISTANCE_PARAMETER_INVALID', errors: [{ field: 'parameterOverrides.dibao.floor.shareOfStandard' }] });
  });

  it('requires a signed-in member of staff', async () => {
    const res = await app.inject({ method: 'POST', url: URL, payload: EXAMPLE });
    expect(res.statusCode).toBe(401);
  });

  it('is documented in the OpenAPI schema with every income kind', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const op = doc.paths['/api/v1/assistance/calculate'].post;
    const body = op.requestBody.content['application/json'].schema;
    expect(body.properties.incomes.items.properties.kind.enum).toEqual(expect.arrayContaining(['wage', 'business', 'property', 'transfer', 'scholarship', 'special_care_pension', 'basic_residents_pension', 'assistance']));
    expect(body.properties.programme.description).toContain('最低生活保障');
    expect(op.responses['200'].content['application/json'].schema.properties.explanation).toBeDefined();
  });
});

describe('POST /api/v1/assistance/standards', () => {
  const STANDARDS = '/api/v1/assistance/standards';
  const tekunUrban = (yuan: number, effectiveFrom = '2020-07-01') =>
    ({ key: 'tekun.basicStandard.urban', divisionCode: '1403', effectiveFrom, value: yuan * 100, reason: '年度调整' });

  it('refuses a tekun basic standard below 1.3 × 12 × the dibao standard of the same area, naming both figures', async () => {
    const res = await admin.post(STANDARDS, tekunUrban(9156));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'TEKUN_STANDARD_TOO_LOW', title: expect.stringMatching(/9156 元\/年低于低保标准 587 元\/月 × 12 × 1\.3 = 9157 元\/年/) });
  });

  it('accepts 9,157, audits it, and the calculator uses it from its start date', async () => {
    const before = await auditCount();
    const res = await admin.post(STANDARDS, tekunUrban(9157));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ action: 'inserted', effectiveFrom: '2020-07-01' });
    expect(await auditCount()).toBe(before + 1);
    const audit = (await p.db.pool.query(`select * from kernel.audit_log where action = 'assistance.standard.set' order by id desc limit 1`)).rows[0];
    expect(audit).toMatchObject({ entity_type: 'parameter', division_code: '1403', reason: '年度调整' });
    const tekun = (month: string) => caseworker.post(URL, { ...EXAMPLE, month, programme: 'tekun', urbanRural: 'urban', members: [{ age: 75 }], incomes: [], tekun: { mode: 'home_based', careGrade: 'self_caring' } });
    expect((await tekun('2020-06')).json().monthlyAmountFen).toBe(76667 + 17000);
    expect((await tekun('2020-08')).json().monthlyAmountFen).toBe(76308 + 17000);
  });

  it('refuses a dibao standard that would leave the tekun standard below 1.3 ×', async () => {
    const res = await admin.post(STANDARDS, { key: 'dibao.standard.urban', divisionCode: '1403', effectiveFrom: '2020-09-01', value: 60000 });
    expect(res.statusCode).toBe(422);
    expect(res.json().title).toContain('请先提高特困人员基本生活标准');
  });

  it('lets only a city administrator set standards, for their own area and known keys', async () => {
    expect((await caseworker.post(STANDARDS, tekunUrban(9300, '2020-10-01'))).statusCode).toBe(403);
    expect((await admin.post(STANDARDS, { ...tekunUrban(9300, '2020-10-01'), divisionCode: '1401' })).statusCode).toBe(403);
    const unknown = await admin.post(STANDARDS, { ...tekunUrban(9300), key: 'registry.something' });
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'key' }] });
    const yuanText = await admin.post(STANDARDS, { ...tekunUrban(9300), value: '9300.00' });
    expect(yuanText.json()).toMatchObject({ code: 'ASSISTANCE_PARAMETER_INVALID', errors: [{ field: 'value', message: '应为以分为单位的非负整数' }] });
  });
});
