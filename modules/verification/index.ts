// Verification (家庭经济状况核对) and monitoring (动态监测, 主动发现) front door: the ten departmental
// sources behind one adapter interface, verification requests and their reports, monthly batch
// re-verification into review tasks, monitoring rules into alerts, and departments' pushes.
import './requests/query.job'; // each source's answer is a kernel job
export { SOURCE_CATALOGUE, FINDING_KINDS, ADAPTER_KINDS, type FindingKind, type AdapterKind, type SourceSpec } from './sources/catalogue';
export type { SourceAdapter, SourceFinding, QueryPerson } from './sources/adapter';
export { ensureSources, listSources, loadExtract, updateSource } from './sources/sources.service';
export { parseExtractFile, FILE_COLUMNS } from './sources/file.format';
export { signBody, searchRequest } from './sources/http.adapter';
export { simulatedFacts } from './sources/simulated.adapter';
export { requestVerification, runQuery, viewReport, listRequests, QUERY_JOB, REPORT_COMPLETED } from './requests/requests.service';
export { verificationSchema } from './schema';
import './batch/batch.job'; // batch re-verification runs as a kernel job
export { startBatch, runBatch, listBatchRuns, batchRunDetail, BATCH_JOB } from './batch/batch.service';
export { CHANGE_REVIEW_WORKFLOW, changeReviewWorkflow } from './batch/change-review.workflow';
import './monitoring/alert.workflow'; // alerts are cases in the village's or township's inbox
export { scan, scanRules, routeAlerts, reportOutreach, listAlerts, getAlert, alertStatistics, listRules, saveRule, ensureRules } from './monitoring/alerts.service';
export { SIGNALS, OUTCOMES, DEFAULT_RULES, type RuleSpec, type RuleSignal } from './monitoring/signals';
export { ALERT_WORKFLOW } from './monitoring/alert.workflow';
import './subscriptions/push.events'; // a pushed death is recorded in the registry; a new vehicle opens a review
export { receivePush, pushInput, DEATH_REPORTED, VEHICLE_REGISTERED } from './subscriptions/push.service';
export { verificationRoutes, monthlyRun, type VerificationRouteDeps } from './routes';
export { reportHtml } from './report.print';
export { scanWatchedFolder } from './sources/watch.service';
