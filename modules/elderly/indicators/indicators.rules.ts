// The plan's elderly indicators (plan-indicators.md; 规划 一(五), 四(二), 专栏1) from counts. Pure.
// Ratios are computed in integers: per mille (‰) rounded half up, beds per 1,000 in tenths.

export interface IndicatorCounts {
  older: number;
  beds: number;
  nursingBeds: number;
  townships: number;
  townshipsWithComprehensive: number;
  visitPopulation: number;
  visitedThisMonth: number;
  adaptedHomes: number;
  careWorkers: number;
  careWorkersTrained: number;
  stationsA: Record<'2022' | '2023', number>;
  canteens: Record<'2022' | '2023', number>;
  ruralDayCare: number;
  urbanCommunityFacilities: number;
}

export interface Indicator {
  key: string;
  label: string;
  /** integer: tenths for bedsPer1000, per mille for shares, a count otherwise */
  value: number;
  display: string;
  unit: string;
  baseline: string | null;
  target: string | null;
  /** null when the plan sets no target */
  met: boolean | null;
  section: string;
}

/** a / b in per mille, rounded half up; 0 when b is 0 */
export const perMille = (a: number, b: number) => (b === 0 ? 0 : Math.floor((a * 2000 + b) / (2 * b)));
/** a per 1,000 of b, in tenths, rounded half up */
export const per1000Tenths = (a: number, b: number) => (b === 0 ? 0 : Math.floor((a * 20000 + b) / (2 * b)));
const pct = (pm: number) => `${Math.floor(pm / 10)}.${pm % 10}%`;
const tenths = (t: number) => `${Math.floor(t / 10)}.${t % 10}`;

export function computeIndicators(c: IndicatorCounts): Indicator[] {
  const beds = per1000Tenths(c.beds, c.older);
  const nursing = perMille(c.nursingBeds, c.beds);
  const townships = perMille(c.townshipsWithComprehensive, c.townships);
  const visits = perMille(c.visitedThisMonth, c.visitPopulation);
  const training = perMille(c.careWorkersTrained, c.careWorkers);
  return [
    { key: 'bedsPer1000', label: '每千名老年人养老床位数', value: beds, display: `${tenths(beds)} 张`, unit: 'tenths', baseline: '37.2 张（2020）', target: null, met: null, section: '一(五)' },
    { key: 'nursingBedShare', label: '养老机构护理型床位占比', value: nursing, display: pct(nursing), unit: 'per mille', baseline: null, target: '≥ 55%（2025 年底）', met: nursing >= 550, section: '四(二)' },
    { key: 'townshipComprehensiveCoverage', label: '乡镇（街道）区域养老服务中心覆盖率', value: townships, display: `${pct(townships)}（${c.townshipsWithComprehensive}/${c.townships}）`, unit: 'per mille', baseline: null, target: '60%（2025）', met: townships >= 600, section: '专栏1.3' },
    { key: 'monthlyVisitCoverage', label: '特殊困难老年人月探访率', value: visits, display: `${pct(visits)}（${c.visitedThisMonth}/${c.visitPopulation}）`, unit: 'per mille', baseline: null, target: '100%（2025 年底）', met: visits >= 1000, section: '三(二)6' },
    { key: 'adaptedHomes', label: '特殊困难老年人家庭适老化改造', value: c.adaptedHomes, display: `${c.adaptedHomes} 户`, unit: 'households', baseline: null, target: '300 户（2025）', met: c.adaptedHomes >= 300, section: '专栏1.1' },
    { key: 'careWorkerTraining', label: '养老护理员培训覆盖率（2021–2025 轮训）', value: training, display: `${pct(training)}（${c.careWorkersTrained}/${c.careWorkers}）`, unit: 'per mille', baseline: null, target: '100%（2025）', met: training >= 1000, section: '四(二)' },
    { key: 'stationsA2022', label: 'A类养老服务站（2022 年新建）', value: c.stationsA['2022'], display: `${c.stationsA['2022']} 个`, unit: 'count', baseline: null, target: '4 个', met: c.stationsA['2022'] >= 4, section: '专栏1.6' },
    { key: 'stationsA2023', label: 'A类养老服务站（2023 年新建）', value: c.stationsA['2023'], display: `${c.stationsA['2023']} 个`, unit: 'count', baseline: null, target: '3 个', met: c.stationsA['2023'] >= 3, section: '专栏1.6' },
    { key: 'canteens2022', label: '社区老年餐厅（2022 年新建）', value: c.canteens['2022'], display: `${c.canteens['2022']} 个`, unit: 'count', baseline: null, target: '4 个', met: c.canteens['2022'] >= 4, section: '专栏1.6' },
    { key: 'canteens2023', label: '社区老年餐厅（2023 年新建）', value: c.canteens['2023'], display: `${c.canteens['2023']} 个`, unit: 'count', baseline: null, target: '3 个', met: c.canteens['2023'] >= 3, section: '专栏1.6' },
    { key: 'ruralDayCare', label: '农村日间照料中心', value: c.ruralDayCare, display: `${c.ruralDayCare} 个`, unit: 'count', baseline: '539 个（2020）', target: null, met: null, section: '一(五)' },
    { key: 'urbanCommunityFacilities', label: '城市社区养老服务设施', value: c.urbanCommunityFacilities, display: `${c.urbanCommunityFacilities} 个`, unit: 'count', baseline: '36 个（2020）', target: null, met: null, section: '一(五)' },
  ];
}
