// Reactions to departments' pushes. A death goes to the registry's own service for recording a death
// (which makes every programme react to person.deceased: assistance stops or recomputes the benefit
// from next month). A new vehicle of a recipient household becomes a review task for the township.
// Both are idempotent: a person already recorded dead, or a vehicle already known, changes nothing.
import { SYSTEM_ACTOR, DivisionDirectory, on, todayInChina, type Tx } from '#kernel';
import { recordDeath, type RegistryDeps } from '#registry';
import { listEntitlements } from '#payments';
import { changes, knownFacts } from '../schema';
import { personByIdNumber } from '../registry.reader';
import { routeChanges } from '../batch/changes.service';
import { DEATH_REPORTED, VEHICLE_REGISTERED, type PushedPayload } from './push.service';

let directory: Promise<DivisionDirectory> | undefined;
const registryDeps = async (tx: Tx): Promise<RegistryDeps> => ({ divisions: await (directory ??= DivisionDirectory.load(tx)), today: todayInChina });

export async function deathReported(tx: Tx, e: PushedPayload): Promise<void> {
  const person = await personByIdNumber(tx, e.idNumber);
  if (!person || person.status === 'deceased') return;
  await recordDeath(tx, await registryDeps(tx), SYSTEM_ACTOR, person.id, e.eventDate);
}

export async function vehicleRegistered(tx: Tx, e: PushedPayload): Promise<void> {
  const person = await personByIdNumber(tx, e.idNumber);
  if (!person?.householdId) return;
  const month = todayInChina().slice(0, 7);
  const paid = (await listEntitlements(tx, SYSTEM_ACTOR, person.householdId))
    .some((x) => !x.withdrawnAt && x.fromMonth <= month && (x.toMonth ?? '9999-12') >= month && x.monthlyAmountFen > 0);
  if (!paid) return;
  const factKey = `vehicle:${e.reference || e.sourceCode}`;
  const fresh = await tx.insert(knownFacts).values({ householdId: person.householdId, factKey }).onConflictDoNothing().returning();
  if (fresh.length === 0) return;
  const [change] = await tx.insert(changes).values({
    householdId: person.householdId, personId: person.id, personName: person.name, divisionCode: person.divisionCode, kind: 'vehicle',
    sourceCode: e.sourceCode, factKey, detail: `${person.name} 新登记机动车 ${e.reference}（${e.eventDate}）${e.detail ? ' ' + e.detail : ''}`,
  }).returning();
  await routeChanges(tx, [change.id]);
}

on<PushedPayload>(DEATH_REPORTED, 'verification.push.recordDeath', (event, tx) => deathReported(tx, event.payload));
on<PushedPayload>(VEHICLE_REGISTERED, 'verification.push.vehicleReview', (event, tx) => vehicleRegistered(tx, event.payload));
