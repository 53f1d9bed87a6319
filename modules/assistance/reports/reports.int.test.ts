// The caseload and processing reports on a small fixture whose figures are worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, inTransaction, workflowInstances, workflowTransitions, type Role } from '#kernel';
import { runPayroll, setEntitlement, signPayroll } from '#payments';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { applications } from '../schema';
import { DIBAO_WORKFLOW } from '../dibao.keys';
import { TEKUN_WORKFLOW } from '../tekun/tekun.keys';
import { TEMPORARY_WORKFLOW } from '../temporary/temporary.keys';
import { SUBJECT_TYPE } from '../applications.service';
import { median, percentile } from './processing.report';
import { monthsBetween, resolveRange } from './report.params';

let p: Platform;
let app: FastifyInstance;
let admin: Session; let pingding: Session; let guanshan: Session; let chengqu: Session; let helper: Session;

const A_VILLAGE = '140321100011'; // 平定县 冠山镇
const B_VILLAGE = '140321101001'; // 平定县 冶西镇
const C_VILLAGE = '140302001001'; // 城区 上站街道

async function payee(village: string, members: number) {
  const h = await buildHousehold(p, village, members);
  await p.db.orm.execute(sql`UPDATE registry.households SET bank_name = '中国农业银行', bank_account = ${'6228480' + String(h.household.id).padStart(12, '0')} WHERE id = ${h.household.id}`);
  return h;
}

async function approvedApplication(h: Awaited<ReturnType<typeof buildHousehold>>, programme: string, excluded: number[] = []) {
  const [row] = await p.db.orm.insert(applications).values({
    programme, householdId: h.household.id, applicantPersonId: h.head.id, applicantName: h.head.name, applicantIdMasked: 'x',
    divisionCode: h.household.divisionCode, urbanRural: 'rural', receivingDivisionCode: h.household.divisionCode.slice(0, 9), receivedByName: 'test',
    members: h.members.map((m) => ({ personId: m.id, name: m.name, idNumberMasked: 'x', age: 40, included: !excluded.includes(m.id) })),
    incomes: [], assets: {}, consents: [], documents: [], decision: 'approved', fromMonth: '2026-01',
  }).returning();
  return row;
}

const entitle = (h: Awaited<ReturnType<typeof buildHousehold>>, programme: string, fen: number, fromMonth: string) =>
  inTransaction(p.db, (tx) => setEntitlement(tx, SYSTEM_ACTOR, {
    programme, householdId: h.household.id, divisionCode: h.household.divisionCode, monthlyAmountFen: fen, fromMonth, reason: '测试', sourceType: 'test', sourceId: h.household.id,
  }));

async function runAndSign(month: string, countyCode: string, sign = true) {
  const r = await runPayroll(p.db, SYSTEM_ACTOR, { month, countyCode });
  if (sign) await inTransaction(p.db, (tx) => signPayroll(tx, SYSTEM_ACTOR, r.runId));
}

type Decision = 'enrolled' | 'granted' | 'refused';

/** A case of the given procedure opened and (optionally) decided on the given China dates, 09:00.
 *  Without an overall limit it stands for a case opened before its procedure declared one. */
async function kase(workflowKey: string, divisionCode: string, opened: string, decided: { on: string; state: Decision } | null, overallDueAt: string | null) {
  const at = (d: string) => new Date(`${d}T09:00:00+08:00`);
  const [i] = await p.db.orm.insert(workflowInstances).values({
    workflowKey, workflowVersion: 1, subjectType: SUBJECT_TYPE, subjectId: String(Math.floor(Math.random() * 1e9)),
    divisionCode, state: decided?.state ?? 'deciding', openedAt: at(opened), stateEnteredAt: at(decided?.on ?? opened),
    overallStartedOn: overallDueAt ? opened : null, overallDueAt, closedAt: decided ? at(decided.on) : null,
  }).returning();
  await p.db.orm.insert(workflowTransitions).values({ instanceId: i.id, name: 'requestVerification', fromState: 'accepted', toState: 'verifying', actorName: 't', actorRole: 'township_caseworker', at: at(opened) });
  if (decided) {
    await p.db.orm.insert(workflowTransitions).values({ instanceId: i.id, name: decided.state === 'refused' ? 'refuse' : 'approve', fromState: 'deciding', toState: decided.state, actorName: 't', actorRole: 'county_approver', at: at(decided.on) });
  }
}
const dibao = (...a: Parameters<typeof kase> extends [string, ...infer R] ? R : never) => kase(DIBAO_WORKFLOW, ...a);
const tekun = (...a: Parameters<typeof kase> extends [string, ...infer R] ? R : never) => kase(TEKUN_WORKFLOW, ...a);
const temporary = (...a: Parameters<typeof kase> extends [string, ...infer R] ? R : never) => kase(TEMPORARY_WORKFLOW, ...a);

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  const login = async (role: Role, code: string) => { const u = await buildUser(p, role, code); return signIn(app, u.username, u.password); };
  admin = await login('city_admin', '1403');
  pingding = await login('county_approver', '140321');
  guanshan = await login('township_caseworker', '140321100');
  chengqu = await login('county_approver', '140302');
  helper = await login('village_helper', A_VILLAGE);

  // A: 2 persons counted, 500 yuan from 2026-01. B: 3 members, 1 not counted, 300 yuan from 2026-01.
  // C: tekun, 600 yuan from 2026-02, no application (counted as 1 person).
  const a = await payee(A_VILLAGE, 2);
  const b = await payee(B_VILLAGE, 3);
  const c = await payee(C_VILLAGE, 1);
  await approvedApplication(a, 'dibao');
  await approvedApplication(b, 'dibao', [b.members[2].id]);
  await entitle(a, 'dibao', 50_000, '2026-01');
  await entitle(b, 'dibao', 30_000, '2026-01');
  await entitle(c, 'tekun', 60_000, '2026-02');
  await runAndSign('2026-01', '140321');
  await runAndSign('2026-01', '140302'); // no lines
  await runAndSign('2026-02', '140321');
  await runAndSign('2026-02', '140302');
  await runAndSign('2026-03', '140321', false); // a draft: not counted

  // Processing, March 2025 (no holidays): working days counted after the opening day.
  await dibao(A_VILLAGE, '2025-03-03', { on: '2025-03-17', state: 'enrolled' }, '2025-04-14'); // 10
  await dibao(A_VILLAGE, '2025-03-03', { on: '2025-03-05', state: 'refused' }, '2025-04-14'); // 2
  await dibao(B_VILLAGE, '2025-03-10', { on: '2025-03-28', state: 'enrolled' }, '2025-03-25'); // 14, decided late
  await dibao(B_VILLAGE, '2025-03-20', null, '2025-05-06'); // still open, overdue since May
  await dibao(A_VILLAGE, '2025-03-24', { on: '2025-04-01', state: 'enrolled' }, '2025-05-06'); // decided in April: not in March
  await dibao(C_VILLAGE, '2025-03-10', { on: '2025-03-12', state: 'enrolled' }, '2025-04-21'); // 2
  await tekun(A_VILLAGE, '2025-03-03', { on: '2025-03-21', state: 'enrolled' }, '2025-04-14'); // 14
  await tekun(B_VILLAGE, '2025-03-05', { on: '2025-03-26', state: 'refused' }, '2025-03-20'); // 15, decided late
  await tekun(C_VILLAGE, '2025-03-03', { on: '2025-03-31', state: 'enrolled' }, '2025-04-14'); // 20
  // still open, opened before tekun had an overall limit: 30 working days from 03-25 (Qingming, the
  // 27 April make-up workday and May Day counted) ran out on 2025-05-09
  await tekun(A_VILLAGE, '2025-03-25', null, null);
  await temporary(A_VILLAGE, '2025-03-10', { on: '2025-03-12', state: 'granted' }, '2025-04-07'); // 2
  await temporary(A_VILLAGE, '2025-03-10', { on: '2025-03-17', state: 'refused' }, '2025-04-07'); // 5
  await temporary(B_VILLAGE, '2025-03-31', { on: '2025-04-03', state: 'granted' }, '2025-04-29'); // 3, in April
});
afterAll(async () => { await app?.close(); await p?.close(); });

describe('a programme paid in parts', () => {
  it('reports tekun\'s care standard with tekun: one household, the money of both parts, and under the tekun filter', async () => {
    const d = await payee('140303001001', 1); // 矿区
    await approvedApplication(d, 'tekun');
    await entitle(d, 'tekun', 50_000, '2026-04');
    await entitle(d, 'tekun_care', 12_000, '2026-04');
    await runAndSign('2026-04', '140303');
    for (const filter of ['', '&programme=tekun']) {
      const r = (await admin.get(`/api/v1/assistance/reports/caseload?from=2026-04&to=2026-04&groupBy=county${filter}`)).json();
      expect(r.rows).toEqual([{ month: '2026-04', divisionCode: '140303', divisionName: '矿区', households: 1, persons: 1, spendingFen: 62_000 }]);
      expect(r.byProgramme).toEqual([{ month: '2026-04', programme: 'tekun', programmeName: '特困人员救助供养', households: 1, persons: 1, spendingFen: 62_000 }]);
    }
  });
});

describe('report parameters', () => {
  it('defaults to the 12 months ending last month and refuses reversed ranges', () => {
    expect(resolveRange({}, '2026-11-30')).toEqual({ from: '2025-11', to: '2026-10' });
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(() => resolveRange({ from: '2026-03', to: '2026-01' })).toThrow();
    expect(() => resolveRange({ from: '2020-01', to: '2026-01' })).toThrow();
  });
  it('median and nearest-rank 90th percentile', () => {
    expect(median([10, 2, 14, 2])).toBe(6);
    expect(percentile([10, 2, 14, 2], 90)).toBe(14);
    expect(median([3])).toBe(3);
    expect(median([])).toBeNull();
  });
});

describe('caseload report', () => {
  it('counts households, persons and money of signed payrolls by county and month', async () => {
    const res = await admin.get('/api/v1/assistance/reports/caseload?from=2026-01&to=2026-03&groupBy=county');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.rows).toEqual([
      { month: '2026-01', divisionCode: '140321', divisionName: '平定县', households: 2, persons: 4, spendingFen: 80_000 },
      { month: '2026-02', divisionCode: '140302', divisionName: '城区', households: 1, persons: 1, spendingFen: 60_000 },
      { month: '2026-02', divisionCode: '140321', divisionName: '平定县', households: 2, persons: 4, spendingFen: 80_000 },
    ]);
    expect(r.totals).toEqual([
      { month: '2026-01', households: 2, persons: 4, spendingFen: 80_000 },
      { month: '2026-02', households: 3, persons: 5, spendingFen: 140_000 },
    ]);
    expect(r.byProgramme).toEqual([
      { month: '2026-01', programme: 'dibao', programmeName: '最低生活保障', households: 2, persons: 4, spendingFen: 80_000 },
      { month: '2026-02', programme: 'dibao', programmeName: '最低生活保障', households: 2, persons: 4, spendingFen: 80_000 },
      { month: '2026-02', programme: 'tekun', programmeName: '特困人员救助供养', households: 1, persons: 1, spendingFen: 60_000 },
    ]);
    expect(r.householdsWithoutApplication).toBe(1);
    expect(r.signedRuns).toBe(4);
  });

  it('groups by township, filters by programme, and keeps to the actor\'s jurisdiction', async () => {
    const t = (await admin.get('/api/v1/assistance/reports/caseload?from=2026-02&to=2026-02&groupBy=township&programme=dibao')).json();
    expect(t.rows.map((x: { divisionCode: string; persons: number; spendingFen: number }) => [x.divisionCode, x.persons, x.spendingFen]))
      .toEqual([['140321100', 2, 50_000], ['140321101', 2, 30_000]]);
    const g = (await guanshan.get('/api/v1/assistance/reports/caseload?from=2026-01&to=2026-02')).json();
    expect(g.rows.map((x: { month: string; households: number; spendingFen: number }) => [x.month, x.households, x.spendingFen]))
      .toEqual([['2026-01', 1, 50_000], ['2026-02', 1, 50_000]]);
    const c = (await chengqu.get('/api/v1/assistance/reports/caseload?from=2026-01&to=2026-02')).json();
    expect(c.rows).toEqual([{ month: '2026-02', divisionCode: '140302', divisionName: '城区', households: 1, persons: 1, spendingFen: 60_000 }]);
    expect((await helper.get('/api/v1/assistance/reports/caseload?from=2026-01&to=2026-02')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/assistance/reports/caseload?from=2026-03&to=2026-01')).statusCode).toBe(422);
  });

  it('exports a workbook with who and when', async () => {
    const res = await pingding.get('/api/v1/assistance/reports/caseload.xlsx?from=2026-01&to=2026-02');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const text = (n: number) => String(ws.getRow(n).getCell(1).value ?? '');
    expect(text(2)).toMatch(/^导出人：/);
    expect(text(3)).toMatch(/^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(text(4)).toContain('平定县');
    expect(text(5)).toBe('统计期间：2026-01 至 2026-02');
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(7)).toEqual(['月份', '区划代码', '区划名称', '户数', '人数', '支出（元）']);
    expect(values(8)).toEqual(['2026-01', '140321', '平定县', 2, 4, 800]);
    expect(values(9)).toEqual(['2026-02', '140321', '平定县', 2, 4, 800]);
  });
});

describe('processing report', () => {
  // March 2025 by hand — dibao 10, 2, 14, 2 · tekun 14, 15, 20 · temporary 2, 5 working days.
  it('gives median, 90th percentile and overdue counts in working days across dibao, tekun and temporary assistance', async () => {
    const res = await admin.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-03');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    // all nine sorted: 2 2 2 5 10 14 14 15 20 → median the 5th, 90th percentile the 9th (⌈8.1⌉)
    expect(r).toMatchObject({ decided: 9, approved: 6, refused: 3, medianDays: 10, p90Days: 20, overdueDecided: 2, overdueOpen: 2, overdue: 4, groupBy: 'county', programme: null });
    expect(r.byProgramme).toEqual([
      { programme: 'dibao', programmeName: '最低生活保障', decided: 4, approved: 3, refused: 1, medianDays: 6, p90Days: 14, overdueDecided: 1, overdueOpen: 1, overdue: 2 },
      { programme: 'tekun', programmeName: '特困人员救助供养', decided: 3, approved: 2, refused: 1, medianDays: 15, p90Days: 20, overdueDecided: 1, overdueOpen: 1, overdue: 2 },
      { programme: 'temporary', programmeName: '临时救助', decided: 2, approved: 1, refused: 1, medianDays: 3.5, p90Days: 5, overdueDecided: 0, overdueOpen: 0, overdue: 0 },
    ]);
    expect(r.byDivision).toEqual([
      { divisionCode: '140302', divisionName: '城区', decided: 2, approved: 2, refused: 0, medianDays: 11, p90Days: 20, overdueDecided: 0, overdueOpen: 0, overdue: 0 },
      // 2 2 5 10 14 14 15: the 4th, and the 7th (⌈6.3⌉)
      { divisionCode: '140321', divisionName: '平定县', decided: 7, approved: 4, refused: 3, medianDays: 10, p90Days: 15, overdueDecided: 2, overdueOpen: 2, overdue: 4 },
    ]);
    expect(r.monthTotals).toEqual([{ month: '2025-03', decided: 9, approved: 6, refused: 3, medianDays: 10, p90Days: 20, overdueDecided: 2, overdueOpen: 0, overdue: 2 }]);
    expect(r.byMonth.map((m: { programme: string; decided: number; medianDays: number }) => [m.programme, m.decided, m.medianDays]))
      .toEqual([['dibao', 4, 6], ['tekun', 3, 15], ['temporary', 2, 3.5]]);
    const april = (await admin.get('/api/v1/assistance/reports/processing?from=2025-04&to=2025-04')).json();
    // dibao 2025-03-24 → 04-01: 25–28, 31, 1 = 6; temporary 03-31 → 04-03: 3
    expect(april).toMatchObject({ decided: 2, medianDays: 4.5, p90Days: 6 });
  });

  it('groups by township, filters by programme, and counts an open overdue case in the month its limit ran out', async () => {
    const t = (await admin.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-03&groupBy=township')).json();
    expect(t.byDivision.map((d: { divisionCode: string; decided: number; medianDays: number; p90Days: number; overdueDecided: number; overdueOpen: number }) =>
      [d.divisionCode, d.decided, d.medianDays, d.p90Days, d.overdueDecided, d.overdueOpen])).toEqual([
      ['140302001', 2, 11, 20, 0, 0],
      ['140321100', 5, 5, 14, 0, 1],
      ['140321101', 2, 14.5, 15, 2, 1],
    ]);
    const k = (await admin.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-03&programme=tekun')).json();
    expect(k).toMatchObject({ programme: 'tekun', programmeName: '特困人员救助供养', decided: 3, medianDays: 15, p90Days: 20, overdue: 2 });
    expect(k.byProgramme.map((x: { programme: string }) => x.programme)).toEqual(['tekun']);
    const spring = (await admin.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-05')).json();
    expect(spring.monthTotals.map((m: { month: string; decided: number; overdueOpen: number }) => [m.month, m.decided, m.overdueOpen]))
      .toEqual([['2025-03', 9, 0], ['2025-04', 2, 0], ['2025-05', 0, 2]]);
    expect(spring.byMonth.filter((m: { month: string }) => m.month === '2025-05').map((m: { programme: string; overdueOpen: number }) => [m.programme, m.overdueOpen]))
      .toEqual([['dibao', 1], ['tekun', 1]]);
    expect((await admin.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-03&programme=price_linkage')).statusCode).toBe(422);
  });

  it('keeps to the actor\'s jurisdiction and exports a workbook', async () => {
    const g = (await guanshan.get('/api/v1/assistance/reports/processing?from=2025-03&to=2025-03')).json();
    expect(g).toMatchObject({ decided: 5, medianDays: 5, p90Days: 14, overdueDecided: 0, overdueOpen: 1 });
    const res = await chengqu.get('/api/v1/assistance/reports/processing.xlsx?from=2025-03&to=2025-03');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/^导出人：/);
    expect((ws.getRow(7).values as unknown[]).slice(1, 4)).toEqual(['区划代码', '区划名称', '作出决定（件）']);
    expect((ws.getRow(8).values as unknown[]).slice(1)).toEqual(['140302', '城区', 2, 2, 0, 11, 20, 0, 0]);
    expect((ws.getRow(9).values as unknown[]).slice(1, 4)).toEqual(['', '合计', 2]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['办理时效', '按项目', '按月份']);
    const byProgramme = wb.getWorksheet('按项目')!;
    expect((byProgramme.getRow(8).values as unknown[]).slice(1)).toEqual(['最低生活保障', 1, 1, 0, 2, 2, 0, 0]);
    expect((byProgramme.getRow(9).values as unknown[]).slice(1)).toEqual(['特困人员救助供养', 1, 1, 0, 20, 20, 0, 0]);
  });
});
