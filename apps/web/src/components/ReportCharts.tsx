import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { CaseloadReport, ProcessingReport } from '../api/assistance-reports';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = ['#1453b8', '#13a8a8', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96', '#8c8c8c'];
const toYuan = (fen: number) => Math.round(fen) / 100;

/** A chart over months with a counting axis on the left and a second measure on the right; the caller adds the series. */
function byMonthTwoAxes(months: string[], left: { type: 'value'; name: string; minInterval?: number }, right: string) {
  return {
    animationDuration: 300,
    color: COLORS,
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months, axisLabel: { fontSize: 12 } },
    yAxis: [
      { ...left, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      { type: 'value', name: right, splitLine: { show: false } },
    ],
  };
}

/** Households (left axis) and spending in yuan (right axis) per month, one line pair per programme. */
export function MonthlyByProgrammeChart({ report, months }: { report: CaseloadReport; months: string[] }) {
  const programmes = [...new Map(report.byProgramme.map((x) => [x.programme, x.programmeName])).entries()];
  const at = (programme: string, month: string) => report.byProgramme.find((x) => x.programme === programme && x.month === month);
  const option = {
    ...byMonthTwoAxes(months, { type: 'value', name: '户数' }, '支出（元）'),
    series: programmes.flatMap(([p, name], i) => [
      { name: `${name} 户数`, type: 'line', yAxisIndex: 0, smooth: false, symbolSize: 5, data: months.map((m) => at(p, m)?.households ?? 0), itemStyle: { color: COLORS[i % COLORS.length] } },
      { name: `${name} 支出`, type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, symbolSize: 4, data: months.map((m) => toYuan(at(p, m)?.spendingFen ?? 0)), itemStyle: { color: COLORS[i % COLORS.length] } },
    ]),
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 320 }} notMerge />;
}

/** One bar per county or township: households and spending of the latest month in the range. */
export function DivisionBarChart({ report, month }: { report: CaseloadReport; month: string }) {
  const rows = report.rows.filter((r) => r.month === month).sort((a, b) => a.spendingFen - b.spendingFen);
  const option = {
    animationDuration: 300,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: [{ type: 'value', name: '户数', splitLine: { lineStyle: { color: '#f0f0f0' } } }, { type: 'value', name: '元', splitLine: { show: false } }],
    yAxis: { type: 'category', data: rows.map((r) => r.divisionName ?? r.divisionCode), axisLabel: { fontSize: 12 } },
    series: [
      { name: '户数', type: 'bar', xAxisIndex: 0, data: rows.map((r) => r.households), itemStyle: { color: '#1453b8' }, barMaxWidth: 12 },
      { name: '支出（元）', type: 'bar', xAxisIndex: 1, data: rows.map((r) => toYuan(r.spendingFen)), itemStyle: { color: '#69b1ff' }, barMaxWidth: 12 },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: Math.max(240, rows.length * 34 + 60) }} notMerge />;
}

/** Decisions per month as bars (left axis) and each programme's median working days as a line (right axis). */
export function ProcessingMonthlyChart({ report, months }: { report: ProcessingReport; months: string[] }) {
  const programmes = [...new Map(report.byMonth.map((x) => [x.programme, x.programmeName])).entries()];
  const at = (programme: string, month: string) => report.byMonth.find((x) => x.programme === programme && x.month === month);
  const option = {
    ...byMonthTwoAxes(months, { type: 'value', name: '件', minInterval: 1 }, '工作日'),
    series: programmes.flatMap(([p, name], i) => [
      { name: `${name} 决定`, type: 'bar', stack: 'decided', yAxisIndex: 0, barMaxWidth: 18, data: months.map((m) => at(p, m)?.decided ?? 0), itemStyle: { color: COLORS[i % COLORS.length], opacity: 0.45 } },
      { name: `${name} 中位数`, type: 'line', yAxisIndex: 1, connectNulls: true, symbolSize: 5, data: months.map((m) => at(p, m)?.medianDays ?? null), itemStyle: { color: COLORS[i % COLORS.length] } },
    ]),
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}
