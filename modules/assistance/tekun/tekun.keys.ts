// Names the tekun procedure is known by: its workflow key and the parameters it reads.
export const TEKUN_WORKFLOW = 'assistance.tekun';
/** 'county' by default (民发〔2021〕43号: the county confirms); 'township' where the county delegates. */
export const TEKUN_DECISION_LEVEL = 'tekun.decision.level';
export const TEKUN_DEADLINES = {
  investigationStart: 'tekun.deadline.investigationStart',
  verification: 'tekun.deadline.verification',
  /** the township investigates within 15 working days of acceptance */
  investigation: 'tekun.deadline.investigation',
  notice: 'tekun.publicNotice.days',
  countyConfirm: 'tekun.deadline.countyConfirm',
  /** acceptance to the county's decision, all steps together */
  overall: 'tekun.deadline.overall',
  minInvestigators: 'dibao.homeVisit.minInvestigators',
} as const;
