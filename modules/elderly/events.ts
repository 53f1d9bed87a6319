// Reactions, registered at module load. Each is idempotent: reconciling twice changes nothing.
import { SYSTEM_ACTOR, on, todayInChina } from '#kernel';
import { ASSESSED, type AssessedPayload } from './assessment/assessment.service';
import { reconcileSubsidies } from './subsidies/subsidy.service';

// A finished assessment may open (or change, or end) the care subsidy.
on<AssessedPayload>(ASSESSED, 'elderly.subsidies.afterAssessment', async (e, tx) => {
  await reconcileSubsidies(tx, SYSTEM_ACTOR, todayInChina(), [e.payload.personId]);
});

// Death stops every elderly subsidy after the month it is known in.
on<{ personId: number }>('person.deceased', 'elderly.subsidies.afterDeath', async (e, tx) => {
  await reconcileSubsidies(tx, SYSTEM_ACTOR, todayInChina(), [e.payload.personId]);
});
