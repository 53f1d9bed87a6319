import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, RadarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { verificationApi, verificationAbilities, OUTCOME_LABELS, RULE_LABELS, type Alert as AlertRow } from '../../api/verification';
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
  const [tick, setTick] = useState(0);
  const [closing, setClosing] = useState<AlertRow | null>(null);
  const { data, loading } = useLoaded((s) => verificationApi.alerts({ status: status === 'all' ? undefined : status, page, pageSize: 20 }, s), [status, page, tick]);
  const stats = useLoaded((s) => verificationApi.statistics(s), [tick]);
  const rules = useLoaded((s) => verificationApi.rules(s), []);
  const signalLabel = (code: string) => rules.data?.signals[code]?.label ?? (code === 'outreach' ? '协理员主动发现' : code);
  const total = (stats.data?.items ?? []).reduce((a, s) => ({ open: a.open + s.open, closed: a.closed + s.closed, applied: a.applied + s.applied }), { open: 0, closed: 0, applied: 0 });
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
        <Col span={6}><Card size="small"><Statistic title="待走访" value={total.open} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="已办结" value={total.closed} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="引导申请救助" value={total.applied} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="平均响应（小时）" value={stats.data?.items.find((s) => s.avg_hours != null)?.avg_hours ?? '—'} /></Card></Col>
      </Row>
      <Card size="small" extra={
        <Select style={{ width: 140 }} value={status} onChange={(v) => setParams({ status: v })}
          options={[{ value: 'open', label: '待走访' }, { value: 'closed', label: '已办结' }, { value: 'all', label: '全部' }]} />
      }>
        <Table<AlertRow> rowKey="id" loading={loading} dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: (p) => setParams({ status, page: String(p) }) }}
          columns={[
            { title: '风险分', dataIndex: 'score', width: 80, render: (s: number) => <Tag color={s >= 80 ? 'red' : 'orange'}>{s}</Tag> },
            { title: '对象', dataIndex: 'personName', render: (n: string, a) => (a.personId ? <Link to={`/persons/${a.personId}`}>{n}</Link> : n) },
            { title: '规则', dataIndex: 'ruleCode', render: (c: string) => RULE_LABELS[c] ?? c },
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
      <Card size="small" title="响应与结果统计" style={{ marginTop: 16 }}>
        <Table size="small" rowKey="rule_code" pagination={false} dataSource={stats.data?.items ?? []}
          columns={[
            { title: '规则', dataIndex: 'rule_code', render: (c: string) => RULE_LABELS[c] ?? c },
            { title: '待走访', dataIndex: 'open' }, { title: '已办结', dataIndex: 'closed' },
            ...Object.entries(OUTCOME_LABELS).map(([k, v]) => ({ title: v, dataIndex: k })),
            { title: '平均响应（小时）', dataIndex: 'avg_hours', render: (h: number | null) => h ?? '—' },
            { title: '响应中位数（小时）', dataIndex: 'median_hours', render: (h: number | null) => h ?? '—' },
          ]} />
      </Card>
      <CloseModal alert={closing} onClose={() => setClosing(null)} onDone={() => { setClosing(null); setTick((t) => t + 1); }} />
    </PageContainer>
  );
}
