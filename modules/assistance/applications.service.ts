// Applications: one-window intake, the records each procedural step adds, and the reads staff and
// citizens see. The only code that touches assistance.applications.
import { and, desc, eq, inArray, like } from 'drizzle-orm';
import {
  DomainError, SYSTEM_ACTOR, emit, validationFailed, getFileInfo, inScope, levelOf, notFound, recordAudit, scopeCondition, startWorkflow,
  type Actor, type DivisionDirectory, type Executor, type FieldError, type Tx, type WorkflowInstance,
} from '#kernel';
import { chinaToday, householdDetail } from '#registry';
import { applications, type ApplicationRow } from './schema';
import { applicationInput, PROGRAMMES, type ApplicationInput, type Programme } from './applications.schemas';
import { applicationInputOf, intakeProblems, storedMembers, type CalculationFacts, type StoredDetails, type StoredMember } from './applications.rules';
import { calculateWithParameters } from './calculator.service';
import type { CalculationResult } from './calculator.schemas';
import { DIBAO_WORKFLOW } from './dibao.keys';
import { TEKUN_WORKFLOW } from './tekun/tekun.keys';
import { TEMPORARY_WORKFLOW } from './temporary/temporary.keys';

/** Each programme's declared procedure. */
export const WORKFLOW_OF: Record<Programme, string> = { dibao: DIBAO_WORKFLOW, tekun: TEKUN_WORKFLOW, temporary: TEMPORARY_WORKFLOW };

export const SUBJECT_TYPE = 'assistance_application';

/**
 * One-window intake (一门受理): a township window may take an application for any household of the
 * city, so for reading the household and opening the case its reach is the city; the case itself
 * belongs to the household's village and is acted on by the responsible township.
 */
const intakeReach = (actor: Actor): Actor => ({ ...actor, divisionCode: actor.divisionCode.slice(0, 4) });

export interface IntakeDeps { divisions: DivisionDirectory }

async function fileProblems(exec: Executor, input: ReturnType<typeof applicationInput.parse>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const c of input.consents) {
    if (c.kind === 'signed_form' && !(await getFileInfo(exec, c.fileSha256))) {
      errors.push({ field: `consents.${c.personId}`, code: 'CONSENT_FILE_UNKNOWN', message: '签字授权书文件未找到，请重新上传' });
    }
  }
  for (const d of input.documents) {
    if (d.fileSha256 && !(await getFileInfo(exec, d.fileSha256))) {
      errors.push({ field: `documents.${d.code}`, code: 'DOCUMENT_FILE_UNKNOWN', message: '材料文件未找到，请重新上传' });
    }
  }
  return errors;
}

/** Registers an application and opens its case in the responsible village; refuses with every gap at once. */
export async function receiveApplication(tx: Tx, deps: IntakeDeps, actor: Actor, raw: ApplicationInput): Promise<ApplicationRow> {
  if (actor.role !== 'township_caseworker' || levelOf(actor.divisionCode) !== 'township') {
    throw new DomainError('APPLICATION_INTAKE_FORBIDDEN', '救助申请由乡镇（街道）经办人员在受理窗口登记', { status: 403 });
  }
  const parsed = applicationInput.safeParse(raw);
  if (!parsed.success) {
    throw validationFailed(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), code: `INVALID_${i.code.toUpperCase()}`, message: i.message })));
  }
  const input = parsed.data;
  const reach = intakeReach(actor);
  const household = await householdDetail(tx, { divisions: deps.divisions, today: chinaToday }, reach, input.householdId);
  if (household.status !== 'active') throw new DomainError('HOUSEHOLD_NOT_ACTIVE', '该家庭户已注销，不能受理申请', { status: 409 });
  const errors = [...intakeProblems(input, household.members), ...(await fileProblems(tx, input))];
  if (errors.length) {
    throw new DomainError('APPLICATION_INCOMPLETE', `申请不能受理，请一次性补齐以下 ${errors.length} 项`, { status: 422, errors });
  }
  const members = storedMembers(input, household.members);
  const applicant = members.find((m) => m.personId === input.applicantPersonId)!;
  const [row] = await tx.insert(applications).values({
    programme: input.programme, householdId: household.id, applicantPersonId: applicant.personId,
    applicantName: applicant.name, applicantIdMasked: applicant.idNumberMasked,
    divisionCode: household.divisionCode, urbanRural: household.urbanRural,
    receivingDivisionCode: actor.divisionCode, receivedBy: actor.userId || null, receivedByName: actor.displayName,
    members, incomes: input.incomes, assets: input.assets, consents: input.consents, documents: input.documents,
    details: input.programme === 'tekun' ? input.tekun : input.programme === 'temporary' ? input.temporary : null,
  }).returning();
  const instance = await startWorkflow(tx, reach, WORKFLOW_OF[input.programme], {
    subjectType: SUBJECT_TYPE, subjectId: row.id, divisionCode: row.divisionCode,
    title: `${applicant.name} ${PROGRAMMES[input.programme as Programme]}申请`,
    data: { applicationId: row.id, receivingDivisionCode: actor.divisionCode },
  });
  const [saved] = await tx.update(applications).set({ instanceId: instance.id }).where(eq(applications.id, row.id)).returning();
  await recordAudit(tx, actor, {
    action: 'assistance.application.received', entityType: 'assistance_application', entityId: row.id, divisionCode: row.divisionCode,
    after: { programme: row.programme, householdId: row.householdId, receivingDivisionCode: actor.divisionCode, instanceId: instance.id },
  });
  await emit(tx, {
    type: 'assistance.application.received', aggregateType: SUBJECT_TYPE, aggregateId: row.id, divisionCode: row.divisionCode,
    payload: { applicationId: row.id, programme: row.programme, householdId: row.householdId, receivingDivisionCode: actor.divisionCode },
  });
  return saved;
}

/** An application within the actor's jurisdiction (the household's village); 404 otherwise. */
export async function getApplication(exec: Executor, actor: Actor, id: number): Promise<ApplicationRow> {
  const [row] = await exec.select().from(applications).where(and(eq(applications.id, id), scopeCondition(actor, applications.divisionCode)));
  if (!row) throw notFound('救助申请', 'APPLICATION_NOT_FOUND');
  return row;
}

/** For workflow effects: the application behind a case (the engine already checked jurisdiction). */
export async function applicationOf(tx: Executor, instance: Pick<WorkflowInstance, 'subjectId'>): Promise<ApplicationRow> {
  const [row] = await tx.select().from(applications).where(eq(applications.id, Number(instance.subjectId))).for('update');
  if (!row) throw notFound('救助申请', 'APPLICATION_NOT_FOUND');
  return row;
}

export async function updateApplication(tx: Executor, id: number, patch: Partial<typeof applications.$inferInsert>): Promise<ApplicationRow> {
  const [row] = await tx.update(applications).set({ ...patch, updatedAt: new Date() }).where(eq(applications.id, id)).returning();
  return row;
}

export function factsOf(app: ApplicationRow): CalculationFacts {
  return {
    divisionCode: app.divisionCode,
    urbanRural: app.urbanRural as 'urban' | 'rural',
    members: app.members as StoredMember[],
    incomes: app.incomes as CalculationFacts['incomes'],
    assets: app.assets as CalculationFacts['assets'],
    verification: (app.verification ?? null) as CalculationFacts['verification'],
  };
}

/**
 * The calculator on the application's facts for `month`, with that month's parameters, by its
 * programme (for temporary assistance: the months and approving level asked about, else the request).
 */
export async function calculateApplication(
  exec: Executor, app: ApplicationRow, month: string, without?: ReadonlySet<number>,
  opts: { approvingLevel?: 'township' | 'county'; months?: number } = {},
): Promise<CalculationResult & { month: string }> {
  const facts = { ...factsOf(app), programme: app.programme as Programme, applicantPersonId: app.applicantPersonId, details: (app.details ?? null) as StoredDetails | null };
  const result = await calculateWithParameters(exec, applicationInputOf(facts, month, { without, ...opts }));
  return { ...result, month };
}

/** Open and closed applications of households in the actor's reach, by household. */
export async function applicationsOfHousehold(exec: Executor, actor: Actor, householdId: number): Promise<ApplicationRow[]> {
  return exec.select().from(applications)
    .where(and(eq(applications.householdId, householdId), scopeCondition(actor, applications.divisionCode)))
    .orderBy(desc(applications.id));
}

/** Applications by id (e.g. the cases in notice), within the actor's reach. */
export async function applicationsByIds(exec: Executor, actor: Actor, ids: number[]): Promise<ApplicationRow[]> {
  if (ids.length === 0) return [];
  return exec.select().from(applications).where(and(inArray(applications.id, ids), scopeCondition(actor, applications.divisionCode)));
}

/** Enrolled applications of a household (for reactions to registry events). */
export async function enrolledApplications(exec: Executor, householdId: number, programme = 'dibao'): Promise<ApplicationRow[]> {
  return exec.select().from(applications)
    .where(and(eq(applications.householdId, householdId), eq(applications.programme, programme), eq(applications.decision, 'approved')))
    .orderBy(desc(applications.id));
}

/** Applications still in procedure for a household. */
export async function openApplications(exec: Executor, householdId: number): Promise<ApplicationRow[]> {
  const rows = await exec.select().from(applications).where(eq(applications.householdId, householdId));
  return rows.filter((r) => r.decision === null);
}

export const inVillage = (code: string) => like(applications.divisionCode, `${code}%`);
export const visibleTo = (actor: Actor, app: ApplicationRow) => actor === SYSTEM_ACTOR || inScope(actor, app.divisionCode);
