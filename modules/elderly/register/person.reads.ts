// One older person as elderly care sees them: the registry's facts, in the actor's jurisdiction.
import { and, eq } from 'drizzle-orm';
import { ageOn, notFound, scopeCondition, type Actor, type Executor, type IsoDate } from '#kernel';
import { personFacts, type PersonFact } from '../sources';
import { notOlderPerson, personNotLiving } from '../errors';

export const OLDER_AGE = 60;

export async function personInScope(exec: Executor, actor: Actor, personId: number): Promise<PersonFact> {
  const [p] = await exec.select().from(personFacts)
    .where(and(eq(personFacts.personId, personId), scopeCondition(actor, personFacts.divisionCode)));
  if (!p) throw notFound('人员');
  return p;
}

/** A living resident aged 60 or more on `on`, or a refusal saying why not. */
export async function olderPerson(exec: Executor, actor: Actor, personId: number, on: IsoDate): Promise<PersonFact & { age: number }> {
  const p = await personInScope(exec, actor, personId);
  if (p.status !== 'living') throw personNotLiving(p.name);
  const age = ageOn(p.birthDate, on);
  if (age < OLDER_AGE) throw notOlderPerson(p.name, age);
  return { ...p, age };
}
