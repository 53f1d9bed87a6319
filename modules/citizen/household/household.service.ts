// My household as the registry holds it (ID numbers and bank account masked). The reader acts only
// within the citizen's own household's village, and only ever for the household in the session.
import { SYSTEM_ACTOR, type Actor, type Executor } from '#kernel';
import { householdDetail, mustGetHousehold, type RegistryDeps } from '#registry';
import type { Citizen } from '../signin/sessions.service';
import { noHousehold } from '../citizen.errors';

export interface OwnHousehold { householdId: number; divisionCode: string; reader: Actor; citizen: Citizen & { householdId: number } }

/** The session's household and a read-only actor confined to its village (for other modules' reads). */
export async function ownHousehold(exec: Executor, citizen: Citizen): Promise<OwnHousehold> {
  if (!citizen.householdId) throw noHousehold();
  const h = await mustGetHousehold(exec, SYSTEM_ACTOR, citizen.householdId);
  const reader: Actor = { userId: 0, username: `citizen-${citizen.personId}`, displayName: citizen.name, role: 'township_caseworker', divisionCode: h.divisionCode };
  return { householdId: h.id, divisionCode: h.divisionCode, reader, citizen: { ...citizen, householdId: h.id } };
}

export async function myHousehold(exec: Executor, deps: RegistryDeps, citizen: Citizen) {
  const own = await ownHousehold(exec, citizen);
  const h = await householdDetail(exec, deps, own.reader, own.householdId);
  return {
    id: h.id, divisionCode: h.divisionCode, divisionName: h.divisionName, address: h.address, urbanRural: h.urbanRural,
    status: h.status, headName: h.head?.name ?? null, bankName: h.bankName, bankAccountMasked: h.bankAccountMasked,
    me: citizen.personId,
    members: h.members.filter((m) => m.status === 'living').map((m) => ({
      personId: m.personId, name: m.name, relationName: m.relationName, idNumberMasked: m.idNumberMasked,
      gender: m.gender, age: m.age, joinedOn: m.joinedOn,
    })),
  };
}
