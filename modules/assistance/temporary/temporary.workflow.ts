// 临时救助 (《社会救助暂行办法》, 国发〔2014〕47号) as a declared workflow. Emergency cases (急难型) may be
// paid at once by the township up to its cap (先行救助) and the paperwork completed after; every case
// is verified and investigated, then approved by the township within its cap or by the county above it.
// A grant is a one-off payment in the next payroll.
import { defineWorkflow, findParameter, levelOf, registerWorkflow, workflowRegistry, type Actor, type Tx, type WorkflowInstance } from '#kernel';
import { homeVisit, refusalInput, reviewRequestInput } from '../applications.schemas';
import { applicationOf, updateApplication } from '../applications.service';
import { recordRefusal, recordReviewRequest } from '../decisions.service';
import { TEMPORARY_DEADLINES as D, TEMPORARY_WORKFLOW } from './temporary.keys';
import { advanceInput } from './temporary.schemas';
import { grantAdvance, grantTemporary, isEmergency, requiredLevel } from './temporary.decisions';
import { verificationOutcomes } from '../verification.steps';

const township = { roles: ['township_caseworker'] as const, level: 'township' as const };
const county = { roles: ['county_approver'] as const, level: 'county' as const };
const LEVEL_NAME = { township: '乡镇（街道）', county: '县级民政部门' } as const;
/** A review is decided at the level that may approve the months asked: the township within its cap, the county always. */
const reviewer = { roles: ['township_caseworker', 'county_approver'] as const, level: ['township', 'county'] as const };
async function beyondTownship(tx: Tx, actor: Actor, instance: WorkflowInstance, today: string, what: string): Promise<string | null> {
  if (levelOf(actor.divisionCode) !== 'township') return null;
  const need = await requiredLevel(tx, await applicationOf(tx, instance), today);
  return need.level === 'township' ? null : `申请 ${need.months} 个月超过乡镇（街道）审批权限，复核${what}须由县级民政部门作出`;
}

export const temporaryWorkflow = defineWorkflow({
  key: TEMPORARY_WORKFLOW,
  version: 1,
  label: '临时救助',
  initial: 'accepted',
  states: {
    accepted: { label: '已受理', deadline: { days: { parameter: D.acceptance, default: 3 }, from: 'enteredState', calendar: 'working' } },
    advanced: { label: '已先行救助，待补办手续', deadline: { days: { parameter: D.paperwork, default: 10 }, from: 'enteredState', calendar: 'working' } },
    verifying: { label: '经济状况核对中', deadline: { days: { parameter: D.verification, default: 5 }, from: 'enteredState', calendar: 'working' } },
    investigating: { label: '调查核实', deadline: { days: { parameter: D.investigation, default: 5 }, from: 'enteredState', calendar: 'working' } },
    investigated: { label: '待乡镇审批', deadline: { days: { parameter: D.decision, default: 5 }, from: 'enteredState', calendar: 'working' } },
    deciding: { label: '待县级审批', deadline: { days: { parameter: D.decision, default: 5 }, from: 'enteredState', calendar: 'working' } },
    granted: { label: '已给予临时救助', final: true },
    refused: { label: '不予救助', final: true },
    rechecking: { label: '复核中', deadline: { days: 15, from: 'enteredState', calendar: 'working' } },
  },
  transitions: [
    {
      name: 'grantAdvance', from: ['accepted'], to: 'advanced', label: '先行救助（急难型，乡镇权限内立即发放）', ...township,
      requires: advanceInput,
      guard: async ({ tx, instance }) => (isEmergency(await applicationOf(tx, instance)) ? null : '支出型临时救助不适用先行救助，请按程序核对、调查后审批'),
      effects: async ({ tx, actor, instance, input, today, mergeData }) => {
        const g = await grantAdvance(tx, actor, await applicationOf(tx, instance), today);
        await mergeData({ advance: { ...g, urgency: input.urgency } });
      },
    },
    { name: 'requestVerification', from: ['accepted', 'advanced'], to: 'verifying', label: '发起经济状况核对（先行救助后补办手续）', ...township },
    ...verificationOutcomes(),
    {
      name: 'recordVisit', from: ['investigating'], to: 'investigated', label: '登记调查核实', ...township,
      requires: homeVisit,
      guard: async ({ tx, instance, input, today }) => {
        const min = Number((await findParameter(tx, D.minInvestigators, { divisionCode: instance.divisionCode, date: today }))?.value ?? 2);
        const names = new Set(input.investigators.map((i: { name: string }) => i.name.trim()));
        return names.size < min ? `调查核实须由 ${min} 名不同的工作人员共同完成并签字` : null;
      },
      effects: async ({ tx, instance, input }) => {
        const app = await applicationOf(tx, instance);
        await updateApplication(tx, app.id, { homeVisit: input });
      },
    },
    {
      name: 'grantByTownship', from: ['investigated'], to: 'granted', label: '乡镇审批给予临时救助', ...township,
      guard: async ({ tx, instance, today }) => {
        const need = await requiredLevel(tx, await applicationOf(tx, instance), today);
        return need.level === 'township' ? null : `申请 ${need.months} 个月超过乡镇（街道）审批权限，须报县级民政部门审批`;
      },
      effects: async ({ tx, actor, instance, today, mergeData }) => mergeData({ grant: await grantTemporary(tx, actor, await applicationOf(tx, instance), today) }),
    },
    {
      name: 'submitToCounty', from: ['investigated'], to: 'deciding', label: '超过乡镇权限，报县级审批', ...township,
      guard: async ({ tx, instance, today }) => {
        const need = await requiredLevel(tx, await applicationOf(tx, instance), today);
        return need.level === 'county' ? null : `申请 ${need.months} 个月在${LEVEL_NAME.township}审批权限内，由乡镇（街道）审批`;
      },
    },
    {
      name: 'grantByCounty', from: ['deciding'], to: 'granted', label: '县级审批给予临时救助', ...county,
      effects: async ({ tx, actor, instance, today, mergeData }) => mergeData({ grant: await grantTemporary(tx, actor, await applicationOf(tx, instance), today) }),
    },
    {
      name: 'refuse', from: ['investigated'], to: 'refused', label: '不予救助（书面告知理由）', ...township,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'refuseByCounty', from: ['deciding'], to: 'refused', label: '县级不予救助（书面告知理由）', ...county,
      requires: refusalInput,
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'requestReview', from: ['refused'], to: 'rechecking', label: '申请复核', ...township,
      requires: reviewRequestInput, restartsOverallLimit: true,
      effects: async ({ tx, actor, instance, input }) => recordReviewRequest(tx, actor, await applicationOf(tx, instance), input.grounds),
    },
    { name: 'reinvestigate', from: ['rechecking'], to: 'investigating', label: '复核：重新调查核实', ...reviewer },
    {
      name: 'upholdRefusal', from: ['rechecking'], to: 'refused', label: '复核维持不予救助', ...reviewer,
      requires: refusalInput,
      guard: ({ tx, actor, instance, today }) => beyondTownship(tx, actor, instance, today, '决定'),
      effects: async ({ tx, actor, instance, input, today }) => recordRefusal(tx, actor, await applicationOf(tx, instance), input.reasons, today),
    },
    {
      name: 'overturn', from: ['rechecking'], to: 'granted', label: '复核给予临时救助', ...reviewer,
      guard: ({ tx, actor, instance, today }) => beyondTownship(tx, actor, instance, today, '给予救助'),
      effects: async ({ tx, actor, instance, today, mergeData }) => mergeData({ grant: await grantTemporary(tx, actor, await applicationOf(tx, instance), today) }),
    },
  ],
  overallLimit: { days: 20, calendar: 'working', parameterKeys: { days: D.overall } },
});

if (!workflowRegistry.get(TEMPORARY_WORKFLOW, temporaryWorkflow.version)) registerWorkflow(temporaryWorkflow);
