import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Radio, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, RadarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { verificationApi, verificationAbilities, OUTCOME_LABELS, RULE_LABELS, type Alert as AlertRow, type AlertStat, type Rule } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { useLoaded } from '../../hooks/useLoaded';
import { PageContainer } from '../../components/PageContainer';

const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');

function CloseModal({ alert, onClose, onDone }: { alert: AlertRow | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: string; note?: string }>();
  const [saving, setSaving] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await verificationApi.closeAlert(alert!.id, v);
      message.success('预警已办结');
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={!!alert} title={`办结预警：${alert?.personName ?? ''}`} onCancel={onClose} onOk={ok} okText="办结" confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="outcome" label="走访结果" rules={[{ required: true, message: '请选择走访结果' }]}>
          <Radio.Group>
            <Space direction="vertical">{Object.entries(OUTCOME_LABELS).map(([k, v]) => <Radio key={k} value={k}>{v}</Radio>)}</Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label="走访情况"><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function AlertsPage() {
  const { user } = useAuth();
  const can = verificationAbilities(user?.role);
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const page = Number(params.get('page') ?? 1);
  const ruleCode = params.get('rule') ?? undefined;
  const [by, setBy] = useState<'rule' | 'township'>('rule');
  const filter = (next: Record<string, string | undefined>) => setParams(Object.fromEntries(Object.entries({ status, rule: ruleCode, ...next }).filter(([, v]) => v !== undefined)) as Record<string, string>);
  const [tick, setTick] = useState(0);
  const [closing, setClosing] = useState<AlertRow | null>(null);
  const { data, loading } = useLoaded((s) => verificationApi.alerts({ status: status === 'all' ? undefined : status, ruleCode, page, pageSize: 20 }, s), [status, ruleCode, page, tick]);
  const stats = useLoaded((s) => verificationApi.statistics(by, s), [by, tick]);
  const rules = useLoaded((s) => verificationApi.rules(s), []);
  const signalLabel = (code: string) => rules.data?.signals[code]?.label ?? (code === 'outreach' ? '协理员主动发现' : code);
  const total = stats.data?.totals;
  const ruleName = (code: string) => rules.data?.items.find((r) => r.code === code)?.name ?? RULE_LABELS[code] ?? code;
  const scan = async () => {
    try {
      const r = await verificationApi.scan(user!.divisionCode);
      message.success(`监测完成：新增预警 ${r.alerts} 条`);
      setTick((t) => t + 1);
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    }
  };

  return (
    <PageContainer title="监测预警" subTitle="多项信号综合评分后预警，走访核实后办结" crumbs={[{ title: '核对与监测' }, { title: '监测预警' }]}
      extra={<Space>{can.batch && <Button icon={<RadarChartOutlined />} onClick={scan}>立即监测</Button>}<Button icon={<ReloadOutlined />} onClick={() => setTick((t) => t + 1)}>刷新</Button></Space>}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={5}><Card size="small"><Statistic title="待走访" value={total?.open ?? 0} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="超一周未办结" value={total?.waiting_over_week ?? 0} valueStyle={total?.waiting_over_week ? { color: '#cf1322' } : undefined} /></Card></Col>
        <Col span={4}><Card size="small"><Statistic title="已办结" value={total?.closed ?? 0} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="引导申请救助" value={total?.applied ?? 0} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="平均响应（小时）" value={total?.avg_hours ?? '—'} /></Card></Col>
      </Row>
      <Card size="small" extra={
        <Space>
          <Select style={{ width: 200 }} allowClear placeholder="全部规则" value={ruleCode} onChange={(v) => filter({ rule: v, page: undefined })}
            options={[...(rules.data?.items ?? []).map((r) => ({ value: r.code, label: r.name })), { value: 'outreach', label: '协理员主动发现' }]} />
          <Select style={{ width: 140 }} value={status} onChange={(v) => filter({ status: v, page: undefined })}
            options={[{ value: 'open', label: '待走访' }, { value: 'closed', label: '已办结' }, { value: 'all', label: '全部' }]} />
        </Space>
      }>
        <Table<AlertRow> rowKey="id" loading={loading} dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p) => filter({ page: String(p) }) }}
          columns={[
            { title: '风险分', dataIndex: 'score', width: 80, render: (s: number) => <Tag color={s >= 80 ? 'red' : 'orange'}>{s}</Tag> },
            { title: '对象', dataIndex: 'personName', render: (n: string, a) => (a.personId ? <Link to={`/persons/${a.personId}`}>{n}</Link> : n) },
            { title: '规则', dataIndex: 'ruleCode', render: (c: string) => (c === 'outreach' ? '协理员主动发现' : ruleName(c)) },
            { title: '信号', dataIndex: 'signals', render: (sig: AlertRow['signals']) => <Space direction="vertical" size={0}>{sig.map((s) => <span key={s.signal}><Tag>{signalLabel(s.signal)}</Tag><Typography.Text type="secondary">{s.detail}</Typography.Text></span>)}</Space> },
            { title: '区划', dataIndex: 'divisionCode' },
            { title: '发现时间', dataIndex: 'createdAt', render: fmt },
            { title: '状态', dataIndex: 'status', render: (s: string, a) => (s === 'open' ? <Tag color="processing">待走访</Tag> : <Tag color="green">{OUTCOME_LABELS[a.outcome ?? ''] ?? '已办结'}</Tag>) },
            { title: '操作', key: 'ops', render: (_: unknown, a) => (
              <Space>
                {a.status === 'open' && can.act && <Button size="small" type="primary" icon={<CheckCircleOutlined />} onClick={() => setClosing(a)}>办结</Button>}
                {a.instanceId && <Link to={`/cases/${a.instanceId}`}>办件</Link>}
              </Space>
            ) },
          ]} />
      </Card>
      <Card size="small" title="响应与结果统计" style={{ marginTop: 16 }}
        extra={<Segmented value={by} onChange={(v) => setBy(v as 'rule' | 'township')} options={[{ value: 'rule', label: '按规则' }, { value: 'township', label: '按乡镇（街道）' }]} />}>
        <StatisticsTable by={by} rows={stats.data?.items ?? []} totals={stats.data?.totals} loading={stats.loading} />
      </Card>
      <RulesCard rules={rules.data?.items ?? []} signalLabel={signalLabel} />
      <CloseModal alert={closing} onClose={() => setClosing(null)} onDone={() => { setClosing(null); setTick((t) => t + 1); }} />
    </PageContainer>
  );
}

function StatisticsTable({ by, rows, totals, loading }: { by: 'rule' | 'township'; rows: AlertStat[]; totals?: AlertStat; loading: boolean }) {
  const hours = (h: number | null) => h ?? '—';
  const figures: (keyof AlertStat)[] = ['open', 'waiting_over_week', 'closed', ...(Object.keys(OUTCOME_LABELS) as (keyof AlertStat)[]), 'avg_hours', 'median_hours'];
  return (
    <Table<AlertStat> size="small" rowKey={(r) => r.key ?? 'total'} loading={loading} dataSource={rows} scroll={{ x: 'max-content' }}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      columns={[
        { title: by === 'rule' ? '规则' : '乡镇（街道）', dataIndex: 'name', render: (n: string, r) => (by === 'township' ? <span>{n} <Typography.Text type="secondary">{r.key}</Typography.Text></span> : n) },
        { title: '待走访', dataIndex: 'open' },
        { title: '超一周未办结', dataIndex: 'waiting_over_week', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
        { title: '已办结', dataIndex: 'closed' },
        ...Object.entries(OUTCOME_LABELS).map(([k, v]) => ({ title: v, dataIndex: k })),
        { title: '平均响应（小时）', dataIndex: 'avg_hours', render: hours },
        { title: '响应中位数（小时）', dataIndex: 'median_hours', render: hours },
      ]}
      summary={() => totals && rows.length > 1 ? (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><b>合计</b></Table.Summary.Cell>
          {figures.map((f, i) => <Table.Summary.Cell key={f} index={i + 1}><b>{String(totals[f] ?? '—')}</b></Table.Summary.Cell>)}
        </Table.Summary.Row>
      ) : null} />
  );
}

function RulesCard({ rules, signalLabel }: { rules: Rule[]; signalLabel: (code: string) => string }) {
  return (
    <Card size="small" title="监测规则" style={{ marginTop: 16 }}>
      <Table<Rule> size="small" rowKey="code" pagination={false} dataSource={rules} scroll={{ x: 'max-content' }}
        columns={[
          { title: '规则', dataIndex: 'name', render: (n: string, r) => <Space>{n}{!r.enabled && <Tag>已停用</Tag>}</Space> },
          { title: '信号与权重', dataIndex: 'signals', render: (sig: Rule['signals']) => <Space wrap size={4}>{sig.map((s) => <Tag key={s.signal}>{signalLabel(s.signal)} {s.weight}</Tag>)}</Space> },
          { title: '预警分值', dataIndex: 'minScore', width: 90 },
          { title: '接收层级', dataIndex: 'recipientLevel', width: 100, render: (l: string) => (l === 'village' ? '村（社区）' : '乡镇（街道）') },
          { title: '来源', dataIndex: 'defaultVersion', width: 160, render: (v: number | null) => (v == null ? <Tag color="gold">已按本地调整</Tag> : <Tag color="blue">系统默认 · 第 {v} 版</Tag>) },
        ]} />
    </Card>
  );
}
