import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database';
import { inTransaction } from '../db/transaction';
import type { Executor } from '../db/transaction';
import type { Actor } from '../auth/roles';
import { requireActor } from '../auth/request';
import { DomainError } from '../errors';
import { currentCalendar } from '../calendar/calendar.service';
import { todayInChina } from '../calendar/dates';
import {
  availableTransitions, definitionOf, extendOverallLimit, getInstance, history, instancesOfSubject, mayExtend, transition,
} from './workflow.service';

const tags = ['workflow'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const stepParams = idParams.extend({ name: z.string().min(1).max(100) });
const stepBody = z.object({
  input: z.unknown().optional(),
  comment: z.string().max(2000).optional(),
  expectedVersion: z.number().int().positive().optional(),
});
const extendBody = z.object({ reason: z.string().max(2000), expectedVersion: z.number().int().positive().optional() });
const subjectQuery = z.object({ subjectType: z.string().min(1).max(100), subjectId: z.string().min(1).max(100) });

/** A case as the console shows it: where it stands, its deadlines, the user's buttons and its history. */
export async function caseDetail(exec: Executor, actor: Actor, id: number) {
  const instance = await getInstance(exec, actor, id);
  const def = definitionOf(instance);
  const today = todayInChina();
  const due = [instance.dueAt, instance.overallDueAt].filter((d): d is string => !!d).sort()[0] ?? null;
  return {
    ...instance,
    workflowLabel: def.label,
    stateLabel: def.states[instance.state]?.label ?? instance.state,
    final: !!def.states[instance.state]?.final,
    overallLimitDays: def.overallLimit ? (instance.extended ? def.overallLimit.extendableTo : def.overallLimit.days) : null,
    daysLeft: due && !instance.closedAt ? currentCalendar().workingDaysBetween(today, due).days : null,
    overdue: !!due && !instance.closedAt && due < today,
    actions: await availableTransitions(exec, actor, instance),
    mayExtend: await mayExtend(exec, actor, instance),
    history: await history(exec, actor, id),
  };
}

/** Field errors of a step's input point into the request body's `input`. */
function underInput(e: unknown): never {
  if (e instanceof DomainError && e.errors && e.code === 'VALIDATION_FAILED') {
    throw new DomainError(e.code, e.message, { status: e.status, errors: e.errors.map((f) => ({ ...f, field: f.field ? `input.${f.field}` : 'input' })) });
  }
  throw e;
}

/** Generic case endpoints: any declared workflow's case can be read and moved by whoever may act on it. */
export async function workflowRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/workflow-instances', { schema: { tags, summary: '某一事项的办件（如某份申请）', querystring: subjectQuery } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return { items: await instancesOfSubject(db.orm, actor, req.query.subjectType, req.query.subjectId) };
  });

  r.get('/workflow-instances/:id', { schema: { tags, summary: '办件详情：当前环节、办理期限、可办理操作与办理记录', params: idParams } }, async (req) => {
    const actor = requireActor(req, 'registry:read');
    return caseDetail(db.orm, actor, req.params.id);
  });

  r.post('/workflow-instances/:id/transitions/:name', { schema: { tags, summary: '办理一个环节（按流程定义校验角色、层级、管辖、状态与所需信息）', params: stepParams, body: stepBody } }, async (req) => {
    const actor = requireActor(req);
    const { input, comment, expectedVersion } = req.body;
    await inTransaction(db, (tx) => transition(tx, actor, req.params.id, req.params.name, input, { comment, expectedVersion })).catch(underInput);
    return caseDetail(db.orm, actor, req.params.id);
  });

  r.post('/workflow-instances/:id/extend', { schema: { tags, summary: '延长办理时限（仅一次，须说明理由）', params: idParams, body: extendBody } }, async (req) => {
    const actor = requireActor(req);
    await inTransaction(db, (tx) => extendOverallLimit(tx, actor, req.params.id, req.body.reason, { expectedVersion: req.body.expectedVersion }));
    return caseDetail(db.orm, actor, req.params.id);
  });
}
