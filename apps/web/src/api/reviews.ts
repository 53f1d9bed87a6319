// Console calls and types for periodic reviews (低保定期复核) and their verification.
import { api } from './client';
import type { RequestSummary } from './verification';

export interface ReviewIncome { personId: number; kind: string; monthlyFen: number }
export interface ReviewReport {
  reportId: number; reportNo: string; receivedOn: string; discrepancies: number;
  discrepancyItems?: { code: string; severity: 'high' | 'medium' | 'info'; title: string; message: string }[];
  totals: { monthlyIncomeFen: number; financialAssetsFen: number; vehicles: number; extraHousing: number };
  sources: { source: string; finding: string; monthlyIncomeFen?: number; assetsFen?: number }[];
  foundIncomes: ReviewIncome[];
}
export interface ReviewCalculation {
  month: string; eligible: boolean; monthlyAmountFen: number; perCapitaIncomeFen: number; standardFen: number;
  currentAmountFen: number; suggested: string; suggestedLabel: string; incomes?: ReviewIncome[];
  verifiedBy?: { reportId: number; reportNo: string; discrepancies: number } | null;
}
export interface Review {
  id: number; householdId: number; applicationId: number; divisionCode: string; category: string; dueOn: string;
  instanceId: number | null; status: 'open' | 'decided'; origin: 'scheduled' | 'change'; changeTaskId: number | null;
  visit: { visitedOn: string; investigators: { name: string }[]; changes: string; incomes: ReviewIncome[] } | null;
  calculation: ReviewCalculation | null; verification: ReviewReport | null;
  outcome: string | null; decidedOn: string | null; createdAt: string;
}
export interface ReviewConsent { personId: number; kind: 'signed_form' | 'electronic'; givenOn: string; validUntil: string; at: 'application' | 'review'; valid: boolean }
export interface ReviewConsents { members: { personId: number; name: string; included: boolean; age: number; needsConsent: boolean }[]; consents: ReviewConsent[] }

export const OUTCOME_LABELS: Record<string, string> = { unchanged: '维持原救助金额', increase: '提高救助金额', reduce: '降低救助金额', stop: '停发低保', taper: '收入超标，进入渐退期后停发' };
export const CATEGORY_LABELS: Record<string, string> = { stable: '收入稳定（12 个月复核）', irregularIncome: '收入不固定（6 个月复核）' };

export const reviewsApi = {
  get: (id: number | string, signal?: AbortSignal) => api.get<Review>(`/assistance/reviews/${id}`, undefined, signal),
  consents: (id: number | string, signal?: AbortSignal) => api.get<ReviewConsents>(`/assistance/reviews/${id}/consents`, undefined, signal),
  recordConsents: (id: number | string, consents: { personId: number; kind: 'electronic'; confirmedBy: string; confirmedAt: string }[]) =>
    api.post<ReviewConsents>(`/assistance/reviews/${id}/consents`, { consents }),
  requests: (reviewId: number | string, signal?: AbortSignal) =>
    api.get<{ items: RequestSummary[]; total: number }>('/verification/requests', { reviewId, page: 1, pageSize: 50 }, signal),
  requestVerification: (reviewId: number, purpose?: string) => api.post<{ id: number; reportNo: string }>('/verification/requests', { reviewId, purpose }),
};
