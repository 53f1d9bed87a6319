// 花名册导入 end to end over HTTP: template, all-or-nothing, valid-only, errors workbook, SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { buildPerson, buildPlatform, buildUser, idNumberFor } from '../../../test/factories';
import { buildTestApp, signIn, type Session } from '../../../test/http';
import type { Platform } from '../../../apps/server/src/platform';
import { ROSTER_COLUMNS, ROSTER_SHEET, ROSTER_TITLE, type RosterKey } from './roster.columns';
import { importRoster } from './import.service';

type Cells = Partial<Record<RosterKey, string>>;
const VILLAGE = '140321100201';
const OTHER_COUNTY = '140302001001';

let p: Platform;
let app: FastifyInstance;
let staff: Session;
let other: Session;
let admin: Session;
let staffActor: Awaited<ReturnType<typeof buildUser>>;
let outOfScopeId: string;

beforeAll(async () => {
  p = await buildPlatform();
  app = await buildTestApp(p);
  staffActor = await buildUser(p, 'township_caseworker', '140321100');
  const o = await buildUser(p, 'township_caseworker', '140321101');
  const a = await buildUser(p, 'city_admin', '1403');
  staff = await signIn(app, staffActor.username, staffActor.password);
  other = await signIn(app, o.username, o.password);
  admin = await signIn(app, a.username, a.password);
  outOfScopeId = (await buildPerson(p, { divisionCode: OTHER_COUNTY, name: '赵卫东' })).idNumber;
});
afterAll(async () => { await app?.close(); await p?.close(); });

/** A roster as staff fill it: title, header, the grey example, then these rows. */
async function rosterFile(rows: Cells[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ROSTER_SHEET);
  ws.addRow([ROSTER_TITLE]);
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  ws.addRow(ROSTER_COLUMNS.map((c) => c.example));
  for (const r of rows) ws.addRow(ROSTER_COLUMNS.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer, mode: string, filename = '花名册.xlsx') {
  const boundary = '----minzheng' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(s: Session, file: Buffer, mode: string) {
  const { body, contentType } = multipart(file, mode);
  return app.inject({ method: 'POST', url: '/api/v1/registry/imports', headers: { cookie: s.cookie, 'content-type': contentType }, payload: body });
}

async function finished(s: Session, jobId: string) {
  for (let i = 0; i < 600; i++) {
    const res = await s.get(`/api/v1/registry/imports/${jobId}`);
    const body = res.json();
    if (['succeeded', 'failed', 'rejected'].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

async function counts() {
  const one = async (q: ReturnType<typeof sql>) => ((await p.db.orm.execute(q)).rows[0] as { n: number }).n;
  return {
    persons: await one(sql`select count(*)::int as n from registry.persons`),
    households: await one(sql`select count(*)::int as n from registry.households`),
    memberships: await one(sql`select count(*)::int as n from registry.household_memberships`),
    audit: await one(sql`select count(*)::int as n from kernel.audit_log`),
  };
}

const person = (ref: string, relation: string, name: string, idNumber: string, over: Cells = {}): Cells => ({
  householdRef: ref, relation, name, idNumber, ethnicity: '汉族', divisionCode: VILLAGE, urbanRural: '农村', ...over,
});

/** Row numbers in the file: data starts at row 4 (title, header, example). */
function mixedRoster() {
  const good = [
    person('1', '户主', '王德明', idNumberFor('1970-02-03', '140321', 'M'), { bankName: '山西农信', bankAccount: '6217000010001234567', bankAccountName: '王德明', healthConditions: '高血压、糖尿病' }),
    person('1', '妻', '李秀英', idNumberFor('1972-06-09', '140321', 'F'), { labourCapacity: '部分丧失劳动能力' }),
  ];
  const goodId = good[0].idNumber!;
  const valid = idNumberFor('1990-01-01', '140321', 'M');
  const badCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
  const bad = [
    person('2', '户主', '张国强', idNumberFor('1965-03-03', '140321', 'M'), { bankAccount: '1234567890' }), // row 6: short account
    person('2', '长子', '张小明', badCheck), // row 7: bad ID
    person('3', '表舅', '刘大海', idNumberFor('1950-07-07', '140321', 'M')), // row 8: no such relation; household 3 has no head
    person('4', '户主', '陈立', goodId), // row 9: duplicate of row 4
    person('5', '户主', '周平', outOfScopeId), // row 10: registered elsewhere
    person('6', '户主', '孙丽', idNumberFor('1980-08-08', '140302', 'F'), { divisionCode: OTHER_COUNTY }), // row 11: outside jurisdiction
  ];
  return { rows: [...good, ...bad], good };
}

describe('roster template', () => {
  it('downloads with the Chinese headers, name drop-downs, instructions and text-formatted number columns', async () => {
    const res = await staff.get('/api/v1/registry/import/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('人员花名册')!;
    expect(ws.getCell('A1').value).toBe('阳泉市民政 人员（户籍）花名册导入模板');
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual([
      '户编号(同户填同一编号)', '与户主关系', '姓名', '公民身份号码', '民族', '手机号码', '户籍地区划代码(12位)', '城乡',
      '现居住地区划代码', '详细地址', '残疾类别', '残疾等级', '残疾证号', '健康状况(多项用、分隔)', '劳动能力', '开户银行', '银行账号', '账户名',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getColumn(4).numFmt).toBe('@');
    expect(ws.getColumn(17).numFmt).toBe('@');
    expect((ws.getRow(3).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFEDEDED');

    const lists = wb.getWorksheet('代码表')!;
    const listed = (header: string) => {
      const col = (lists.getRow(1).values as unknown[]).indexOf(header);
      return (lists.getColumn(col).values as unknown[]).slice(2);
    };
    for (const [col, header, names] of [
      ['B', '与户主关系', ['户主', '妻', '长子']], ['E', '民族', ['汉族', '回族']], ['H', '城乡', ['城镇', '农村']],
      ['K', '残疾类别', ['肢体残疾']], ['L', '残疾等级', ['一级', '四级']], ['O', '劳动能力', ['无劳动能力']],
    ] as const) {
      const dv = ws.getCell(`${col}10`).dataValidation;
      expect(dv.type).toBe('list');
      expect(dv.formulae[0]).toMatch(/^代码表!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
      expect(listed(header)).toEqual(expect.arrayContaining([...names]));
    }
    expect(ws.getCell('C10').dataValidation).toBeUndefined();
    const help = wb.getWorksheet('填写说明')!;
    const helpText = JSON.stringify(help.getSheetValues());
    expect(helpText).toContain('公民身份号码');
    expect(helpText).toContain('文本格式');
  });

  it('is refused to staff without the import permission', async () => {
    const leader = await buildUser(p, 'leader', '1403');
    const s = await signIn(app, leader.username, leader.password);
    expect((await s.get('/api/v1/registry/import/template')).statusCode).toBe(403);
  });
});

describe('roster import', () => {
  it('in all-or-nothing mode reports every bad row with its row, column and message, and changes nothing', async () => {
    const before = await counts();
    const { rows } = mixedRoster();
    const res = await upload(staff, await rosterFile(rows), 'all');
    expect(res.statusCode).toBe(202);
    const job = await finished(staff, res.json().jobId);
    expect(job).toMatchObject({ status: 'rejected', total: 8, processed: 8, imported: 0, households: 0 });
    const text = job.errors.join('\n');
    expect(text).toContain('第6行【银行账号】银行账号应为12至19位数字');
    expect(text).toMatch(/第7行【公民身份号码】.*校验/);
    expect(text).toContain('第8行【与户主关系】“表舅”不是有效的与户主关系');
    expect(text).toContain('第8行【与户主关系】户编号“3”没有户主');
    expect(text).toContain('第9行【公民身份号码】与第4行的公民身份号码重复');
    expect(text).toContain('第10行【公民身份号码】该身份证号已在系统中登记，请联系上级民政部门核实');
    expect(text).not.toContain('赵卫东');
    expect(text).toContain('第11行【户籍地区划代码(12位)】户籍地不在您的管辖范围内');
    expect(text).not.toMatch(/^第[45]行/m);
    expect(await counts()).toEqual(before);
  });

  it('in all-or-nothing mode imports a clean file in one go, with households, memberships and an audit entry per person', async () => {
    const before = await counts();
    const { good } = mixedRoster();
    const res = await upload(staff, await rosterFile(good), 'all');
    const job = await finished(staff, res.json().jobId);
    expect(job).toMatchObject({ status: 'succeeded', imported: 2, failed: 0, households: 1 });
    const after = await counts();
    expect(after.persons - before.persons).toBe(2);
    expect(after.households - before.households).toBe(1);
    expect(after.memberships - before.memberships).toBe(2);
    const created = await p.db.orm.execute(sql`select count(*)::int as n from kernel.audit_log where action = 'person.created' and actor_name = ${staffActor.username}`);
    expect((created.rows[0] as { n: number }).n).toBe(2);
    const [h] = (await p.db.orm.execute(sql`select h.*, p.name as head_name, p.health_conditions from registry.households h
      join registry.persons p on p.id = h.head_person_id where p.id_number = ${good[0].idNumber}`)).rows as Record<string, unknown>[];
    expect(h).toMatchObject({ head_name: '王德明', bank_account: '6217000010001234567', division_code: VILLAGE, urban_rural: 'rural' });
    expect(h.health_conditions).toEqual(['hypertension', 'diabetes']);
  });

  it('in valid-only mode imports the complete households and reports every row of the others', async () => {
    const before = await counts();
    const fresh = [
      person('A', '户主', '郭建华', idNumberFor('1960-01-02', '140321', 'M')),
      person('A', '妻', '吴桂兰', idNumberFor('1962-03-04', '140321', 'F')),
      person('B', '户主', '马永福', idNumberFor('1958-05-06', '140321', 'M')),
      person('B', '长女', '马丽', idNumberFor('1985-07-08', '140321', 'F'), { phone: '12345' }), // row 7
      person('C', '户主', '何志勇', idNumberFor('1975-09-10', '140321', 'M')),
    ];
    const res = await upload(staff, await rosterFile(fresh), 'valid');
    const job = await finished(staff, res.json().jobId);
    expect(job).toMatchObject({ status: 'succeeded', total: 5, imported: 3, failed: 2, households: 2 });
    expect(job.errors).toContain('第6行【户编号(同户填同一编号)】同户其他行有错误，本户整户未导入');
    expect(job.errors.join()).toContain('第7行【手机号码】手机号应为11位数字');
    const after = await counts();
    expect(after.persons - before.persons).toBe(3);
    expect(after.households - before.households).toBe(2);
    const names = (await p.db.orm.execute(sql`select name from registry.persons where name in ('郭建华','吴桂兰','马永福','马丽','何志勇') order by name`)).rows.map((r) => (r as { name: string }).name);
    expect(names.sort()).toEqual(['何志勇', '吴桂兰', '郭建华'].sort());

    const xlsx = await staff.get(`/api/v1/registry/imports/${res.json().jobId}/errors.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe('错误说明');
    expect(ws.getRow(2).getCell(5).value).toBe('姓名');
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(3).getCell(5).value).toBe('马永福');
    expect(String(ws.getRow(4).getCell(1).value)).toContain('第7行【手机号码】');
    expect(ws.getRow(4).getCell(5).value).toBe('马丽');
    const phoneCol = 3 + ROSTER_COLUMNS.findIndex((c) => c.key === 'phone');
    expect((ws.getRow(4).getCell(phoneCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });

  it('streams progress as server-sent events ending with the final status', async () => {
    const many = Array.from({ length: 40 }, (_, i) => person(`H${i}`, '户主', '郑海波', idNumberFor(`1961-01-${String(1 + (i % 28)).padStart(2, '0')}`, '140321', 'M')));
    const res = await upload(staff, await rosterFile(many), 'valid');
    const { jobId } = res.json();
    const sse = await staff.get(`/api/v1/registry/imports/${jobId}/events`);
    expect(sse.statusCode).toBe(200);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const events = sse.body.split('\n\n').filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, '')));
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const e of events) expect(e).toHaveProperty('processed');
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', total: 40, processed: 40, imported: 40, households: 40 });
    expect(events.slice(0, -1).every((e) => !['succeeded', 'failed', 'rejected'].includes(e.status))).toBe(true);
  });

  it('shows a job only to its creator and city administrators', async () => {
    const res = await upload(staff, await rosterFile([]), 'valid');
    const { jobId } = res.json();
    await finished(staff, jobId);
    expect((await other.get(`/api/v1/registry/imports/${jobId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/registry/imports/${jobId}/errors.xlsx`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/registry/imports/${jobId}`)).statusCode).toBe(200);
  });

  it('refuses an upload without a mode or with a file that is not a roster', async () => {
    expect((await upload(staff, await rosterFile([]), 'some')).statusCode).toBe(422);
    const res = await upload(staff, Buffer.from('not a workbook'), 'all');
    const job = await finished(staff, res.json().jobId);
    expect(job.status).toBe('failed');
    expect(job.message).toContain('.xlsx');
  });

  it('runs from the command line through importRoster with the same checks', async () => {
    const seen: number[] = [];
    const file = await rosterFile([
      person('1', '户主', '高志刚', idNumberFor('1966-04-04', '140321', 'M'), { divisionCode: '140321101001' }),
    ]);
    const r = await importRoster(p.db, p.registry, staffActor, file, { mode: 'all', onProgress: (c) => seen.push(c.processed) });
    expect(r.status).toBe('rejected');
    expect(r.rejectedRows[0].messages).toEqual(['第4行【户籍地区划代码(12位)】户籍地不在您的管辖范围内']);
    expect(seen.length).toBeGreaterThan(0);
  });
});
