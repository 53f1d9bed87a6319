/** Amounts travel as integer fen; staff read and type yuan. */
export function yuan(fen: number | null | undefined, opts: { sign?: boolean } = {}): string {
  if (fen === null || fen === undefined) return '—';
  const s = (Math.abs(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = fen < 0 ? '−' : opts.sign && fen > 0 ? '+' : '';
  return `${sign}${s}`;
}

/** ¥ 1,234.50 */
export function rmb(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `¥ ${yuan(fen)}`;
}

/** yuan typed in a form (number, up to 2 decimals) → fen, rounding half away from zero */
export function toFen(yuanValue: number | null | undefined): number {
  if (yuanValue === null || yuanValue === undefined || Number.isNaN(yuanValue)) return 0;
  return Math.round(yuanValue * 100);
}
