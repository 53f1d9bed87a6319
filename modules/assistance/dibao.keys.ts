// Names the dibao procedure is known by: its workflow key and the parameters it reads.
export const DIBAO_WORKFLOW = 'assistance.dibao';
/** 'county' by default; 'township' where the county delegates the decision (民发〔2021〕57号). */
export const DECISION_LEVEL = 'dibao.decision.level';
export const DEADLINES = {
  investigationStart: 'dibao.deadline.investigationStart',
  verification: 'dibao.deadline.verification',
  homeVisit: 'dibao.deadline.homeVisit',
  notice: 'dibao.publicNotice.days',
  decision: 'dibao.deadline.decision',
  decisionExtended: 'dibao.deadline.decisionExtended',
  refusalNotice: 'dibao.deadline.refusalNotice',
  minInvestigators: 'dibao.homeVisit.minInvestigators',
} as const;
