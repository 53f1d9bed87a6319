// Shared by the procedures' integration tests: a platform with its HTTP app and the two staff who take
// a case through (冠山镇's caseworker, 平定县's approver), a step over HTTP, the sweep that every
// transition of a workflow is refused for the wrong role, the wrong level and the wrong jurisdiction,
// and the step inputs a case needs.
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  SYSTEM_ACTOR, availableTransitions, getInstance, inScope, inTransaction, levelOf, transition,
  type Actor, type Role, type WorkflowDefinition,
} from '#kernel';
import { buildPlatform, buildUser } from '../../test/factories';
import { buildTestApp, signIn, type Session } from '../../test/http';
import type { Platform } from '../../apps/server/src/platform';

export interface ProcedureApp { p: Platform; app: FastifyInstance; cw: Session; county: Session }

/** A fresh platform and app, signed in as a caseworker of 冠山镇 and an approver of 平定县. */
export async function openProcedureApp(): Promise<ProcedureApp> {
  const p = await buildPlatform();
  const app = await buildTestApp(p);
  const login = async (role: Role, code: string) => { const u = await buildUser(p, role, code); return signIn(app, u.username, u.password); };
  return { p, app, cw: await login('township_caseworker', '140321100'), county: await login('county_approver', '140321') };
}

export async function closeProcedureApp(x: Partial<ProcedureApp>): Promise<void> {
  await x.app?.close();
  await x.p?.close();
}

/** Takes a case step over HTTP, as the console does. */
export const step = (by: Session, applicationId: number, name: string, input?: unknown) =>
  by.post(`/api/v1/assistance/applications/${applicationId}/transitions/${name}`, input === undefined ? {} : { input });

export const ROLES: Role[] = ['city_admin', 'county_approver', 'township_caseworker', 'village_helper', 'leader', 'auditor'];

/**
 * For a case in `home` (a village of 冠山镇, 平定县) in its initial state: every actor of every role at
 * the city, the county, the township, the village, another township and another county tries every
 * transition. Outside the jurisdiction the case does not exist; a wrong role, then a wrong level, is
 * refused by name; the right role and level meet the state check, or — from the initial state — are
 * offered the step. Nothing changes. Returns the steps offered, as 'name:role@division'.
 */
export async function sweepRefusals(p: Platform, def: WorkflowDefinition, instanceId: number, home: string): Promise<string[]> {
  const codes = ['1403', home.slice(0, 6), home.slice(0, 9), home, '140321101', '140302'];
  const actors: Actor[] = [];
  for (const role of ROLES) for (const code of codes) actors.push(await buildUser(p, role, code));
  const instance = await getInstance(p.db.orm, SYSTEM_ACTOR, instanceId);
  const offered: string[] = [];
  for (const t of def.transitions) {
    const levels = typeof t.level === 'string' ? [t.level] : Array.isArray(t.level) ? t.level : [(t.level as { default: string }).default];
    for (const actor of actors) {
      const expected = !inScope(actor, home) ? 'WORKFLOW_INSTANCE_NOT_FOUND'
        : !t.roles.includes(actor.role) ? 'WORKFLOW_ROLE'
          : !levels.includes(levelOf(actor.divisionCode)!) ? 'WORKFLOW_LEVEL'
            : t.from.includes(def.initial) ? 'ALLOWED' : 'WORKFLOW_STATE';
      if (expected === 'ALLOWED') {
        expect((await availableTransitions(p.db.orm, actor, instance)).map((x) => x.name), `${actor.role}@${actor.divisionCode} ${t.name}`).toContain(t.name);
        offered.push(`${t.name}:${actor.role}@${actor.divisionCode}`);
        continue;
      }
      const got = await inTransaction(p.db, (tx) => transition(tx, actor, instanceId, t.name, {})).then(() => 'CHANGED', (e) => e.code);
      expect(got, `${actor.role}@${actor.divisionCode} ${t.name}`).toBe(expected);
    }
  }
  expect((await getInstance(p.db.orm, SYSTEM_ACTOR, instanceId)).version).toBe(instance.version);
  return offered;
}

export const VERIFICATION = {
  reportNo: 'HD-2026-101',
  sources: [
    { source: 'tax', finding: '无纳税记录', monthlyIncomeFen: 0 },
    { source: 'bank_deposits', finding: '存款合计 2000 元', assetsFen: 200000 },
  ],
  totals: { monthlyIncomeFen: 0, financialAssetsFen: 200000 },
};

export const visit = (on: string) => ({
  visitedOn: on,
  investigators: [{ name: '赵立新', signed: true }, { name: '钱晓燕', signed: true }],
  findings: { housing: '自有平房一间', livingConditions: '独居，生活困难', incomeMatchesDeclaration: true },
});

export const electronicConsent = (m: { id: number; name: string }) => ({ personId: m.id, kind: 'electronic', confirmedBy: m.name, confirmedAt: '2026-11-02T09:30:00+08:00' });
