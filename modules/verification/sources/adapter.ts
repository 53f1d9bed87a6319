// One interface behind every source: given persons, the findings the department holds on them.
import type { Executor } from '#kernel';
import type { AdapterKind, FindingKind, SourceSpec } from './catalogue';

export interface QueryPerson { personId: number; idNumber: string; name: string }

/** One fact a department holds about a person, reduced to what verification keeps. */
export interface SourceFinding {
  idNumber: string;
  kind: FindingKind;
  /** the department's key of the fact (plate, licence, certificate…), '' when none */
  reference: string;
  monthlyIncomeFen: number;
  amountFen: number;
  eventDate: string | null;
  detail: string;
}

export interface QueryContext {
  source: SourceSpec;
  /** the source's stored settings (url, key id, timeout, retries) */
  config: Record<string, unknown>;
  persons: QueryPerson[];
  /** the same key on every retry of one query, so the department answers it once */
  idempotencyKey: string;
  exec: Executor;
  today: string;
}

export interface SourceAdapter {
  kind: AdapterKind;
  query(ctx: QueryContext): Promise<SourceFinding[]>;
}

/** A source that did not answer (timeout, refusal, bad answer): the query is retried or marked failed. */
export class SourceUnavailable extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = 'SourceUnavailable';
  }
}
