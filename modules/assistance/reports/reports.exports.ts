// What the assistance reports and the demo caseload offer outside the module (one export line in index.ts).
export { caseloadReport, type CaseloadReport, type CaseloadRow, type CaseloadQuery } from './caseload.report';
export { processingReport, type ProcessingReport } from './processing.report';
export { seedDemoCaseload, type DemoCaseloadResult, type DemoCaseloadOptions } from '../demo/caseload.seeder';
