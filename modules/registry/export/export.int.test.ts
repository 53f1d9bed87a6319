// 人员花名册导出: the search, within the actor's jurisdiction, masked, with who/when, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { buildHousehold, buildPlatform, buildUser } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { ROSTER_COLUMNS } from '../import/roster.columns';

let p: Platform;
let app: FastifyInstance;
let township: Session;
let username: string;
const homes: Record<string, Awaited<ReturnType<typeof buildHousehold>>> = {};

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  homes.a = await buildHousehold(p, '140321100201', 3);
  homes.b = await buildHousehold(p, '140321100202', 2);
  homes.elsewhere = await buildHousehold(p, '140321101001', 2);
  homes.otherCounty = await buildHousehold(p, '140302001001', 2);
  const u = await buildUser(p, 'township_caseworker', '140321100');
  username = u.username;
  township = await signIn(app, u.username, u.password);
});
afterAll(async () => { await app?.close(); await p?.close(); });

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

const col = (key: string) => 1 + ROSTER_COLUMNS.findIndex((c) => c.key === key);

describe('person export', () => {
  it('exports every person of the search inside the jurisdiction, masked, under a who/when/filter block', async () => {
    const res = await township.get('/api/v1/persons/export.xlsx?sort=idNumber&pageSize=1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ws = await sheetOf(res.rawPayload);
    expect(String(ws.getCell('A2').value)).toMatch(new RegExp(`^导出人：.*（${username}）　导出时间：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
    expect(String(ws.getCell('A3').value)).toContain('查询条件：');
    expect(String(ws.getCell('A4').value)).toContain('共 5 人');
    expect((ws.getRow(5).values as unknown[]).slice(1)).toEqual(ROSTER_COLUMNS.map((c) => c.header));

    const inScope = [...homes.a.members, ...homes.b.members];
    const ids = [];
    for (let r = 6; r <= ws.rowCount; r++) ids.push(String(ws.getRow(r).getCell(col('idNumber')).value));
    expect(ids).toHaveLength(inScope.length);
    expect(ids).toEqual(inScope.map((m) => m.idNumber).sort().map((id) => `${id.slice(0, 6)}********${id.slice(14)}`));
    const everything = JSON.stringify(ws.getSheetValues());
    for (const m of [...homes.elsewhere.members, ...homes.otherCounty.members, ...inScope]) expect(everything).not.toContain(m.idNumber);
    const head = ws.getRow(6);
    expect(head.getCell(col('householdRef')).value).toBeTruthy();
  });

  it('narrows to the query and records the export in the audit log with the filter and the row count', async () => {
    const res = await township.get('/api/v1/persons/export.xlsx?divisionCode=140321100202');
    const ws = await sheetOf(res.rawPayload);
    expect(ws.rowCount - 5).toBe(2);
    expect(String(ws.getCell('A3').value)).toContain('区划：');
    const rows = (await p.db.orm.execute(sql`select after from kernel.audit_log where action = 'person.exported' and actor_name = ${username} order by id`)).rows as { after: { filter: Record<string, unknown>; rows: number } }[];
    expect(rows.at(-1)!.after).toMatchObject({ filter: { divisionCode: '140321100202' }, rows: 2 });
  });

  it('is refused to staff without the export permission', async () => {
    const v = await buildUser(p, 'village_helper', '140321100201');
    const s = await signIn(app, v.username, v.password);
    expect((await s.get('/api/v1/persons/export.xlsx')).statusCode).toBe(403);
  });
});
