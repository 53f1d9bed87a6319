export {
  type Fen,
  type Rounding,
  assertFen,
  yuanToFen,
  fenToYuan,
  formatYuan,
  mulFen,
  mulFenByRatio,
  parseRatio,
  roundToYuan,
  sumFen,
  allocateFen,
} from './money';
export { fenToChineseUpper } from './chinese-upper';
