// 最低生活保障审核确认 (民发〔2021〕57号) as a declared workflow: acceptance, verification, home visit by
// two staff, optional community review, 7-day public notice at the village, decision by the county
// (or the township where delegated), refusal in writing and review (复核). Time limits are parameters.
import { defineWorkflow, findParameter, registerWorkflow, workflowRegistry } from '#kernel';
import { DEADLINES, DECISION_LEVEL, DIBAO_WORKFLOW } from './dibao.keys';
import {
  communityReview, homeVisit, objectionInput, refusalInput, reviewRequestInput,
} from './applications.schemas';
import { applicationOf, calculateApplication, updateApplication } from './applications.service';
import { approvalRefusal, enrol, firstPaymentMonth, recordRefusal, recordReviewRequest } from './decisions.service';
import { verificationOutcomes } from './verification.steps';

const decider = { roles: ['county_approver', 'township_caseworker'] as const, level: { parameter: DECISION_LEVEL, default: 'county' as const } };

export const dibaoWorkflow = defineWorkflow({
  key: DIBAO_WORKFLOW,
  version: 1,
  label: '低保申请',
  initial: 'accepted',
  states: {
    accepted: { label: '已受理', deadline: { days: { parameter: DEADLINES.investigationStart, default: 3 }, from: 'enteredState', calendar: 'working' } },
    verifying: { label: '经济状况核对中', deadline: { days: { parameter: DEADLINES.verification, default: 10 }, from: 'enteredState', calendar: 'working' } },
    investigating: { label: '入户调查', deadline: { days: { parameter: DEADLINES.homeVisit, default: 10 }, from: 'enteredState', calendar: 'working' } },
    visited: { label: '已入户调查' },
    reviewing: { label: '民主评议', deadline: { days: 5, from: 'enteredState', calendar: 'working' } },
    notice: { label: '公示中', deadline: { days: { parameter: DEADLINES.notice, default: 7 }, from: 'enteredState', calendar: 'natural' } },
    deciding: { label: '待审核确认' },
    enrolled: { label: '已纳入低保', final: true },
    refused: { label: '不予纳入', final: true },
    rechecking: { label: '复核中', deadline: { days: 15, from: 'enteredState', calendar: 'working' } },
  },
  transitions: [
    { name: 'requestVerification', from: ['accepted'], to: 'verifying', label: '发起经济状况核对', roles: ['township_caseworker'], level: 'township' },
    ...verificationOutcomes(),
    {
      name: 'recordVisit', from: ['investigating'], to: 'visited', label: '登记入户调查', roles: ['township_caseworker'], level: 'township',
      requires: homeVisit,
      guard: async ({ tx, instance, input, today }) => {
        const min = Number((await findParameter(tx, DEADLINES.minInvestigators, { divisionCode: instance.divisionCode, date: today }))?.value ?? 2);
        const names = new Set(input.investigators.map((i: { name: string }) => i.name.trim()));
        return names.size < min ? `入户调查须由 ${min} 名不同的工作人员共同完成并签字` : null;
      },
      effects: async ({ tx, instance, input }) => {
        const app = await applicationOf(tx, instance);
        await updateApplication(tx, app.id, { homeVisit: input });
      },
    },
    {
      name: 'holdReview', from: ['visited'], to: 'reviewing', label: '组织民主评议', roles: ['township_caseworker', 'village_helper'], level: ['township', 'village'],
      requires: communityReview,
      effects: async ({ mergeData, input }) => mergeData({ communityReview: input }),
    },
    {
      name: 'publishNotice', from: ['visited', 'reviewing'], to: 'notice', label: '在村（社区）公示', roles: ['township_caseworker'], level: 'township',
      effects: async ({ tx, instance, today, mergeData }) => {
        const app = await applicationOf(tx, instance);
        const proposal = await calculateApplication(tx, app, firstPaymentMonth(today));
        await updateApplication(tx, app.id, { proposal });
        await mergeData({ noticeFrom: today, proposedAmountFen: proposal.monthlyAmountFen });
      },
    },
    {
      name: 'objection', from: ['notice'], to: 'investigating', label: '公示有异议，重新调查', roles: ['township_caseworker'], level: 'township',
      requires: objectionInput,
      effects: async ({ tx, instance, input, actor }) => {
        const app = await applicationOf(tx, instance);
        const objections = [...(app.objections as unknown[]), { ...input, recordedBy: actor.displayName, at: new Date().toISOString() }];
        await updateApplication(tx, app.id, { objections, proposal: null });
      },
    },
    {
      name: 'closeNotice', from: ['notice'], to: 'deciding', label: '公示期满无异议，报送审核确认', roles: ['township_caseworker'], level: 'township',
      guard: ({ instance, today }) => (instance.dueAt && today <= instance.dueAt ? `公示期至 ${instance.dueAt} 届满，期满后方可报送审核确认` : null),
    },
    {
      name: 'approve', from: ['deciding'], to: 'enrolled', label: '审核确认纳入低保', ...decider,
      guard: async ({ tx, instance, today }) => approvalRefusal(tx, await applicationOf(tx, instance), today),
      effects: async ({ tx, actor, instance, today, mergeData }) => {
        const enrolled = await enrol(tx, actor, await applicationOf(tx, instance), today);
        await mergeData({ enrolledOn: today, ...enrolled });
      },
    },
    {
      name: 'refuse', from: ['deciding'], to: 'refused', label: '不予纳入（书面告知理由）', ...decider,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'requestReview', from: ['refused'], to: 'rechecking', label: '申请复核', roles: ['township_caseworker'], level: 'township',
      requires: reviewRequestInput, restartsOverallLimit: true,
      effects: async ({ tx, actor, instance, input }) => recordReviewRequest(tx, actor, await applicationOf(tx, instance), input.grounds),
    },
    {
      name: 'reinvestigate', from: ['rechecking'], to: 'investigating', label: '复核：重新入户调查', roles: ['county_approver', 'township_caseworker'], level: ['county', 'township'],
    },
    {
      name: 'upholdRefusal', from: ['rechecking'], to: 'refused', label: '复核维持不予纳入', ...decider,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'overturn', from: ['rechecking'], to: 'enrolled', label: '复核纳入低保', ...decider,
      guard: async ({ tx, instance, today }) => approvalRefusal(tx, await applicationOf(tx, instance), today),
      effects: async ({ tx, actor, instance, today, mergeData }) => {
        const enrolled = await enrol(tx, actor, await applicationOf(tx, instance), today);
        await mergeData({ enrolledOn: today, ...enrolled });
      },
    },
  ],
  overallLimit: {
    days: 30, extendableTo: 45, calendar: 'working',
    parameterKeys: { days: DEADLINES.decision, extendableTo: DEADLINES.decisionExtended },
    extend: { roles: ['county_approver', 'township_caseworker'], level: ['county', 'township'], label: '延长办理时限（特殊情况，须说明理由）' },
  },
});

if (!workflowRegistry.get(DIBAO_WORKFLOW, dibaoWorkflow.version)) registerWorkflow(dibaoWorkflow);
