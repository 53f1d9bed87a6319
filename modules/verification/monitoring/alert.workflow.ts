// 预警处置: an alert is a case in the inbox of the village (or township) responsible: someone visits
// and closes it with an outcome. The outcome is kept on the alert for the statistics.
import { z } from 'zod';
import { defineWorkflow, registerWorkflow, workflowRegistry } from '#kernel';
import { OUTCOMES, type Outcome } from './signals';
import { recordOutcome } from './alerts.service';

export const ALERT_WORKFLOW = 'monitoring.alert';
export const ALERT_SUBJECT = 'monitoring_alert';

export const alertOutcome = z.object({
  outcome: z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]]).describe('处置结果'),
  note: z.string().max(1000).optional().describe('走访情况'),
  visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
});

export const alertWorkflow = defineWorkflow({
  key: ALERT_WORKFLOW,
  version: 1,
  label: '监测预警',
  initial: 'open',
  states: {
    open: { label: '待走访核实', deadline: { days: 5, from: 'enteredState', calendar: 'working' } },
    closed: { label: '已办结', final: true },
  },
  transitions: [
    {
      name: 'close', from: ['open'], to: 'closed', label: '走访后办结', roles: ['village_helper', 'township_caseworker'], level: ['village', 'township'],
      requires: alertOutcome,
      effects: async ({ tx, instance, input }) => recordOutcome(tx, Number(instance.subjectId), input),
    },
  ],
});

if (!workflowRegistry.get(ALERT_WORKFLOW, alertWorkflow.version)) registerWorkflow(alertWorkflow);
