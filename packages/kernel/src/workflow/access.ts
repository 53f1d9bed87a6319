import type { Executor } from '../db/transaction';
import { DomainError } from '../errors';
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from '../auth/roles';
import type { IsoDate } from '../calendar/dates';
import { findParameter } from '../parameters/parameters.service';
import { LEVELS, levelOf, type Level, type LevelSpec } from './definition';

/** The levels a spec allows for a case in `divisionCode` on `on` (a delegation parameter is read then). */
export async function resolveLevels(exec: Executor, spec: LevelSpec, divisionCode: string, on: IsoDate): Promise<readonly Level[]> {
  if (typeof spec === 'string') return [spec];
  if (Array.isArray(spec)) return spec;
  const p = spec as { parameter: string; default?: Level };
  const found = await findParameter(exec, p.parameter, { divisionCode, date: on });
  const value = found?.value ?? p.default;
  const levels = (Array.isArray(value) ? value : [value]).filter((v): v is Level => typeof v === 'string' && v in LEVELS);
  if (levels.length === 0) {
    throw new DomainError('WORKFLOW_PARAMETER_INVALID', `参数 ${p.parameter} 在 ${on}（区划 ${divisionCode}）没有设定有效的层级，请管理员补充`, { status: 500 });
  }
  return levels;
}

const roleNames = (roles: readonly Role[]) => roles.map((r) => ROLES[r]).join('或');
const levelNames = (levels: readonly Level[]) => levels.map((l) => LEVELS[l]).join('或');

/** Refuses an actor whose role or level may not take the step `label`; the system actor may take any. */
export function checkRoleAndLevel(actor: Actor, roles: readonly Role[], levels: readonly Level[], label: string): void {
  if (actor === SYSTEM_ACTOR) return;
  if (!roles.includes(actor.role)) {
    throw new DomainError('WORKFLOW_ROLE', `“${label}”须由${roleNames(roles)}办理，您的角色（${ROLES[actor.role]}）不能办理`, { status: 403 });
  }
  const own = levelOf(actor.divisionCode);
  if (!own || !levels.includes(own)) {
    throw new DomainError('WORKFLOW_LEVEL', `“${label}”须由${levelNames(levels)}人员办理，您所在的层级不能办理`, { status: 403 });
  }
}

/** Same rule as checkRoleAndLevel, as a yes/no. */
export function mayAct(actor: Actor, roles: readonly Role[], levels: readonly Level[]): boolean {
  if (actor === SYSTEM_ACTOR) return true;
  const own = levelOf(actor.divisionCode);
  return roles.includes(actor.role) && !!own && levels.includes(own);
}
