// 掌上办: the citizen-facing entry to intake and review. A citizen applies for their own household
// only; the application is taken on behalf of the household's township (its online window), so the
// case opens in that township's inbox exactly as if it were taken at the counter.
import { DomainError, SYSTEM_ACTOR, findParameter, getInstance, todayInChina, transition, type Actor, type Tx, type Executor } from '#kernel';
import { householdDetail, chinaToday } from '#registry';
import { receiveApplication, getApplication, applicationsOfHousehold, type IntakeDeps } from './applications.service';
import type { ApplicationInput } from './applications.schemas';
import type { ApplicationRow } from './schema';

/** The signed-in citizen, as the phone service knows them. */
export interface OnlineApplicant { personId: number; name: string; householdId: number }

/** Days after a refusal within which the applicant may ask for 复核 (parameter, default 60). */
export const REVIEW_REQUEST_DAYS = 'citizen.reviewRequest.days';

/** The township's online window: acts in the township, named after the citizen in the case history. */
function onlineWindow(township: string, who: string): Actor {
  return { userId: 0, username: 'online-window', displayName: `${who}（掌上办网上申请）`, role: 'township_caseworker', divisionCode: township };
}

async function ownHousehold(exec: Executor, deps: IntakeDeps, who: OnlineApplicant) {
  const h = await householdDetail(exec, { divisions: deps.divisions, today: chinaToday }, SYSTEM_ACTOR, who.householdId);
  if (!h.members.some((m) => m.personId === who.personId)) {
    throw new DomainError('ONLINE_NOT_MEMBER', '您不是该家庭户的现有成员，不能为其申请', { status: 403 });
  }
  return h;
}

/**
 * Takes an online application. The household and applicant come from the session, never from the
 * request; everything else is checked by the one-window intake (all gaps at once, nothing saved).
 */
export async function receiveOnlineApplication(
  tx: Tx, deps: IntakeDeps, who: OnlineApplicant, input: Omit<ApplicationInput, 'householdId' | 'applicantPersonId'>,
): Promise<ApplicationRow> {
  const h = await ownHousehold(tx, deps, who);
  const window = onlineWindow(h.divisionCode.slice(0, 9), who.name);
  return receiveApplication(tx, deps, window, { ...input, householdId: h.id, applicantPersonId: who.personId });
}

/** The household's applications, newest first (the citizen's own household only). */
export async function onlineApplications(exec: Executor, deps: IntakeDeps, who: OnlineApplicant): Promise<ApplicationRow[]> {
  const h = await ownHousehold(exec, deps, who);
  return applicationsOfHousehold(exec, { ...SYSTEM_ACTOR, divisionCode: h.divisionCode }, h.id);
}

/** One application of the citizen's household; any other is 'not found'. */
export async function onlineApplication(exec: Executor, deps: IntakeDeps, who: OnlineApplicant, id: number): Promise<ApplicationRow> {
  const app = await getApplication(exec, SYSTEM_ACTOR, id).catch(() => null);
  if (!app || app.householdId !== who.householdId) throw new DomainError('APPLICATION_NOT_FOUND', '没有找到这份申请', { status: 404 });
  await ownHousehold(exec, deps, who);
  return app;
}

/** The last day on which a refused application may still be taken to 复核, or null when not refused. */
export async function reviewRequestUntil(exec: Executor, app: ApplicationRow): Promise<string | null> {
  if (app.decision !== 'refused' || !app.decidedAt) return null;
  const decidedOn = todayInChina(app.decidedAt);
  const days = Number((await findParameter(exec, REVIEW_REQUEST_DAYS, { divisionCode: app.divisionCode, date: decidedOn }))?.value ?? 60);
  const d = new Date(`${decidedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 申请复核 by the applicant, within the allowed time: the case goes back to the deciding office. */
export async function requestReviewOnline(tx: Tx, deps: IntakeDeps, who: OnlineApplicant, id: number, grounds: string, today = todayInChina()) {
  const app = await onlineApplication(tx, deps, who, id);
  const until = await reviewRequestUntil(tx, app);
  if (!until) throw new DomainError('ONLINE_REVIEW_NOT_REFUSED', '这份申请没有不予纳入的决定，不需要申请复核', { status: 409 });
  if (today > until) throw new DomainError('ONLINE_REVIEW_TOO_LATE', `申请复核的期限已于 ${until} 届满；如仍有异议，可以向民政部门投诉或依法申请行政复议`, { status: 409 });
  if (!app.instanceId) throw new DomainError('APPLICATION_NO_CASE', '该申请没有办件', { status: 409 });
  const instance = await getInstance(tx, SYSTEM_ACTOR, app.instanceId);
  await transition(tx, onlineWindow(instance.divisionCode.slice(0, 9), who.name), app.instanceId, 'requestReview', { grounds });
  return getApplication(tx, SYSTEM_ACTOR, id);
}
