// 群众报告与投诉: a change the household reports on the phone, or a complaint, becomes a task in the
// responsible township's inbox; the township checks it, updates the records, and answers in writing.
import { z } from 'zod';
import { defineWorkflow, registerWorkflow, workflowRegistry } from '#kernel';
import { answerReport } from './reports.service';

export const REPORT_WORKFLOW = 'citizen.report';

export const answerInput = z.object({ reply: z.string().trim().min(1, '请填写答复内容').max(2000) });

export const reportWorkflow = defineWorkflow({
  key: REPORT_WORKFLOW,
  version: 1,
  label: '群众报告与投诉（掌上办）',
  initial: 'submitted',
  states: {
    submitted: { label: '待核实处理', deadline: { days: 5, from: 'enteredState', calendar: 'working' } },
    answered: { label: '已答复', final: true },
  },
  transitions: [
    {
      name: 'answer', from: ['submitted'], to: 'answered', label: '核实处理并答复', roles: ['township_caseworker'], level: 'township',
      requires: answerInput,
      effects: async ({ tx, instance, input }) => answerReport(tx, Number(instance.subjectId), input.reply),
    },
  ],
});

if (!workflowRegistry.get(REPORT_WORKFLOW, reportWorkflow.version)) registerWorkflow(reportWorkflow);
