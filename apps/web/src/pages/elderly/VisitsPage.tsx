import { useState } from 'react';
import { Alert, Button, Card, Col, Row, Space, Statistic, Switch, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, type ScheduleRow } from '../../api/elderly';

const TIER_COLORS: Record<string, string> = { high: 'red', priority: 'orange', general: 'blue' };

/** 探访关爱: the visit list by risk tier, overdue visits first, and this month's coverage. */
export function VisitsPage() {
  const [overdueOnly, setOverdueOnly] = useState(true);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useLoaded((s) => elderlyOps.schedule({ overdueOnly: String(overdueOnly), ...page }, s), [overdueOnly, page]);
  const coverage = useLoaded((s) => elderlyOps.coverage(s), []);
  const c = coverage.data;
  return (
    <PageContainer title="探访关爱" subTitle="按风险等级定期探访；国家目标：2025 年底特殊困难老年人月探访率 100%"
      crumbs={[{ title: '养老服务' }, { title: '探访关爱' }]} extra={<Link to="/elderly/visit"><Button type="primary">手机登记探访</Button></Link>}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}><Card size="small"><Statistic title={`${c?.month ?? ''} 月探访率`} value={c ? c.perMille / 10 : 0} precision={1} suffix="%" /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="本月已探访 / 探访对象" value={c ? `${c.visited} / ${c.population}` : '—'} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="逾期未访" value={list.data?.overdue ?? 0} valueStyle={{ color: '#cf1322' }} /></Card></Col>
      </Row>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <Card size="small" title={<Space>应访名单<Switch checked={overdueOnly} onChange={(v) => { setOverdueOnly(v); setPage((p) => ({ ...p, page: 1 })); }} />只看逾期</Space>}>
        <Table<ScheduleRow> rowKey="personId" size="small" loading={list.loading} dataSource={list.data?.rows ?? []}
          pagination={{ current: page.page, pageSize: page.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: '姓名', dataIndex: 'name', render: (n: string, r) => <Link to={`/elderly/persons/${r.personId}`}>{n}</Link> },
            { title: '年龄', dataIndex: 'age' }, { title: '区划', dataIndex: 'divisionCode' },
            { title: '风险等级', dataIndex: 'tier', render: (t: string, r) => <Tag color={TIER_COLORS[t]}>{r.tierLabel}</Tag> },
            { title: '上次探访', dataIndex: 'lastVisitedOn', render: (d: string | null) => d ?? '尚未探访' },
            { title: '应访日期', dataIndex: 'dueOn', render: (d: string, r) => (r.overdue ? <Tag color="error">{d} 逾期</Tag> : d) },
            { title: '操作', key: 'op', render: (_, r) => <Link to={`/elderly/visit?personId=${r.personId}`}>登记探访</Link> },
          ]} />
      </Card>
    </PageContainer>
  );
}
