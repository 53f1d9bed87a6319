import { defineJob, jobRegistry } from '#kernel';
import { BATCH_JOB, runBatch } from './batch.service';

if (!jobRegistry.get(BATCH_JOB)) {
  defineJob<{ runId: number; householdIds: number[] | null }>(BATCH_JOB, async ({ db, params, progress }) => {
    const run = await runBatch(db, params.runId, params.householdIds, progress);
    return { runId: run.id, subjects: run.subjects, changes: run.changesFound, tasksOpened: run.tasksOpened };
  });
}
