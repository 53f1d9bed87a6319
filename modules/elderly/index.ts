// Elderly care (养老服务) front door: the register, capability assessment, subsidies, institutions,
// supervision, visits and the plan's indicators. Rules are pure; parameters come dated from the kernel.
import './subsidies/subsidy.workflow'; // registers elderly.subsidy with the kernel's workflow engine
import './events'; // reactions: elderly.assessed, person.deceased
export { elderlyRoutes, type ElderlyRouteDeps } from './routes';
export { score, checkAnswers, levelOfTotal, type ScoreInput, type ScoreResult } from './assessment/score.rules';
export { ITEMS, LEVELS as CAPABILITY_LEVELS } from './assessment/items';
export { recordAssessment, ASSESSED, type AssessedPayload } from './assessment/assessment.service';
export { searchRegister, setProfile, elderlyFile } from './register/register.service';
export { subsidies, SUBSIDIES, type SubsidyFacts, type SubsidyDecision } from './subsidies/subsidy.rules';
export { reconcileSubsidies, SUBSIDY_WORKFLOW } from './subsidies/subsidy.service';
export { ELDERLY_PARAMETER_KEYS, loadElderlyParams } from './parameters';
export { seedElderlyDemo, seedElderlyDemoAndReport, PLAN_2020 } from './demo/elderly.seeder';
export { computeIndicatorReport, indicatorDashboard } from './indicators/indicators.service';
export { runMonthlyElderly } from './monthly';
