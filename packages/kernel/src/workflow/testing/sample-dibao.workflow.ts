// Test fixture, not a programme: a workflow shaped like the statutory dibao procedure
// (民发〔2021〕57号), used by the engine's and the inbox's tests. The real one lives in its module.
import { z } from 'zod';
import { defineWorkflow } from '../definition';

export const SAMPLE_KEY = 'sample.dibao';
/** Where the decision level is read: 'county' by default, 'township' where the county delegates. */
export const DECISION_LEVEL = 'sample.decision.level';
export const INVESTIGATION_START = 'sample.deadline.investigationStart';

const investigators = z.object({
  investigators: z.array(z.object({ name: z.string().min(1), signed: z.literal(true) })).min(2),
  findings: z.string().min(1),
});

export const sampleDibao = defineWorkflow({
  key: SAMPLE_KEY,
  version: 1,
  label: '低保申请（示例）',
  initial: 'accepted',
  states: {
    accepted: { label: '已受理', deadline: { days: { parameter: INVESTIGATION_START }, from: 'enteredState', calendar: 'working' } },
    verifying: { label: '经济状况核对中', deadline: { days: 10, from: 'enteredState', calendar: 'working' } },
    investigating: { label: '入户调查', deadline: { days: 10, from: 'enteredState', calendar: 'working' } },
    visited: { label: '已入户调查' },
    reviewing: { label: '民主评议', deadline: { days: 5, from: 'enteredState', calendar: 'working' } },
    notice: { label: '公示中', deadline: { days: 7, from: 'enteredState', calendar: 'natural' } },
    deciding: { label: '待审批', deadline: { days: 30, from: 'caseOpened', calendar: 'working' } },
    enrolled: { label: '已纳入保障', final: true },
    refused: { label: '不予纳入', final: true },
    rechecking: { label: '复核中', deadline: { days: 15, from: 'enteredState', calendar: 'working' } },
  },
  transitions: [
    { name: 'requestVerification', from: ['accepted'], to: 'verifying', label: '发起核对', roles: ['township_caseworker'], level: 'township' },
    {
      name: 'attachReport', from: ['verifying'], to: 'investigating', label: '上传核对报告', roles: ['township_caseworker'], level: 'township',
      requires: z.object({ reportNo: z.string().min(1) }),
    },
    {
      name: 'recordVisit', from: ['investigating'], to: 'visited', label: '登记入户调查', roles: ['township_caseworker'], level: 'township',
      requires: investigators,
      guard: ({ input }) => (new Set(input.investigators.map((i: { name: string }) => i.name)).size < 2 ? '入户调查须由两名不同的工作人员共同完成并签字' : null),
    },
    { name: 'holdReview', from: ['visited'], to: 'reviewing', label: '组织民主评议', roles: ['village_helper'], level: 'village' },
    { name: 'publishNotice', from: ['visited', 'reviewing'], to: 'notice', label: '发布公示', roles: ['township_caseworker'], level: 'township' },
    {
      name: 'objection', from: ['notice'], to: 'investigating', label: '公示有异议，重新调查', roles: ['township_caseworker'], level: 'township',
      requires: z.object({ objection: z.string().min(1) }),
    },
    {
      name: 'closeNotice', from: ['notice'], to: 'deciding', label: '公示期满无异议', roles: ['township_caseworker'], level: 'township',
      guard: ({ instance, today }) => (instance.dueAt && today <= instance.dueAt ? `公示期至 ${instance.dueAt} 届满，期满后方可报送审批` : null),
    },
    {
      name: 'approve', from: ['deciding'], to: 'enrolled', label: '审批纳入', roles: ['county_approver', 'township_caseworker'],
      level: { parameter: DECISION_LEVEL, default: 'county' },
      requires: z.object({ monthlyAmountFen: z.number().int().positive() }),
      effects: async ({ mergeData, input, today }) => mergeData({ enrolledOn: today, monthlyAmountFen: input.monthlyAmountFen }),
    },
    {
      name: 'refuse', from: ['deciding'], to: 'refused', label: '不予纳入', roles: ['county_approver', 'township_caseworker'],
      level: { parameter: DECISION_LEVEL, default: 'county' },
      requires: z.object({ reasons: z.string().min(1) }),
    },
    {
      name: 'requestReview', from: ['refused'], to: 'rechecking', label: '申请复核', roles: ['township_caseworker'], level: 'township',
      requires: z.object({ grounds: z.string().min(1) }), restartsOverallLimit: true,
    },
    { name: 'upholdRefusal', from: ['rechecking'], to: 'refused', label: '维持原决定', roles: ['county_approver'], level: 'county' },
    {
      name: 'overturn', from: ['rechecking'], to: 'enrolled', label: '复核纳入', roles: ['county_approver'], level: 'county',
      requires: z.object({ monthlyAmountFen: z.number().int().positive() }),
    },
  ],
  overallLimit: {
    days: 30, extendableTo: 45, calendar: 'working',
    extend: { roles: ['county_approver', 'township_caseworker'], level: ['county', 'township'] },
  },
});
