import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DivisionChild } from '../api/types';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Persons and households per sub-division (horizontal bars). */
export function ChildrenChart({ items }: { items: DivisionChild[] }) {
  const rows = [...items].sort((a, b) => (a.persons ?? 0) - (b.persons ?? 0)).slice(-12);
  const option = {
    animationDuration: 300,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: '#f0f0f0' } } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name.replace(/(社区居民委员会|社区居委会|村民委员会|村委会|居委会)$/, '')),
      axisLabel: { fontSize: 12 },
    },
    series: [
      { name: '人员', type: 'bar', data: rows.map((r) => r.persons ?? 0), itemStyle: { color: '#1453b8' }, barMaxWidth: 12 },
      { name: '户数', type: 'bar', data: rows.map((r) => r.households ?? 0), itemStyle: { color: '#69b1ff' }, barMaxWidth: 12 },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: Math.max(240, rows.length * 30 + 40) }} notMerge />;
}
