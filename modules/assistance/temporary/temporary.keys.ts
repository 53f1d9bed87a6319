// Names the temporary-assistance procedure is known by: its workflow key and the parameters it reads.
export const TEMPORARY_WORKFLOW = 'assistance.temporary';
export const TEMPORARY_DEADLINES = {
  acceptance: 'temporary.deadline.acceptance',
  /** after an advance (先行救助), the paperwork is completed within this many working days */
  paperwork: 'temporary.deadline.paperwork',
  verification: 'temporary.deadline.verification',
  investigation: 'temporary.deadline.investigation',
  decision: 'temporary.deadline.decision',
  /** acceptance to the decision, all steps together */
  overall: 'temporary.deadline.overall',
  minInvestigators: 'dibao.homeVisit.minInvestigators',
} as const;
