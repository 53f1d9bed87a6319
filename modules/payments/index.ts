// The payments module's front door: entitlements in, monthly payroll, bank files, returns and one
// payment history out, for every programme. Programmes call setEntitlement / stopEntitlement /
// addAdjustment inside their own transaction; nothing else of this folder is for outside use.
import './payroll.job'; // defines the 'payments.payroll' job kind for the worker
export {
  setEntitlement, setEntitlements, stopEntitlement, addAdjustment, listEntitlements, listAdjustments,
  lastSignedMonth, firstOpenMonth, paidMonths, moveEntitlements,
  type Entitlement, type EntitlementInput, type StopInput, type Adjustment, type AdjustmentInput,
} from './entitlements.service';
export {
  runPayroll, signPayroll, getRun, listRuns, listLines, PHASES,
  type PayrollRun, type PayrollLine, type PayrollSummary, type ProgrammeTotal, type RunResult, type RunInput, type ChangeKind, type Phase,
} from './payroll.service';
export { startPayrollJob, PAYROLL_JOB } from './payroll.job';
export { signedPayroll, type SignedPayrollQuery } from './payroll.figures';
export { exportBankFile, exportRoster, BANK_COLUMNS, ROSTER_COLUMNS } from './payroll.export';
export { importBankReturn, listFailures, resolveFailure, type ReturnReport, type PaymentFailure } from './bank-return.service';
export { householdHistory } from './history.service';
export { PAYROLL_SIGNED, type PayrollSignedPayload } from './payments.events';
export { programmeName, reportingProgramme, PROGRAMME_PARTS } from './programmes';
export { addMonths, nextMonth, previousMonth, monthOf, isMonth, type Month } from './months';
export { paymentsRoutes, type PaymentsRouteDeps } from './routes';
