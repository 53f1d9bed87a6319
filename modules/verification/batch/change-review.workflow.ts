// 核对变化复核: a change that matters (death, new vehicle, business or property, income above the
// standard) found by a batch run or pushed by a department, as a task in the responsible township's
// inbox. The caseworker looks at the household and records what was done; choosing to review opens
// assistance's dibao review of the household (or joins the one already open), which the changes feed.
import { z } from 'zod';
import { defineWorkflow, registerWorkflow, workflowRegistry } from '#kernel';
import { openChangeReview } from '#assistance';

export const CHANGE_REVIEW_WORKFLOW = 'verification.changeReview';
export const CHANGE_REVIEW_SUBJECT = 'verification_household_changes';

export const CHANGE_ACTIONS = {
  review_opened: '已启动复核（调整或停发按复核办理）',
  no_effect: '核实后不影响待遇',
  stopped: '已停发',
  adjusted: '已调整待遇',
} as const;

export const changeResolution = z.object({
  action: z.enum(Object.keys(CHANGE_ACTIONS) as [keyof typeof CHANGE_ACTIONS, ...(keyof typeof CHANGE_ACTIONS)[]]).describe('处理结果'),
  note: z.string().min(1, '请填写核实情况').max(1000).describe('核实情况'),
});

export const changeReviewWorkflow = defineWorkflow({
  key: CHANGE_REVIEW_WORKFLOW,
  version: 1,
  label: '核对变化复核',
  initial: 'open',
  states: {
    open: { label: '待核实', deadline: { days: 10, from: 'enteredState', calendar: 'working' } },
    resolved: { label: '已处理', final: true },
  },
  transitions: [
    {
      name: 'resolve', from: ['open'], to: 'resolved', label: '登记核实处理结果', roles: ['township_caseworker'], level: 'township', requires: changeResolution,
      effects: async ({ tx, actor, instance, input, today, mergeData }) => {
        if (input.action !== 'review_opened') return;
        const review = await openChangeReview(tx, actor, Number(instance.data.householdId), instance.id, today);
        await mergeData({ reviewId: review.reviewId, reviewInstanceId: review.instanceId });
      },
    },
  ],
});

if (!workflowRegistry.get(CHANGE_REVIEW_WORKFLOW, changeReviewWorkflow.version)) registerWorkflow(changeReviewWorkflow);
