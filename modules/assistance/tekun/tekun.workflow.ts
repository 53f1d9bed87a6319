// 特困人员认定 (民发〔2021〕43号) as a declared workflow: acceptance, verification, investigation by the
// township within 15 working days with the care-grade assessment and the support mode, a 7-day notice
// (none for minors), confirmation by the county within 10 working days, refusal in writing and review.
import { defineWorkflow, findParameter, registerWorkflow, workflowRegistry, type Tx, type WorkflowInstance } from '#kernel';
import { objectionInput, refusalInput, reviewRequestInput } from '../applications.schemas';
import { applicationOf, calculateApplication, updateApplication } from '../applications.service';
import type { StoredMember } from '../applications.rules';
import { firstPaymentMonth, recordRefusal, recordReviewRequest } from '../decisions.service';
import type { ApplicationRow } from '../schema';
import { TEKUN_DEADLINES as D, TEKUN_DECISION_LEVEL, TEKUN_WORKFLOW } from './tekun.keys';
import { tekunInvestigation, type TekunInvestigation } from './tekun.schemas';
import { careGradeOf } from './tekun-procedure.rules';
import { enrolTekun, tekunApprovalRefusal } from './tekun.decisions';
import { verificationOutcomes } from '../verification.steps';
import { REGRADE_CARE, regradeCare, regradeInput } from './tekun-care.service';

const decider = { roles: ['county_approver', 'township_caseworker'] as const, level: { parameter: TEKUN_DECISION_LEVEL, default: 'county' as const } };
const township = { roles: ['township_caseworker'] as const, level: 'township' as const };

const applicantAge = (app: ApplicationRow) => (app.members as StoredMember[]).find((m) => m.personId === app.applicantPersonId)?.age ?? 0;
/** 民发〔2021〕43号: the result is not made public for a minor. */
const isMinor = (app: ApplicationRow) => applicantAge(app) < 18;

async function propose(tx: Tx, instance: WorkflowInstance, today: string, mergeData: (p: Record<string, unknown>) => Promise<void>) {
  const app = await applicationOf(tx, instance);
  const proposal = await calculateApplication(tx, app, firstPaymentMonth(today));
  await updateApplication(tx, app.id, { proposal });
  await mergeData({ proposedAmountFen: proposal.monthlyAmountFen });
}

async function enrolled(tx: Tx, actor: Parameters<typeof enrolTekun>[1], instance: WorkflowInstance, today: string, mergeData: (p: Record<string, unknown>) => Promise<void>) {
  const result = await enrolTekun(tx, actor, await applicationOf(tx, instance), today);
  await mergeData({ enrolledOn: today, ...result });
}

export const tekunWorkflow = defineWorkflow({
  key: TEKUN_WORKFLOW,
  version: 1,
  label: '特困人员认定',
  initial: 'accepted',
  states: {
    accepted: { label: '已受理', deadline: { days: { parameter: D.investigationStart, default: 3 }, from: 'enteredState', calendar: 'working' } },
    verifying: { label: '经济状况核对中', deadline: { days: { parameter: D.verification, default: 10 }, from: 'enteredState', calendar: 'working' } },
    investigating: { label: '调查核实', deadline: { days: { parameter: D.investigation, default: 15 }, from: 'caseOpened', calendar: 'working' } },
    investigated: { label: '已调查核实', deadline: { days: { parameter: D.investigation, default: 15 }, from: 'caseOpened', calendar: 'working' } },
    notice: { label: '公示中', deadline: { days: { parameter: D.notice, default: 7 }, from: 'enteredState', calendar: 'natural' } },
    deciding: { label: '待县级审核确认', deadline: { days: { parameter: D.countyConfirm, default: 10 }, from: 'enteredState', calendar: 'working' } },
    enrolled: { label: '已认定为特困人员', final: true },
    refused: { label: '不予认定', final: true },
    rechecking: { label: '复核中', deadline: { days: 15, from: 'enteredState', calendar: 'working' } },
  },
  transitions: [
    { name: 'requestVerification', from: ['accepted'], to: 'verifying', label: '发起经济状况核对', ...township },
    ...verificationOutcomes(),
    {
      name: 'recordInvestigation', from: ['investigating'], to: 'investigated', label: '登记调查核实（含生活自理能力评估）', ...township,
      requires: tekunInvestigation,
      guard: async ({ tx, instance, input, today }) => {
        const min = Number((await findParameter(tx, D.minInvestigators, { divisionCode: instance.divisionCode, date: today }))?.value ?? 2);
        const names = new Set((input as TekunInvestigation).investigators.map((i) => i.name.trim()));
        return names.size < min ? `调查核实须由 ${min} 名不同的工作人员共同完成并签字` : null;
      },
      effects: async ({ tx, instance, input, mergeData }) => {
        const v = input as TekunInvestigation;
        const app = await applicationOf(tx, instance);
        const care = careGradeOf(v.careAssessment);
        const details = { ...(app.details as Record<string, unknown>), careAssessment: v.careAssessment, careGrade: care.grade, careGradeText: care.text, mode: v.mode, institution: v.institution?.trim() || null };
        await updateApplication(tx, app.id, { homeVisit: { visitedOn: v.visitedOn, investigators: v.investigators, findings: v.findings }, details });
        await mergeData({ careGrade: care.grade, mode: v.mode });
      },
    },
    {
      name: 'publishNotice', from: ['investigated'], to: 'notice', label: '在村（社区）公示', ...township,
      guard: async ({ tx, instance }) => (isMinor(await applicationOf(tx, instance)) ? '申请人为未成年人，认定结果不公示，请直接报送审核确认' : null),
      effects: async ({ tx, instance, today, mergeData }) => {
        await propose(tx, instance, today, mergeData);
        await mergeData({ noticeFrom: today });
      },
    },
    {
      name: 'submitWithoutNotice', from: ['investigated'], to: 'deciding', label: '报送县级审核确认（未成年人不公示）', ...township,
      guard: async ({ tx, instance }) => (isMinor(await applicationOf(tx, instance)) ? null : '申请人已成年，须先在村（社区）公示 7 天'),
      effects: async ({ tx, instance, today, mergeData }) => propose(tx, instance, today, mergeData),
    },
    {
      name: 'objection', from: ['notice'], to: 'investigating', label: '公示有异议，重新调查', ...township,
      requires: objectionInput,
      effects: async ({ tx, instance, input, actor }) => {
        const app = await applicationOf(tx, instance);
        const objections = [...(app.objections as unknown[]), { ...input, recordedBy: actor.displayName, at: new Date().toISOString() }];
        await updateApplication(tx, app.id, { objections, proposal: null });
      },
    },
    {
      name: 'closeNotice', from: ['notice'], to: 'deciding', label: '公示期满无异议，报送县级审核确认', ...township,
      guard: ({ instance, today }) => (instance.dueAt && today <= instance.dueAt ? `公示期至 ${instance.dueAt} 届满，期满后方可报送审核确认` : null),
    },
    {
      name: 'approve', from: ['deciding'], to: 'enrolled', label: '审核确认为特困人员', ...decider,
      guard: async ({ tx, instance, today }) => tekunApprovalRefusal(tx, await applicationOf(tx, instance), today),
      effects: async ({ tx, actor, instance, today, mergeData }) => enrolled(tx, actor, instance, today, mergeData),
    },
    {
      name: 'refuse', from: ['deciding'], to: 'refused', label: '不予认定（书面告知理由）', ...decider,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'requestReview', from: ['refused'], to: 'rechecking', label: '申请复核', ...township,
      requires: reviewRequestInput, restartsOverallLimit: true,
      effects: async ({ tx, actor, instance, input }) => recordReviewRequest(tx, actor, await applicationOf(tx, instance), input.grounds),
    },
    { name: 'reinvestigate', from: ['rechecking'], to: 'investigating', label: '复核：重新调查核实', roles: ['county_approver', 'township_caseworker'], level: ['county', 'township'] },
    {
      name: 'upholdRefusal', from: ['rechecking'], to: 'refused', label: '复核维持不予认定', ...decider,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'overturn', from: ['rechecking'], to: 'enrolled', label: '复核认定为特困人员', ...decider,
      guard: async ({ tx, instance, today }) => tekunApprovalRefusal(tx, await applicationOf(tx, instance), today),
      effects: async ({ tx, actor, instance, today, mergeData }) => enrolled(tx, actor, instance, today, mergeData),
    },
    {
      // a completed capability assessment (elderly.assessed) of a supported person
      name: REGRADE_CARE, from: ['enrolled'], to: 'enrolled', label: '据老年人能力评估调整照料护理等级（系统）', roles: ['county_approver'], level: 'county',
      system: true, requires: regradeInput,
      effects: async ({ tx, actor, instance, input, mergeData }) => {
        const r = await regradeCare(tx, actor, await applicationOf(tx, instance), input);
        await mergeData({ careGrade: r.grade, careRegrade: r });
      },
    },
  ],
  // the steps' limits together (15 working days, 7 days' notice, 10 working days), as one dated parameter
  overallLimit: { days: 30, calendar: 'working', parameterKeys: { days: D.overall } },
});

if (!workflowRegistry.get(TEKUN_WORKFLOW, tekunWorkflow.version)) registerWorkflow(tekunWorkflow);
