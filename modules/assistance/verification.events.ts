// The verification report arrives: the case waiting for it moves on by itself (verifying →
// investigating), recording the report as its verification. Idempotent: a case no longer waiting
// is left alone.
import { z } from 'zod';
import { SYSTEM_ACTOR, getInstance, on, transition } from '#kernel';
import { manualVerification } from './applications.schemas';
import { applicationOf, SUBJECT_TYPE } from './applications.service';

/** The report reference the system step carries: its number and id, with the findings the case keeps. */
export const verificationReportRef = manualVerification.extend({ reportId: z.number().int().positive(), reportNo: z.string().min(1).max(60) });

interface ReportCompleted extends z.input<typeof verificationReportRef> { requestId: number; subjectType: string; subjectId: string }

on<ReportCompleted>('verification.report.completed', 'assistance.dibao.verificationReport', async (event, tx) => {
  const p = event.payload;
  if (p.subjectType !== SUBJECT_TYPE) return;
  const app = await applicationOf(tx, { subjectId: p.subjectId });
  if (!app.instanceId) return;
  const instance = await getInstance(tx, SYSTEM_ACTOR, app.instanceId);
  if (instance.state !== 'verifying') return;
  await transition(tx, SYSTEM_ACTOR, instance.id, 'receiveReport', {
    reportId: p.requestId, reportNo: p.reportNo, sources: p.sources, incomes: p.incomes, totals: p.totals,
  });
});
