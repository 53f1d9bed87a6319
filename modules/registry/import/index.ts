export { importRoster, type ImportMode, type ImportOptions, type ImportResult, type ImportCounts, type RejectedRow } from './import.service';
export { buildRosterTemplate } from './roster.template';
export { readRoster } from './roster.reader';
export { ROSTER_COLUMNS, ROSTER_SHEET } from './roster.columns';
export { ImportJobs, type ImportProgress, type ImportStatus } from './import.jobs';
export { rosterRoutes } from './roster.routes';
