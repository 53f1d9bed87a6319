// The demo citizen `npm start` prints: deterministic for a demo population (the first match in ID
// number order), a household of two or more in 冠山镇 whose adults all have phones, with a bank
// account and no application yet, so the whole phone journey can be tried from the start.
import { SYSTEM_ACTOR, type Executor } from '#kernel';
import { householdDetail, mustGetPerson, searchPersons, type RegistryDeps } from '#registry';
import { onlineApplications } from '#assistance';

export interface DemoCitizen { personId: number; name: string; idNumber: string; phone: string; householdId: number; members: number }

export async function findDemoCitizen(exec: Executor, deps: RegistryDeps, township = '140321100'): Promise<DemoCitizen | null> {
  const page = await searchPersons(exec, deps, SYSTEM_ACTOR, { divisionCode: township, ageMin: 25, ageMax: 60, status: 'living', page: 1, pageSize: 300, sort: 'idNumber', order: 'asc' });
  for (const p of page.items) {
    if (!p.householdId) continue;
    const h = await householdDetail(exec, deps, SYSTEM_ACTOR, p.householdId);
    const living = h.members.filter((m) => m.status === 'living');
    if (h.status !== 'active' || living.length < 2 || !h.bankName) continue;
    const people = await Promise.all(living.map((m) => mustGetPerson(exec, SYSTEM_ACTOR, m.personId)));
    if (people.some((x, i) => living[i].age >= 18 && !x.phone)) continue;
    if ((await onlineApplications(exec, { divisions: deps.divisions }, { personId: p.id, name: p.name, householdId: h.id })).length) continue;
    const me = people.find((x) => x.id === p.id)!;
    return { personId: me.id, name: me.name, idNumber: me.idNumber, phone: me.phone!, householdId: h.id, members: living.length };
  }
  return null;
}
