import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Progress, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { useUser } from '../../auth/AuthContext';
import { yuan } from '../../components/money';
import { adaptationApi, ADAPTATION_COLORS, type Adaptation, type AdaptationStatus } from '../../api/elderly-services';
import { AdaptationDialog, type AdaptationStep } from './services/AdaptationDialog';

const WRITERS = ['city_admin', 'county_approver', 'township_caseworker'];

/** 适老化改造: applications of households in difficulty, work and acceptance, and progress toward the plan's 300. */
export function AdaptationsPage() {
  const user = useUser();
  const canWrite = WRITERS.includes(user.role);
  const [filters, setFilters] = useState<Record<string, string | number | undefined>>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const meta = useLoaded((s) => adaptationApi.meta(s), []);
  const progress = useLoaded((s) => adaptationApi.progress(s), [version]);
  const { data, loading, error } = useLoaded((s) => adaptationApi.list({ ...filters, ...page }, s), [filters, page, version]);
  const [step, setStep] = useState<{ step: AdaptationStep; row?: Adaptation } | null>(null);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const p = progress.data;

  return (
    <PageContainer title="适老化改造" subTitle="特殊困难老年人家庭适老化改造（民发〔2020〕86号 7 项基础改造）" crumbs={[{ title: '养老服务' }, { title: '适老化改造' }]}
      extra={canWrite && <Button type="primary" onClick={() => setStep({ step: 'apply' })}>受理改造申请</Button>}>
      {p && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={24} align="middle">
            <Col span={8}><Statistic title="已验收（规划目标 300 户，专栏1.1）" value={p.accepted} suffix={`/ ${p.target} 户`} />
              <Progress percent={Math.min(100, Math.round((p.accepted * 100) / p.target))} status={p.accepted >= p.target ? 'success' : 'active'} /></Col>
            <Col span={5}><Statistic title="在办（申请、施工中）" value={p.open} suffix="户" /></Col>
            <Col span={5}><Statistic title="已验收支出" value={yuan(p.spendFen)} suffix="元" /></Col>
            <Col span={6}><Statistic title="户均支出" value={p.accepted ? yuan(Math.round(p.spendFen / p.accepted)) : '—'} suffix="元" /></Col>
          </Row>
        </Card>
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={(v) => { setFilters(v); setPage((x) => ({ ...x, page: 1 })); }}>
          <Form.Item name="q" label="姓名"><Input allowClear placeholder="姓名开头" style={{ width: 140 }} /></Form.Item>
          <Form.Item name="status" label="状态"><Select allowClear style={{ width: 130 }} options={Object.entries(meta.data?.statuses ?? {}).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="year" label="年度"><Select allowClear style={{ width: 110 }} options={[2021, 2022, 2023, 2024, 2025, 2026].map((y) => ({ value: y, label: `${y} 年` }))} /></Form.Item>
          <Space><Button type="primary" htmlType="submit">查询</Button><Button onClick={() => { form.resetFields(); setFilters({}); }}>重置</Button></Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Adaptation> rowKey="id" size="middle" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 户`, onChange: (pg, s) => setPage({ page: pg, pageSize: s }) }}
        columns={[
          { title: '编号', dataIndex: 'id', width: 70 },
          { title: '老人', dataIndex: 'name', render: (n: string, r) => <Link to={`/elderly/persons/${r.personId}`}>{n}</Link> },
          { title: '区划', dataIndex: 'divisionCode' },
          { title: '条件', dataIndex: 'groundLabels', render: (g: string[]) => g.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: '改造项目', dataIndex: 'itemLabels', render: (g: string[]) => g.join('、') },
          { title: '施工单位', dataIndex: 'contractor', render: (c: string | null) => c ?? '—' },
          { title: '申请 / 验收', key: 'd', render: (_, r) => `${r.appliedOn}${r.acceptedOn ? ` / ${r.acceptedOn}` : ''}` },
          { title: '支出', dataIndex: 'spendFen', align: 'right', render: (f: number, r) => (r.status === 'accepted' ? yuan(f) : '—') },
          { title: '状态', dataIndex: 'status', render: (s: AdaptationStatus, r) => <Tag color={ADAPTATION_COLORS[s]} title={r.decisionReason ?? undefined}>{r.statusLabel}</Tag> },
          {
            title: '操作', key: 'op', width: 150, render: (_, r) => canWrite && (
              <Space size={4}>
                {r.status === 'applied' && <><a onClick={() => setStep({ step: 'start', row: r })}>开工</a><a onClick={() => setStep({ step: 'reject', row: r })}>不予改造</a></>}
                {r.status === 'in_progress' && <a onClick={() => setStep({ step: 'accept', row: r })}>验收</a>}
              </Space>
            ),
          },
        ]} />
      {step && meta.data && <AdaptationDialog step={step.step} row={step.row} items={meta.data.items} onClose={() => setStep(null)}
        onDone={(msg) => { message.success(msg); setStep(null); setVersion((v) => v + 1); }} />}
    </PageContainer>
  );
}
