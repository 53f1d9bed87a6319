/** 12345 fen → '123.45 元' */
export function formatFen(fen: number): string {
  const a = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')} 元`;
}
