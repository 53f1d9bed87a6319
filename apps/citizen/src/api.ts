// The phone site's calls to /api/v1/citizen. Errors arrive as problem+json with a zh-CN title.

export interface FieldProblem { field: string; code: string; message: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly errors: FieldProblem[] = []) {
    super(message);
  }
}

const BASE = '/api/v1/citizen';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method, credentials: 'same-origin',
      headers: body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不通，请检查手机信号或网络后再试');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    if (res.status === 401 && data.code === 'CITIZEN_AUTH_REQUIRED') window.dispatchEvent(new Event('mz:signed-out'));
    throw new ApiError(res.status, data.code ?? 'ERROR', data.title ?? '出了点问题，请稍后再试', data.errors ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  upload: <T>(path: string, form: FormData) => call<T>('POST', path, form),
};

export const yuan = (fen: number | null | undefined) => (fen == null ? '—' : (fen / 100).toFixed(2).replace(/\.00$/, ''));
export const dateText = (iso: string | null | undefined) => {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
};
export const monthText = (m: string | null | undefined) => (m ? `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` : '—');

/** Types of the answers the pages read. */
export interface Me { personId: number; name: string; householdId: number | null; expiresAt: string }
export interface Member { personId: number; name: string; relationName: string; idNumberMasked: string; gender: string; age: number }
export interface Household {
  id: number; divisionName: string; address: string | null; urbanRural: string; headName: string | null;
  bankName: string | null; bankAccountMasked: string | null; me: number; members: Member[];
}
export interface CaseSummary { id: number; programmeName: string; receivedAt: string; stateTitle: string | null; decision: string | null; monthlyAmountFen: number | null; fromMonth: string | null }
export interface CaseView {
  id: number; programme: string; programmeName: string; receivedAt: string; state: string | null;
  handledBy: { township: string; county: string };
  now: { title: string; text: string } | null;
  steps: { at: string; title: string; state: string; by: string; role: string }[];
  deadlines: { stepDueAt: string | null; overallDueAt: string | null; daysLeft: number | null; overdue: boolean } | null;
  missing: string[];
  members: { name: string; included: boolean; age: number }[];
  decision: null | {
    decision: string; decidedAt: string; reasons: string | null; monthlyAmountFen: number | null; fromMonth: string | null;
    explanation: string[]; reviewUntil: string | null; mayRequestReview: boolean;
  };
}
export interface Notice { id: number; title: string; body: string; applicationId: number | null; read: boolean; createdAt: string }
export interface Payments {
  months: { month: string; totalFen: number; items: { programmeName: string; amountFen: number; failed: boolean; bankAccount: string | null }[] }[];
  totalPaidFen: number;
  failures: { month: string; programmeName: string; amountFen: number; reason: string }[];
  current: { programmeName: string; monthlyAmountFen: number; fromMonth: string }[];
}
