// 订阅推送: a department pushes a change (a death, a new vehicle…) the day it records it. The finding is
// kept, and it becomes a domain event at once, in the same transaction; reactions follow by event.
import { z } from 'zod';
import { emit, recordAudit, validateIdNumber, validationFailed, type Actor, type FieldError, type Tx } from '#kernel';
import { getSource, insertRecords, recordExchange } from '../sources/sources.service';
import { FINDING_KINDS, type FindingKind } from '../sources/catalogue';
import type { SourceFinding } from '../sources/adapter';

export const DEATH_REPORTED = 'verification.death.reported';
export const VEHICLE_REGISTERED = 'verification.vehicle.registered';
export const RECORD_PUSHED = 'verification.record.pushed';

export const pushInput = z.object({
  records: z.array(z.object({
    idNumber: z.string().describe('身份证号'),
    kind: z.enum(Object.keys(FINDING_KINDS) as [FindingKind, ...FindingKind[]]).describe('类别'),
    reference: z.string().max(100).optional().describe('编号（号牌、执照号、火化证号…）'),
    eventDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').describe('发生日期'),
    monthlyIncomeFen: z.number().int().min(0).optional(),
    amountFen: z.number().int().min(0).optional(),
    detail: z.string().max(500).optional(),
  })).min(1).max(1000),
});
export type PushInput = z.infer<typeof pushInput>;

export interface PushedPayload { sourceCode: string; idNumber: string; kind: FindingKind; reference: string; eventDate: string; detail: string }

/** Keeps a department's pushed records and emits one event each; a bad record refuses the whole push. */
export async function receivePush(tx: Tx, actor: Actor, code: string, input: PushInput, today: string): Promise<{ records: number; events: number }> {
  const { spec } = await getSource(tx, code);
  const errors: FieldError[] = [];
  const rows: SourceFinding[] = input.records.map((r, i) => {
    const id = validateIdNumber(r.idNumber, today);
    if (!id.ok) errors.push({ field: `records.${i}.idNumber`, code: id.code, message: `第 ${i + 1} 条：${id.message}` });
    if (!spec.kinds.includes(r.kind)) errors.push({ field: `records.${i}.kind`, code: 'KIND_NOT_OF_SOURCE', message: `第 ${i + 1} 条：“${spec.name}”不提供“${FINDING_KINDS[r.kind]}”类数据` });
    if (r.eventDate > today) errors.push({ field: `records.${i}.eventDate`, code: 'DATE_FUTURE', message: `第 ${i + 1} 条：日期不能晚于今天` });
    return {
      idNumber: id.ok ? id.normalized : r.idNumber, kind: r.kind, reference: r.reference ?? '', eventDate: r.eventDate,
      monthlyIncomeFen: r.monthlyIncomeFen ?? 0, amountFen: r.amountFen ?? 0, detail: r.detail ?? '',
    };
  });
  if (errors.length) throw validationFailed(errors, `推送未接收：共 ${errors.length} 处错误（本次未作任何更改）`);
  await insertRecords(tx, code, rows, 'push');
  for (const r of rows) {
    const type = r.kind === 'death' ? DEATH_REPORTED : r.kind === 'vehicle' ? VEHICLE_REGISTERED : RECORD_PUSHED;
    await emit<PushedPayload>(tx, {
      type, aggregateType: 'verification_source', aggregateId: code,
      payload: { sourceCode: code, idNumber: r.idNumber, kind: r.kind, reference: r.reference, eventDate: r.eventDate!, detail: r.detail },
    });
  }
  await recordExchange(tx, code, null);
  await recordAudit(tx, actor, { action: 'verification.push.received', entityType: 'verification_source', entityId: code, after: { records: rows.length, kinds: [...new Set(rows.map((r) => r.kind))] } });
  return { records: rows.length, events: rows.length };
}
