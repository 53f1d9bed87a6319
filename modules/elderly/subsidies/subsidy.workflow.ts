// 补贴确认: a proposal found by the rules (免申即享) is checked and confirmed (then paid) or refused.
import { z } from 'zod';
import { defineWorkflow, registerWorkflow, workflowRegistry } from '#kernel';
import { confirmProposal, proposalOf, rejectProposal, SUBSIDY_WORKFLOW } from './subsidy.service';

const confirmInput = z.object({ note: z.string().max(500).optional().describe('核实情况（可选）') });
const rejectInput = z.object({ reason: z.string().trim().min(1, '请填写不予发放的理由').max(500).describe('不予发放的理由') });
const deciders = { roles: ['county_approver', 'township_caseworker'] as const, level: ['county', 'township'] as const };

export const subsidyWorkflow = defineWorkflow({
  key: SUBSIDY_WORKFLOW,
  version: 1,
  label: '老年人补贴确认（免申即享）',
  initial: 'proposed',
  states: {
    proposed: { label: '待核实确认', deadline: { days: 10, from: 'enteredState', calendar: 'working' } },
    confirmed: { label: '已确认发放', final: true },
    rejected: { label: '不予发放', final: true },
  },
  transitions: [
    {
      name: 'confirm', from: ['proposed'], to: 'confirmed', label: '核实并确认发放', ...deciders, requires: confirmInput,
      guard: async ({ tx, instance }) => {
        const p = await proposalOf(tx, Number(instance.subjectId));
        return p.status === 'proposed' ? null : '该补贴建议已撤回或已处理（可能因死亡、入住机构或等级变化），不能确认';
      },
      effects: async ({ tx, actor, instance, input, today, mergeData }) => {
        const { fromMonth } = await confirmProposal(tx, actor, Number(instance.subjectId), today, input.note);
        await mergeData({ fromMonth });
      },
    },
    {
      name: 'reject', from: ['proposed'], to: 'rejected', label: '不予发放', ...deciders, requires: rejectInput,
      effects: async ({ tx, actor, instance, input }) => rejectProposal(tx, actor, Number(instance.subjectId), input.reason),
    },
  ],
});

if (!workflowRegistry.get(SUBSIDY_WORKFLOW, subsidyWorkflow.version)) registerWorkflow(subsidyWorkflow);
