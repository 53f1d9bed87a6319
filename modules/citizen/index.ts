// The citizen phone service (掌上办) front door: sign-in with a one-time code, my household, online
// applications, following a case, payments, notices and "which help may I have".
import './reports/report.workflow'; // registers the report/complaint procedure with the workflow engine
import './notices/case-events'; // a notice on every step of an application's case
export { citizenRoutes, type CitizenRouteDeps } from './routes';
export { DemoSmsSender, type SmsSender, type SmsMessage } from './signin/sms';
export { purgeCitizenSessions, CITIZEN_COOKIE } from './signin/sessions.service';
export { REPORT_WORKFLOW } from './reports/report.workflow';
export { noticeOfCaseStep } from './notices/case-events';
export { findDemoCitizen, type DemoCitizen } from './demo/demo-citizen';
