// 人员花名册导出: the current search, every page, as a workbook streamed while it is read. ID
// numbers, phones and accounts are masked; the sheet says who exported it, when, and with what filter.
import { PassThrough } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Actor, type Database, inTransaction, maskIdNumber, maskPhone, recordAudit } from '#kernel';
import { households, persons } from '../schema';
import { personConditions, type PersonQuery } from '../persons.service';
import type { RegistryDeps } from '../registry.context';
import {
  DISABILITY_CATEGORIES, DISABILITY_GRADES, ETHNICITIES, HEALTH_CONDITIONS, LABOUR_CAPACITIES, PERSON_STATUSES,
  RELATIONS, URBAN_RURAL, nameOf,
} from '../codes';
import { ROSTER_COLUMNS, maskAccount, type RosterKey } from '../import/roster.columns';

export const EXPORT_CAP = 100_000;
const PAGE = 2000;

export type ExportQuery = Omit<PersonQuery, 'page' | 'pageSize'>;
const SORT = { name: persons.name, birthDate: persons.birthDate, updatedAt: persons.updatedAt, idNumber: persons.idNumber };
const SORT_NAMES = { name: '姓名', birthDate: '出生日期', updatedAt: '更新时间', idNumber: '公民身份号码' };

/** The filter in words, for the sheet's header block. */
export function describeQuery(deps: RegistryDeps, actor: Actor, q: ExportQuery): string {
  const parts = [`管辖范围：${actor.divisionCode ? deps.divisions.fullName(actor.divisionCode, 2) || actor.divisionCode : '全部'}`];
  if (q.divisionCode) parts.push(`区划：${deps.divisions.fullName(q.divisionCode, 2) || q.divisionCode}`);
  if (q.q?.trim()) parts.push(`关键词：${q.q.trim()}`);
  if (q.status) parts.push(`状态：${nameOf(PERSON_STATUSES, q.status)}`);
  if (q.gender) parts.push(`性别：${q.gender === 'M' ? '男' : '女'}`);
  if (q.ageMin != null || q.ageMax != null) parts.push(`年龄：${q.ageMin ?? 0}–${q.ageMax ?? '不限'}岁`);
  parts.push(`排序：${SORT_NAMES[q.sort]}${q.order === 'desc' ? '降序' : '升序'}`);
  return parts.join('；');
}

type Row = { p: typeof persons.$inferSelect; h: { bankName: string | null; bankAccount: string | null; bankAccountName: string | null } | null };

const maskCert = (c: string | null) => (c ? maskIdNumber(c.slice(0, 18)) + c.slice(18) : null);

function cellsOf(r: Row): Record<RosterKey, string | null> {
  const p = r.p;
  return {
    householdRef: p.householdId ? String(p.householdId) : null,
    relation: nameOf(RELATIONS, p.relation),
    name: p.name,
    idNumber: maskIdNumber(p.idNumber),
    ethnicity: nameOf(ETHNICITIES, p.ethnicity),
    phone: maskPhone(p.phone),
    divisionCode: p.divisionCode,
    urbanRural: nameOf(URBAN_RURAL, p.urbanRural),
    residenceDivisionCode: p.residenceDivisionCode,
    address: p.address,
    disabilityCategory: nameOf(DISABILITY_CATEGORIES, p.disabilityCategory),
    disabilityGrade: nameOf(DISABILITY_GRADES, p.disabilityGrade == null ? null : String(p.disabilityGrade)),
    disabilityCertNo: maskCert(p.disabilityCertNo),
    healthConditions: p.healthConditions.map((h) => nameOf(HEALTH_CONDITIONS, h) ?? h).join('、') || null,
    labourCapacity: nameOf(LABOUR_CAPACITIES, p.labourCapacity),
    bankName: r.h?.bankName ?? null,
    bankAccount: maskAccount(r.h?.bankAccount ?? null),
    bankAccountName: r.h?.bankAccountName ?? null,
  };
}

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Audits the export (who, which filter, how many rows), then streams the workbook: rows are read
 * 2,000 at a time and written as they come, at most EXPORT_CAP of them.
 */
export async function exportPersons(db: Database, deps: RegistryDeps, actor: Actor, q: ExportQuery): Promise<{ stream: PassThrough; rows: number; total: number }> {
  const today = deps.today();
  const where = and(...personConditions(actor, q, today));
  const [{ total }] = await db.orm.select({ total: sql<number>`count(*)::int` }).from(persons).where(where);
  const rows = Math.min(total, EXPORT_CAP);
  const filter = { divisionCode: q.divisionCode, q: q.q, status: q.status, gender: q.gender, ageMin: q.ageMin, ageMax: q.ageMax, sort: q.sort, order: q.order };
  await inTransaction(db, (tx) => recordAudit(tx, actor, {
    action: 'person.exported', entityType: 'person', divisionCode: actor.divisionCode || null,
    after: { filter: JSON.parse(JSON.stringify(filter)), rows, total },
  }));

  const out = new PassThrough();
  const write = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = actor.displayName;
    const ws = wb.addWorksheet('人员花名册', { views: [{ state: 'frozen', ySplit: 5 }] });
    ws.columns = ROSTER_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: '@' } : {} }));
    const line = (text: string, font: Partial<ExcelJS.Font> = {}) => { const r = ws.addRow([text]); r.font = font; r.commit(); };
    line('阳泉市民政 人员（户籍）花名册', { bold: true, size: 16 });
    line(`导出人：${actor.displayName}（${actor.username}）　导出时间：${stamp(new Date())}`);
    line(`查询条件：${describeQuery(deps, actor, q)}`);
    line(total > EXPORT_CAP
      ? `共 ${total} 人，超过单次导出上限 ${EXPORT_CAP} 人，本表只含前 ${EXPORT_CAP} 人，请缩小查询条件后分批导出。身份证号、手机号、银行账号已脱敏。`
      : `共 ${total} 人。身份证号、手机号、银行账号已脱敏。`, total > EXPORT_CAP ? { bold: true, color: { argb: 'FFC00000' } } : {});
    const head = ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    const col = SORT[q.sort];
    for (let offset = 0; offset < rows; offset += PAGE) {
      const page = await db.orm.select({ p: persons, h: { bankName: households.bankName, bankAccount: households.bankAccount, bankAccountName: households.bankAccountName } })
        .from(persons).leftJoin(households, eq(households.id, persons.householdId)).where(where)
        .orderBy(q.order === 'desc' ? desc(col) : asc(col), asc(persons.id))
        .limit(Math.min(PAGE, rows - offset)).offset(offset);
      for (const r of page) ws.addRow(ROSTER_COLUMNS.map((c) => cellsOf(r)[c.key])).commit();
      if (out.writableNeedDrain) await once(out, 'drain');
      if (page.length < PAGE) break;
    }
    ws.commit();
    await wb.commit();
  };
  write().catch((e: unknown) => out.destroy(e as Error));
  return { stream: out, rows, total };
}
