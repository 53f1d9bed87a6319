// Change reports and complaints from the phone: each opens a case for the household's township.
import { z } from 'zod';
import { desc, eq } from 'drizzle-orm';
import { DomainError, recordAudit, startWorkflow, type Executor, type Tx } from '#kernel';
import { reports } from '../schema';
import type { OwnHousehold } from '../household/household.service';
import { sendNotice } from '../notices/notices.service';

export const REPORT_KINDS = {
  new_member: '家庭新增成员', income_change: '家庭收入变化', move: '搬家（居住地变化）', complaint: '投诉与意见',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;

const text = (max: number, what: string) => z.string().trim().min(1, `请填写${what}`).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日');

export const reportInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new_member'), name: text(50, '姓名'), relation: text(20, '与您的关系'), since: isoDate.describe('从哪天起共同生活'), reason: text(200, '原因（如出生、结婚）'), note: z.string().max(500).optional() }),
  z.object({ kind: z.literal('income_change'), who: text(50, '收入变化的人'), monthlyIncomeYuan: z.number().min(0).max(1_000_000).describe('现在每月大约收入（元）'), since: isoDate, note: z.string().max(500).optional() }),
  z.object({ kind: z.literal('move'), newAddress: text(200, '新住址'), since: isoDate, note: z.string().max(500).optional() }),
  z.object({ kind: z.literal('complaint'), applicationId: z.number().int().positive().optional(), text: text(2000, '投诉或意见的内容') }),
]);
export type ReportInput = z.infer<typeof reportInput>;

/** Files the report and opens its case in the township's inbox, in one transaction. */
export async function submitReport(tx: Tx, own: OwnHousehold, input: ReportInput, ownsApplication: (id: number) => Promise<boolean>) {
  const { kind, ...details } = input;
  if (input.kind === 'complaint' && input.applicationId && !(await ownsApplication(input.applicationId))) {
    throw new DomainError('APPLICATION_NOT_FOUND', '没有找到这份申请', { status: 404 });
  }
  const [row] = await tx.insert(reports).values({
    kind, personId: own.citizen.personId, householdId: own.householdId, divisionCode: own.divisionCode,
    applicationId: input.kind === 'complaint' ? input.applicationId ?? null : null, details,
  }).returning();
  const instance = await startWorkflow(tx, { ...own.reader, displayName: `${own.citizen.name}（掌上办）` }, 'citizen.report', {
    subjectType: 'citizen_report', subjectId: row.id, divisionCode: own.divisionCode,
    title: `${own.citizen.name} 报告：${REPORT_KINDS[kind]}`, data: { reportId: row.id, kind, details },
  });
  await tx.update(reports).set({ instanceId: instance.id }).where(eq(reports.id, row.id));
  await recordAudit(tx, own.reader, { action: 'citizen.report.submitted', entityType: 'citizen_report', entityId: row.id, divisionCode: own.divisionCode, after: { kind, details } });
  await sendNotice(tx, {
    householdId: own.householdId, sourceKey: `report:${row.id}:received`,
    title: `已收到您的报告：${REPORT_KINDS[kind]}`,
    body: '乡镇（街道）工作人员会在 5 个工作日内核实处理，并在这里给您答复。',
  });
  return { ...row, instanceId: instance.id };
}

export async function listReports(exec: Executor, householdId: number) {
  const rows = await exec.select().from(reports).where(eq(reports.householdId, householdId)).orderBy(desc(reports.id));
  return rows.map((r) => ({ id: r.id, kind: r.kind, kindName: REPORT_KINDS[r.kind as ReportKind] ?? r.kind, details: r.details, reply: r.reply, createdAt: r.createdAt }));
}

/** The township's answer: kept on the report and sent to the household as a notice. */
export async function answerReport(tx: Executor, reportId: number, reply: string) {
  const [row] = await tx.update(reports).set({ reply }).where(eq(reports.id, reportId)).returning();
  if (!row) throw new DomainError('CITIZEN_REPORT_NOT_FOUND', '报告不存在', { status: 404 });
  await sendNotice(tx, {
    householdId: row.householdId, sourceKey: `report:${row.id}:answered`,
    title: `乡镇（街道）答复了您的报告：${REPORT_KINDS[row.kind as ReportKind] ?? row.kind}`, body: reply,
  });
}
