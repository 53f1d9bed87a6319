// Each source's answer to a request arrives as its own kernel job: a slow or failing department
// never holds up the others, and the worker retries nothing a department already answered.
import { defineJob, jobRegistry } from '#kernel';
import { QUERY_JOB, runQuery } from './requests.service';

if (!jobRegistry.get(QUERY_JOB)) {
  defineJob<{ queryId: number }>(QUERY_JOB, ({ db, params }) => runQuery(db, params.queryId));
}
