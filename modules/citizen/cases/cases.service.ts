// 我的申请: where each application of the household stands, in plain words: the steps taken with their
// dates and who took them, the deadlines, what is missing, and the decision with its explanation.
import { ROLES, SYSTEM_ACTOR, currentCalendar, getInstance, history, todayInChina, type DivisionDirectory, type Executor, type Role } from '#kernel';
import {
  onlineApplication, onlineApplications, reviewRequestUntil, PROGRAMMES, REQUIRED_DOCUMENTS_BY_PROGRAMME,
  type CalculationResult, type ExplanationStep,
} from '#assistance';
import type { OwnHousehold } from '../household/household.service';
import { PLAIN_STATES, PLAIN_TRANSITIONS } from './plain-words';

export interface CaseDeps { divisions: DivisionDirectory }
type App = Awaited<ReturnType<typeof onlineApplication>>;

const who = (own: OwnHousehold) => ({ personId: own.citizen.personId, name: own.citizen.name, householdId: own.householdId });
const programmeName = (p: string) => PROGRAMMES[p as keyof typeof PROGRAMMES] ?? p;

async function stateOf(exec: Executor, app: App) {
  return app.instanceId ? getInstance(exec, SYSTEM_ACTOR, app.instanceId) : null;
}

export async function listMyApplications(exec: Executor, deps: CaseDeps, own: OwnHousehold) {
  const apps = await onlineApplications(exec, deps, who(own));
  return Promise.all(apps.map(async (a) => {
    const c = await stateOf(exec, a);
    return {
      id: a.id, programme: a.programme, programmeName: programmeName(a.programme), receivedAt: a.createdAt,
      state: c?.state ?? null, stateTitle: c ? PLAIN_STATES[c.state]?.title ?? c.state : null,
      decision: a.decision, monthlyAmountFen: (a.calculation as CalculationResult | null)?.monthlyAmountFen ?? null, fromMonth: a.fromMonth,
    };
  }));
}

/** The whole story of one application, for the applicant. */
export async function myApplication(exec: Executor, deps: CaseDeps, own: OwnHousehold, id: number) {
  const app = await onlineApplication(exec, deps, who(own), id);
  const c = await stateOf(exec, app);
  const steps = c ? await history(exec, SYSTEM_ACTOR, c.id) : [];
  const today = todayInChina();
  const due = c && !c.closedAt ? [c.dueAt, c.overallDueAt].filter((d): d is string => !!d).sort()[0] ?? null : null;
  const provided = new Set((app.documents as { code: string }[]).map((d) => d.code));
  const missing = Object.entries(REQUIRED_DOCUMENTS_BY_PROGRAMME[app.programme as keyof typeof PROGRAMMES] ?? {}).filter(([code]) => !provided.has(code)).map(([, title]) => title);
  const calc = app.calculation as CalculationResult | null;
  const until = await reviewRequestUntil(exec, app);
  const township = app.divisionCode.slice(0, 9);
  return {
    id: app.id, programme: app.programme, programmeName: programmeName(app.programme), receivedAt: app.createdAt,
    handledBy: { township: deps.divisions.name(township), county: deps.divisions.name(app.divisionCode.slice(0, 6)) },
    state: c?.state ?? null,
    now: c ? { ...(PLAIN_STATES[c.state] ?? { title: c.state, text: '' }) } : null,
    steps: steps.map((s) => ({
      at: s.at, title: PLAIN_TRANSITIONS[s.name] ?? s.label, state: PLAIN_STATES[s.toState]?.title ?? s.toLabel,
      by: s.actorName, role: s.actorName.includes('掌上办') ? '本人在手机上办理' : ROLES[s.actorRole as Role] ?? s.actorRole,
    })),
    deadlines: c && !c.closedAt ? {
      stepDueAt: c.dueAt, overallDueAt: c.overallDueAt,
      daysLeft: due ? currentCalendar().workingDaysBetween(today, due).days : null, overdue: !!due && due < today,
    } : null,
    missing,
    members: (app.members as { name: string; included: boolean; age: number }[]).map((m) => ({ name: m.name, included: m.included, age: m.age })),
    decision: app.decision ? {
      decision: app.decision, decidedAt: app.decidedAt, reasons: app.refusalReasons,
      monthlyAmountFen: calc?.monthlyAmountFen ?? null, fromMonth: app.fromMonth,
      explanation: (calc?.explanation ?? []).map((s: ExplanationStep) => s.text),
      reviewUntil: until, mayRequestReview: !!until && today <= until,
    } : null,
    reviewRequests: app.reviewRequests,
  };
}
