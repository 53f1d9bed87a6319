// The payroll run as a kernel job: queued, claimed by this process or the worker, progress in three
// coarse phases (compute, persist, diff) that the SSE endpoint and the CLI show.
import {
  type Actor, type Database, type JobProgress, type JobRow, DomainError, defineJob, enqueue, getJob, jobRegistry, notFound, runJob,
} from '#kernel';
import { PHASES, runPayroll, type RunInput, type RunResult } from './payroll.service';

export const PAYROLL_JOB = 'payments.payroll';

interface PayrollJobParams extends RunInput {
  actor: Actor;
}

if (!jobRegistry.get(PAYROLL_JOB)) {
  defineJob<PayrollJobParams, RunResult>(PAYROLL_JOB, ({ db, job, params, progress }) => {
    progress(0, PHASES.length);
    return runPayroll(db, params.actor, { month: params.month, countyCode: params.countyCode }, {
      jobId: job.id,
      onPhase: (_phase, i) => progress(i, PHASES.length),
    });
  });
}

/** The phase a job is in, from its progress (0 → compute, 1 → persist, 2 → diff). */
export function phaseOf(p: Pick<JobProgress, 'status' | 'done'>): string {
  if (p.status === 'queued') return 'queued';
  if (p.status !== 'running') return p.status;
  return PHASES[Math.min(p.done, PHASES.length - 1)];
}

/**
 * Queues a payroll run and starts it in this process without waiting; a job worker that claims it
 * first runs it instead. Resolves with the job row; `finished` resolves when the run has ended.
 */
export async function startPayrollJob(db: Database, actor: Actor, input: RunInput): Promise<{ job: JobRow; finished: Promise<JobRow | null> }> {
  const job = await enqueue<PayrollJobParams>(db.orm, { kind: PAYROLL_JOB, params: { ...input, actor }, createdBy: actor.userId || null, total: PHASES.length });
  const finished = runJob(db, job.id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'JOB_NOT_QUEUED') return null; // the worker took it
    throw e;
  });
  return { job, finished };
}

/** A payroll job visible to the actor: the one who started it, or the city administrator. */
export async function getPayrollJob(db: Database, actor: Actor, jobId: number): Promise<JobRow> {
  const job = await getJob(db.orm, jobId);
  if (!job || job.kind !== PAYROLL_JOB || (job.createdBy !== actor.userId && actor.role !== 'city_admin')) {
    throw notFound('生成任务', 'PAYROLL_JOB_NOT_FOUND');
  }
  return job;
}
