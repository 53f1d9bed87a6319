// The home-service order's states and the moves between them, and the voucher split: pure.
// Not the kernel's workflow engine: an order is a provider's work ticket, not a case for the 待办
// of civil-affairs staff, and a city takes tens of thousands a month.

export const ORDER_STATES = {
  created: '待派单',
  dispatched: '已派单',
  checked_in: '服务中',
  completed: '已完成',
  rated: '已评价',
  cancelled: '已取消',
} as const;
export type OrderState = keyof typeof ORDER_STATES;

export const ORDER_ACTIONS = { dispatch: '派单', checkIn: '签到', complete: '完成', rate: '评价', cancel: '取消' } as const;
export type OrderAction = keyof typeof ORDER_ACTIONS;

/** The transition table: from which states each action may be taken, and the state it leads to. */
export const TRANSITIONS: Record<OrderAction, { from: readonly OrderState[]; to: OrderState }> = {
  dispatch: { from: ['created', 'dispatched'], to: 'dispatched' }, // re-dispatch to another worker before check-in
  checkIn: { from: ['dispatched'], to: 'checked_in' },
  complete: { from: ['checked_in'], to: 'completed' },
  rate: { from: ['completed'], to: 'rated' },
  cancel: { from: ['created', 'dispatched', 'checked_in'], to: 'cancelled' },
};

/** The state after `action`, or the reason it is refused (zh-CN). */
export function transition(state: OrderState, action: OrderAction): { ok: true; to: OrderState } | { ok: false; reason: string } {
  const t = TRANSITIONS[action];
  if (t.from.includes(state)) return { ok: true, to: t.to };
  return { ok: false, reason: `工单当前为“${ORDER_STATES[state]}”，不能${ORDER_ACTIONS[action]}（仅“${t.from.map((s) => ORDER_STATES[s]).join('”“')}”的工单可以）` };
}

/** The actions open on an order in `state` (for the console's buttons). */
export function actionsFrom(state: OrderState): OrderAction[] {
  return (Object.keys(TRANSITIONS) as OrderAction[]).filter((a) => TRANSITIONS[a].from.includes(state));
}

export interface VoucherFacts {
  amountFen: number;
  /** entitled to the service subsidy in the order's month */
  entitled: boolean;
  /** lives in a care institution: vouchers buy home-based services only */
  inInstitution: boolean;
  budgetFen: number;
  /** already drawn this month by other completed orders */
  usedFen: number;
}

export interface VoucherSplit { voucherFen: number; copayFen: number; reason: string }

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')} 元`;

/** How much of an order the month's voucher pays and how much the older person pays. */
export function splitVoucher(f: VoucherFacts): VoucherSplit {
  if (!Number.isSafeInteger(f.amountFen) || f.amountFen < 0) throw new RangeError('amountFen must be a non-negative integer');
  if (!f.entitled) return { voucherFen: 0, copayFen: f.amountFen, reason: '不享受经济困难老年人服务补贴，服务费用自付' };
  if (f.inInstitution) return { voucherFen: 0, copayFen: f.amountFen, reason: '已入住养老机构，服务券只用于居家养老服务，费用自付' };
  const left = Math.max(0, f.budgetFen - f.usedFen);
  const voucherFen = Math.min(left, f.amountFen);
  const copayFen = f.amountFen - voucherFen;
  return {
    voucherFen, copayFen,
    reason: `本月服务券额度 ${yuan(f.budgetFen)}，已用 ${yuan(f.usedFen)}，余 ${yuan(left)}；本单 ${yuan(f.amountFen)}：服务券支付 ${yuan(voucherFen)}，个人自付 ${yuan(copayFen)}`,
  };
}

/** month YYYY-MM of a China date */
export const monthOfDate = (d: string) => d.slice(0, 7);
