// Social assistance (社会救助) front door: dibao, tekun, temporary assistance, price linkage and the
// low-income register. Rules are pure; parameters come dated from the kernel.
import './dibao.workflow'; // registers the dibao procedure with the kernel's workflow engine
import './tekun/tekun.workflow'; // the tekun procedure
import './temporary/temporary.workflow'; // the temporary-assistance procedure
import './events'; // reactions to registry events (death, move)
import './verification.events'; // the verification report moves a waiting case on
export {
  calculationInput, calculationResult, INCOME_KINDS, DISABILITY_KINDS,
  type CalculationInput, type CalculationResult, type IncomeKind, type Member,
} from './calculator.schemas';
export {
  ASSISTANCE_PARAMETERS, ASSISTANCE_PARAMETER_KEYS, resolveAssistanceParams, withOverrides, decodeParameter, isAssistanceKey,
  type AssistanceParams, type ParamKey, type ParamValues, type ParameterSource,
} from './parameters';
export type { ExplanationStep } from './explain';
export type { Outcome } from './outcome';
export { calculate } from './calculator.rules';
export { dibao, dibaoStandard } from './dibao.rules';
export { tekun, noWorkCapacity, validateTekunStandard, TEKUN_DIBAO_PAIRS } from './tekun.rules';
export { temporary } from './temporary.rules';
export { priceTrigger, priceSubsidy, isCoveredGroup, type PriceIndexMonth, type PriceTrigger } from './price-linkage.rules';
export { isNearDibao, rigidExpense, type RigidExpenseFacts } from './low-income.rules';
export { taperSchedule, taperPayment, type TaperMonth } from './taper.rules';
export { reviewCategory, reviewIntervalMonths, reviewDueDate, type ReviewCategory } from './review.rules';
export { previewStandardChange, type StandardChangePreview, type ParamsFor } from './preview.rules';
export { previewStandard, activeDibaoCases, type StandardPreview, type StandardPreviewRequest } from './preview/preview.service';
export { calculateWithParameters, loadAssistanceParams, type AssistanceDeps } from './calculator.service';
export { setAssistanceStandard, type AssistanceStandardInput } from './standards.service';
export { assistanceRoutes, type AssistanceRouteDeps } from './routes';
export { applications } from './schema';
export { receiveApplication, getApplication, SUBJECT_TYPE, type IntakeDeps } from './applications.service';
export { applicationInput, PROGRAMMES, REQUIRED_DOCUMENTS, REQUIRED_DOCUMENTS_BY_PROGRAMME, CARE_ABILITIES, TEMPORARY_CAUSES, VERIFICATION_SOURCES, type ApplicationInput } from './applications.schemas';
export { dibaoWorkflow } from './dibao.workflow';
export { DIBAO_WORKFLOW, DECISION_LEVEL } from './dibao.keys';
export { tekunWorkflow } from './tekun/tekun.workflow';
export { TEKUN_WORKFLOW, TEKUN_DECISION_LEVEL } from './tekun/tekun.keys';
export { temporaryWorkflow } from './temporary/temporary.workflow';
export { TEMPORARY_WORKFLOW } from './temporary/temporary.keys';
export { careGradeOf, tekunParts, CARE_GRADE_NAMES, type CareGrade } from './tekun/tekun-procedure.rules';
export { approvingLevelFor, advanceMonths, oneOffMonth } from './temporary/temporary-procedure.rules';
export { applicationDetail, noticeRoster, refusalNoticeHtml, householdAssistanceHistory } from './reads.service';
export { memberDeceased, personMoved } from './events';
export { caseloadReport, processingReport, seedDemoCaseload } from './reports/reports.exports';
export * from './price-linkage'; // price linkage, periodic reviews and taper: scheduleDueReviews runs daily
export { receiveOnlineApplication, onlineApplications, onlineApplication, requestReviewOnline, reviewRequestUntil, REVIEW_REQUEST_DAYS, type OnlineApplicant } from './online.service';
export * from './low-income'; // the low-income register: recognitions, renewal, cancellation, listNearDibaoHouseholds
