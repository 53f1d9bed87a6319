// The verification report of a review arrives: the review waiting for it moves on by itself
// (verifying → verified), keeping the report. Idempotent: a review no longer waiting is left alone.
import type { z } from 'zod';
import { SYSTEM_ACTOR, getInstance, on, transition } from '#kernel';
import { eq } from 'drizzle-orm';
import { REVIEW_SUBJECT } from './reviews.service';
import { reviews } from './reviews.schema';
import type { reviewReportRef } from './review.workflow';

interface ReportCompleted extends z.input<typeof reviewReportRef> { requestId: number; subjectType: string; subjectId: string }

on<ReportCompleted>('verification.report.completed', 'assistance.review.verificationReport', async (event, tx) => {
  const p = event.payload;
  if (p.subjectType !== REVIEW_SUBJECT) return;
  const [review] = await tx.select().from(reviews).where(eq(reviews.id, Number(p.subjectId)));
  if (!review?.instanceId) return;
  const instance = await getInstance(tx, SYSTEM_ACTOR, review.instanceId);
  if (instance.state !== 'verifying') return;
  await transition(tx, SYSTEM_ACTOR, instance.id, 'receiveReport', {
    reportId: p.requestId, reportNo: p.reportNo, sources: p.sources, incomes: p.incomes, totals: p.totals,
    foundIncomes: p.foundIncomes ?? [], discrepancies: p.discrepancies ?? 0, discrepancyItems: p.discrepancyItems ?? [],
  });
});
