// HTTP JSON interface to a department, in the shape of the DCI social-registry search API: a signed
// `search_request` with one reference id per person, answered by a `search_response`. Each attempt
// has a timeout; timeouts, network errors, 429 and 5xx are retried with exponential backoff under the
// same idempotency key, so a department that got the first attempt answers the retry from its cache.
import { createHmac, randomUUID } from 'node:crypto';
import type { QueryContext, SourceAdapter, SourceFinding } from './adapter';
import { SourceUnavailable } from './adapter';
import { FINDING_KINDS, type FindingKind } from './catalogue';

export interface HttpSourceConfig {
  url: string;
  /** our sender id at the department, and the key id it knows our secret by */
  senderId?: string;
  keyId?: string;
  /** name of the environment variable that holds the HMAC secret (never stored in the database) */
  secretEnv?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
}

/** HMAC-SHA256 over "timestamp.body", hex: what the department recomputes to trust the request. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function searchRequest(ctx: Pick<QueryContext, 'persons' | 'idempotencyKey' | 'source'>, senderId: string, now = new Date()) {
  return {
    header: {
      version: '1.0.0', message_id: ctx.idempotencyKey, message_ts: now.toISOString(), action: 'search',
      sender_id: senderId, receiver_id: ctx.source.code, total_count: ctx.persons.length,
    },
    message: {
      transaction_id: ctx.idempotencyKey,
      search_request: ctx.persons.map((p) => ({
        reference_id: String(p.personId),
        timestamp: now.toISOString(),
        search_criteria: { reg_type: ctx.source.code, query_type: 'idtype-value', query: { type: 'ID_NUMBER', value: p.idNumber } },
      })),
    },
  };
}

interface SearchResponse {
  message?: {
    search_response?: {
      reference_id: string;
      status: 'succ' | 'rjct';
      status_reason_message?: string;
      data?: { reg_records?: { kind: string; reference?: string; monthly_income_fen?: number; amount_fen?: number; event_date?: string | null; detail?: string }[] };
    }[];
  };
}

const int = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 0);

/** The findings in a search_response, for the persons asked about; a malformed answer is refused. */
export function readSearchResponse(body: unknown, ctx: Pick<QueryContext, 'persons' | 'source'>): SourceFinding[] {
  const list = (body as SearchResponse)?.message?.search_response;
  if (!Array.isArray(list)) throw new SourceUnavailable('接口应答格式不符（缺少 search_response）', false);
  const byRef = new Map(ctx.persons.map((p) => [String(p.personId), p]));
  const out: SourceFinding[] = [];
  for (const r of list) {
    const person = byRef.get(String(r.reference_id));
    if (!person) continue; // an answer about someone we did not ask for is dropped
    if (r.status !== 'succ') throw new SourceUnavailable(`接口拒绝查询：${r.status_reason_message ?? r.status}`, false);
    for (const rec of r.data?.reg_records ?? []) {
      if (!(rec.kind in FINDING_KINDS) || !ctx.source.kinds.includes(rec.kind as FindingKind)) continue;
      out.push({
        idNumber: person.idNumber, kind: rec.kind as FindingKind, reference: String(rec.reference ?? ''),
        monthlyIncomeFen: int(rec.monthly_income_fen), amountFen: int(rec.amount_fen),
        eventDate: typeof rec.event_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(rec.event_date) ? rec.event_date : null,
        detail: String(rec.detail ?? '').slice(0, 500),
      });
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const httpAdapter: SourceAdapter = {
  kind: 'http',
  async query(ctx) {
    const cfg = ctx.config as unknown as HttpSourceConfig;
    if (!cfg.url) throw new SourceUnavailable('未配置接口地址', false);
    const secret = process.env[cfg.secretEnv ?? `MZ_SOURCE_SECRET_${ctx.source.code.toUpperCase()}`];
    if (!secret) throw new SourceUnavailable('未配置接口签名密钥（环境变量）', false);
    const timeoutMs = cfg.timeoutMs ?? 10_000;
    const retries = cfg.retries ?? 3;
    const backoffMs = cfg.backoffMs ?? 500;
    const body = JSON.stringify(searchRequest(ctx, cfg.senderId ?? 'minzheng'));
    let last = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1));
      const timestamp = new Date().toISOString();
      try {
        const res = await fetch(cfg.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': ctx.idempotencyKey,
            'x-request-id': randomUUID(),
            'x-timestamp': timestamp,
            'x-key-id': cfg.keyId ?? 'minzheng',
            'x-signature': signBody(secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (res.status === 429 || res.status >= 500) { last = `接口返回 ${res.status}`; continue; }
        if (!res.ok) throw new SourceUnavailable(`接口拒绝请求（${res.status}）`, false);
        return readSearchResponse(await res.json(), ctx);
      } catch (e) {
        if (e instanceof SourceUnavailable) throw e;
        last = (e as Error).name === 'TimeoutError' ? `接口 ${timeoutMs} 毫秒未应答` : `接口无法连接：${(e as Error).message}`;
      }
    }
    throw new SourceUnavailable(`${last}（已重试 ${retries} 次）`);
  },
};
