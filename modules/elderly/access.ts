// Who may do what in elderly care. Every query is also filtered by the actor's division prefix.
import { forbidden, type Actor, SYSTEM_ACTOR } from '#kernel';

const READERS = new Set(['city_admin', 'county_approver', 'township_caseworker', 'village_helper', 'leader']);
const WRITERS = new Set(['city_admin', 'county_approver', 'township_caseworker']);
const VISITORS = new Set(['city_admin', 'county_approver', 'township_caseworker', 'village_helper']);
const DECIDERS = new Set(['city_admin', 'county_approver']);

export type ElderlyAbility = 'read' | 'write' | 'visit' | 'decide';
const BY: Record<ElderlyAbility, Set<string>> = { read: READERS, write: WRITERS, visit: VISITORS, decide: DECIDERS };

export function mayElderly(actor: Actor, ability: ElderlyAbility): boolean {
  return actor === SYSTEM_ACTOR || BY[ability].has(actor.role);
}

export function requireElderly(actor: Actor, ability: ElderlyAbility): void {
  if (!mayElderly(actor, ability)) throw forbidden();
}

/** Leaders see masked personal data only. */
export const revealsPersonalData = (actor: Actor) => actor.role !== 'leader';
