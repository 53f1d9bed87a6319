import { useState } from 'react';
import { Alert, Button, Card, Col, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, type CountyRow, type Indicator } from '../../api/elderly';

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

const shareTarget: Record<string, number> = { nursingBedShare: 550, townshipComprehensiveCoverage: 600, monthlyVisitCoverage: 1000, careWorkerTraining: 1000 };

/** 养老服务指标: the plan's indicators computed from the records, with 2020 baselines and targets. */
export function DashboardPage() {
  const [refresh, setRefresh] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.indicators(refresh > 0, s), [refresh]);
  const byKey = Object.fromEntries((data?.indicators ?? []).map((i) => [i.key, i]));
  const counties = data?.counties ?? [];
  const bedsOption = {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: counties.map((c) => c.name) },
    yAxis: [{ type: 'value', name: '张/千人' }],
    series: [{ name: '每千名老年人床位', type: 'bar', data: counties.map((c) => c.bedsPer1000Tenths / 10), itemStyle: { color: '#1453b8' }, barMaxWidth: 28,
      markLine: { symbol: 'none', data: [{ yAxis: 37.2, name: '2020 年全市 37.2' }], label: { formatter: '2020 基数 37.2' } } }],
  };
  const facilitiesOption = {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: counties.map((c) => c.name) }, yAxis: { type: 'value' },
    series: [
      { name: '日间照料中心', type: 'bar', stack: 'f', data: counties.map((c) => c.dayCare), itemStyle: { color: '#69b1ff' } },
      { name: 'A类站', type: 'bar', stack: 'f', data: counties.map((c) => c.stationsA), itemStyle: { color: '#faad14' } },
      { name: '老年餐厅', type: 'bar', stack: 'f', data: counties.map((c) => c.canteens), itemStyle: { color: '#52c41a' } },
    ],
  };
  const columns = [
    { title: '指标', dataIndex: 'label' },
    { title: '当前值', dataIndex: 'display', render: (d: string, r: Indicator) => <b data-testid={`indicator-${r.key}`}>{d}</b> },
    { title: '2020 基数', dataIndex: 'baseline', render: (b: string | null) => b ?? '—' },
    { title: '目标', dataIndex: 'target', render: (t: string | null) => t ?? '—' },
    { title: '进度', key: 'p', render: (_: unknown, r: Indicator) => (shareTarget[r.key] ? <Progress size="small" percent={Math.min(100, Math.round((r.value / shareTarget[r.key]) * 100))} /> : null) },
    { title: '状态', dataIndex: 'met', render: (m: boolean | null) => (m == null ? <Tag>监测</Tag> : m ? <Tag color="success">已达标</Tag> : <Tag color="warning">未达标</Tag>) },
    { title: '规划条目', dataIndex: 'section' },
  ];
  return (
    <PageContainer title="养老服务指标" subTitle="由业务记录实时计算" crumbs={[{ title: '养老服务' }, { title: '养老服务指标' }]}
      extra={<Space><Typography.Text type="secondary">{data ? `计算于 ${new Date(data.computedAt).toLocaleString('zh-CN')}，用时 ${data.ms} 毫秒${data.cached ? '（缓存）' : ''}` : ''}</Typography.Text>
        <Button loading={loading} onClick={() => setRefresh((x) => x + 1)}>重新计算</Button></Space>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {['bedsPer1000', 'nursingBedShare', 'townshipComprehensiveCoverage', 'monthlyVisitCoverage'].map((k) => (
          <Col span={6} key={k}>
            <Card size="small" loading={!data}>
              <Typography.Text type="secondary">{byKey[k]?.label}</Typography.Text>
              <div style={{ fontSize: 22, fontWeight: 600 }}>{byKey[k]?.display}</div>
              <Typography.Text type="secondary">{byKey[k]?.target ? `目标 ${byKey[k].target}` : byKey[k]?.baseline ? `2020 基数 ${byKey[k].baseline}` : ''}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={12}><Card size="small" title="各县（区）每千名老年人养老床位"><ReactEChartsCore echarts={echarts} option={bedsOption} style={{ height: 280 }} notMerge /></Card></Col>
        <Col span={12}><Card size="small" title="各县（区）社区居家养老设施"><ReactEChartsCore echarts={echarts} option={facilitiesOption} style={{ height: 280 }} notMerge /></Card></Col>
      </Row>
      <Card size="small" title="各县（区）明细" style={{ marginBottom: 16 }}>
        <Table rowKey="code" size="small" pagination={false} dataSource={counties} columns={[
          { title: '县（区）', dataIndex: 'name' },
          { title: '老年人', dataIndex: 'older', render: (n: number) => n.toLocaleString('zh-CN') },
          { title: '床位 / 护理型', key: 'beds', render: (_: unknown, c: CountyRow) => `${c.beds} / ${c.nursingBeds}` },
          { title: '每千名老年人床位', dataIndex: 'bedsPer1000Tenths', render: (t: number) => (t / 10).toFixed(1) },
          { title: '日间照料 / A类站 / 餐厅', key: 'fac', render: (_: unknown, c: CountyRow) => `${c.dayCare} / ${c.stationsA} / ${c.canteens}` },
          { title: '本月探访', key: 'visits', render: (_: unknown, c: CountyRow) => `${c.visited.toLocaleString('zh-CN')} / ${c.visitPopulation.toLocaleString('zh-CN')}` },
          { title: '探访覆盖率', dataIndex: 'visitPerMille', render: (m: number) => <Progress size="small" percent={Math.round(m / 10)} status={m >= 1000 ? 'success' : 'active'} /> },
        ]} />
      </Card>
      <Card size="small" title="规划指标">
        <Table rowKey="key" size="small" pagination={false} loading={loading} dataSource={data?.indicators ?? []} columns={columns} />
      </Card>
    </PageContainer>
  );
}
