import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpAdapter, signBody } from './http.adapter';
import { sourceSpec } from './catalogue';
import type { QueryContext } from './adapter';

const SECRET = 'test-secret-of-the-vehicles-office';
process.env.MZ_SOURCE_SECRET_VEHICLES = SECRET;

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = () => {};
let server: Server;
let url = '';
const seen: { key: string; signatureOk: boolean; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const ts = String(req.headers['x-timestamp']);
      seen.push({ key: String(req.headers['idempotency-key']), signatureOk: req.headers['x-signature'] === signBody(SECRET, ts, body), body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/search`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

const ctx = (over: Record<string, unknown> = {}): QueryContext => ({
  source: sourceSpec('vehicles')!, config: { url, timeoutMs: 3000, retries: 2, backoffMs: 20, ...over },
  persons: [{ personId: 7, idNumber: '140321198005170011', name: '张三' }], idempotencyKey: 'HD2026000001-vehicles', exec: {} as never, today: '2026-11-30',
});
const answer = (body: string) => {
  const reqId = JSON.parse(body).message.search_request[0].reference_id;
  return JSON.stringify({ message: { search_response: [{ reference_id: reqId, status: 'succ', data: { reg_records: [{ kind: 'vehicle', reference: '晋C12345', amount_fen: 4500000, event_date: '2026-10-01' }, { kind: 'deposit', amount_fen: 1 }] } }] } });
};

describe('the HTTP source adapter', () => {
  it('signs a DCI search_request and retries 5xx with the same idempotency key until it is answered', async () => {
    seen.length = 0;
    let n = 0;
    handler = (_req, body, res) => {
      if (++n < 3) { res.statusCode = 503; res.end(); return; }
      res.setHeader('content-type', 'application/json');
      res.end(answer(body));
    };
    const found = await httpAdapter.query(ctx());
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.key))).toEqual(new Set(['HD2026000001-vehicles']));
    expect(seen.every((s) => s.signatureOk)).toBe(true);
    const sent = JSON.parse(seen[0].body);
    expect(sent.header).toMatchObject({ action: 'search', message_id: 'HD2026000001-vehicles', receiver_id: 'vehicles', total_count: 1 });
    expect(sent.message.search_request[0].search_criteria.query).toEqual({ type: 'ID_NUMBER', value: '140321198005170011' });
    // a kind this source does not provide is dropped
    expect(found).toEqual([{ idNumber: '140321198005170011', kind: 'vehicle', reference: '晋C12345', monthlyIncomeFen: 0, amountFen: 4500000, eventDate: '2026-10-01', detail: '' }]);
  });

  it('times out each attempt and gives up after the retries', async () => {
    seen.length = 0;
    handler = () => { /* never answers */ };
    const started = Date.now();
    const err = await httpAdapter.query(ctx({ timeoutMs: 150, retries: 1, backoffMs: 10 })).catch((e) => e);
    expect(err.name).toBe('SourceUnavailable');
    expect(err.message).toContain('150 毫秒未应答');
    expect(err.message).toContain('已重试 1 次');
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('does not retry a refusal (4xx)', async () => {
    seen.length = 0;
    handler = (_req, _b, res) => { res.statusCode = 401; res.end(); };
    const err = await httpAdapter.query(ctx()).catch((e) => e);
    expect(err.message).toContain('401');
    expect(seen).toHaveLength(1);
  });
});
