// 低保定期复核 as a declared workflow: review due → (economic verification, the report arriving by
// itself) → home visit (what changed) → recompute with the calculator, on the verified figures when a
// report arrived → decision (unchanged / increase / reduce / stop / taper), handed to payments.
import { z } from 'zod';
import { defineWorkflow, registerWorkflow, workflowRegistry } from '#kernel';
import { INCOME_KINDS, type IncomeKind } from '../calculator.schemas';
import { DEADLINES, DECISION_LEVEL } from '../dibao.keys';
import { verificationReportRef } from '../verification.events';
import { allowedOutcomes, REVIEW_OUTCOMES, type ReviewOutcome } from './review-outcome.rules';
import { applyReviewDecision, recomputeReview, recordReviewVisit, REVIEW_WORKFLOW, reviewOf } from './reviews.service';
import { receiveReviewReport } from './review-verification.service';

const incomeKinds = Object.keys(INCOME_KINDS) as [IncomeKind, ...IncomeKind[]];
const outcomes = Object.keys(REVIEW_OUTCOMES) as [ReviewOutcome, ...ReviewOutcome[]];

export const reviewVisitInput = z.object({
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  investigators: z.array(z.object({ userId: z.number().int().positive().optional(), name: z.string().min(1).max(50), signed: z.literal(true, '调查人员须签字') }))
    .min(2, '入户核查须至少两名工作人员'),
  changes: z.string().min(1).max(2000).describe('家庭人口、收入、财产等变化情况'),
  incomes: z.array(z.object({ personId: z.number().int().positive(), kind: z.enum(incomeKinds), monthlyFen: z.number().int('金额须为以分为单位的整数').min(0) }))
    .describe('核查后的家庭成员月收入（全部列出）'),
  irregularIncome: z.boolean().optional().describe('收入来源是否不固定'),
});
/** The report the system step carries: the application procedures' reference, with the incomes found and the number of discrepancies. */
export const reviewReportRef = verificationReportRef.extend({
  foundIncomes: z.array(z.object({ personId: z.number().int().positive(), kind: z.string().min(1).max(40), monthlyFen: z.number().int().min(0) })).default([]),
  discrepancies: z.number().int().min(0).default(0),
  discrepancyItems: z.array(z.object({ code: z.string().max(60), severity: z.enum(['high', 'medium', 'info']), title: z.string().max(200), message: z.string().max(2000) })).default([]),
});
export const reviewDecisionInput = z.object({ outcome: z.enum(outcomes), reason: z.string().max(2000).optional() });

const decider = { roles: ['county_approver', 'township_caseworker'] as const, level: { parameter: DECISION_LEVEL, default: 'county' as const } };

export const reviewWorkflow = defineWorkflow({
  key: REVIEW_WORKFLOW,
  version: 1,
  label: '低保定期复核',
  initial: 'due',
  states: {
    due: { label: '复核到期', deadline: { days: 30, from: 'enteredState', calendar: 'working' } },
    verifying: { label: '经济状况核对中', deadline: { days: { parameter: DEADLINES.verification, default: 10 }, from: 'enteredState', calendar: 'working' } },
    verified: { label: '核对报告已出具，待入户核查或重新核算' },
    visited: { label: '已入户核查' },
    recomputed: { label: '已重新核算，待作出复核决定' },
    decided: { label: '已作出复核决定', final: true },
  },
  transitions: [
    // The caseworker sends the request from the review (POST /verification/requests with reviewId),
    // which takes this step; taken here alone, the request is still sent from the review's page.
    { name: 'requestVerification', from: ['due', 'visited', 'recomputed'], to: 'verifying', label: '发起经济状况核对', roles: ['township_caseworker'], level: 'township' },
    {
      name: 'receiveReport', from: ['verifying'], to: 'verified', label: '核对报告已出具（系统）', roles: ['township_caseworker'], level: 'township',
      requires: reviewReportRef,
      system: true,
      effects: async ({ tx, instance, input, today, mergeData }) => {
        const { reportId, reportNo, sources, totals, foundIncomes, discrepancies, discrepancyItems } = input;
        await receiveReviewReport(tx, await reviewOf(tx, instance), { reportId, reportNo, receivedOn: today, sources, totals, foundIncomes, discrepancies, discrepancyItems });
        await mergeData({ reportId: input.reportId, reportNo: input.reportNo, discrepancies: input.discrepancies });
      },
    },
    {
      name: 'recordVisit', from: ['due', 'verified', 'recomputed'], to: 'visited', label: '登记入户核查及变化情况', roles: ['township_caseworker'], level: 'township',
      requires: reviewVisitInput,
      effects: async ({ tx, instance, input, mergeData }) => {
        await recordReviewVisit(tx, await reviewOf(tx, instance), input);
        await mergeData({ visitedOn: input.visitedOn });
      },
    },
    {
      name: 'recompute', from: ['visited', 'verified'], to: 'recomputed', label: '按核查结果重新核算', roles: ['township_caseworker'], level: 'township',
      guard: async ({ tx, instance }) => ((await reviewOf(tx, instance)).visit ? null : '请先登记入户核查及变化情况'),
      effects: async ({ tx, actor, instance, today, mergeData }) => {
        const calc = await recomputeReview(tx, actor, await reviewOf(tx, instance), today);
        await mergeData({ suggested: calc.suggested, proposedAmountFen: calc.monthlyAmountFen, currentAmountFen: calc.currentAmountFen });
      },
    },
    {
      name: 'decide', from: ['recomputed'], to: 'decided', label: '作出复核决定', ...decider,
      requires: reviewDecisionInput,
      guard: async ({ tx, instance, input }) => {
        const review = await reviewOf(tx, instance);
        const suggested = (review.calculation as { suggested?: ReviewOutcome } | null)?.suggested;
        if (!suggested) return '请先按核查结果重新核算';
        const allowed = allowedOutcomes(suggested);
        return allowed.includes(input.outcome) ? null
          : `重新核算的结果为“${REVIEW_OUTCOMES[suggested]}”，复核决定只能是：${allowed.map((o) => REVIEW_OUTCOMES[o]).join('、')}`;
      },
      effects: async ({ tx, actor, instance, input, today, mergeData }) => {
        const payments = await applyReviewDecision(tx, actor, await reviewOf(tx, instance), input.outcome, input.reason, today);
        await mergeData({ outcome: input.outcome, decidedOn: today, payments });
      },
    },
  ],
});

if (!workflowRegistry.get(REVIEW_WORKFLOW, reviewWorkflow.version)) registerWorkflow(reviewWorkflow);
