import { assertFen, type Fen } from './money';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

/**
 * The amount in Chinese capital numerals as written on payment rosters, receipts and bank forms
 * (中文大写金额): 58700 → '伍佰捌拾柒元整', 100005 → '壹仟元零伍分', 58750 → '伍佰捌拾柒元伍角'.
 * Follows 《支付结算办法》's writing rules: one 零 for a run of zeros, 整 after 元, none after 角.
 */
export function fenToChineseUpper(fen: Fen): string {
  assertFen(fen);
  if (fen === 0) return '零元整';
  const a = Math.abs(fen);
  const yuan = (a - (a % 100)) / 100;
  const jiao = Math.floor((a % 100) / 10);
  const fenDigit = a % 10;

  let out = '';
  if (yuan > 0) {
    const digits = String(yuan);
    let zero = false;
    for (let i = 0; i < digits.length; i++) {
      const pos = digits.length - 1 - i; // power of ten
      const d = Number(digits[i]);
      if (d === 0) zero = true;
      else {
        if (zero && out) out += '零';
        zero = false;
        out += DIGITS[d] + UNITS[pos % 4];
      }
      if (pos % 4 === 0 && pos > 0) {
        const section = digits.slice(Math.max(0, i - 3), i + 1);
        if (Number(section) > 0) out += SECTIONS[pos / 4];
      }
    }
    out += '元';
  }
  if (jiao === 0 && fenDigit === 0) out += '整';
  else {
    if (jiao > 0) out += DIGITS[jiao] + '角';
    else if (yuan > 0) out += '零';
    if (fenDigit > 0) out += DIGITS[fenDigit] + '分';
  }
  return fen < 0 ? `负${out}` : out;
}
