import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Drawer, Form, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { verificationApi, verificationAbilities, CHANGE_LABELS, type BatchRun, type Change, type JobProgress } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { useLoaded } from '../../hooks/useLoaded';
import { DivisionSelect } from '../../components/DivisionSelect';
import { PageContainer } from '../../components/PageContainer';

const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');
const STATUS: Record<string, { label: string; color: string }> = { queued: { label: '排队中', color: 'default' }, running: { label: '进行中', color: 'processing' }, succeeded: { label: '已完成', color: 'green' }, failed: { label: '失败', color: 'red' } };

function RunDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const [tick, setTick] = useState(0);
  const { data } = useLoaded((s) => (id ? verificationApi.batch(id, s) : Promise.resolve(null)), [id, tick]);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const es = useRef<EventSource | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!id) return;
    const src = new EventSource(verificationApi.batchEventsUrl(id), { withCredentials: true });
    es.current = src;
    src.onmessage = (ev) => {
      const p = JSON.parse(ev.data) as JobProgress;
      setProgress(p);
      if (p.status === 'succeeded' || p.status === 'failed') { src.close(); setTick((t) => t + 1); }
    };
    src.onerror = () => src.close();
    return () => src.close();
  }, [id]);
  const p = progress ?? data?.progress ?? null;
  const pct = p?.total ? Math.round((p.done / p.total) * 100) : p?.status === 'succeeded' ? 100 : 0;
  return (
    <Drawer open={!!id} width={900} title={`批量复核 #${id ?? ''}`} onClose={onClose}>
      {data && (
        <>
          <Space size={24} wrap style={{ marginBottom: 16 }}>
            <span>范围 {data.run.divisionCode}</span><span>对象 {data.run.subjects} 人</span>
            <span>重要变化 <b>{data.run.changesFound}</b> 项</span><span>新开复核任务 <b>{data.run.tasksOpened}</b> 件</span>
            <Tag color={STATUS[data.run.status]?.color}>{STATUS[data.run.status]?.label ?? data.run.status}</Tag>
          </Space>
          <Progress percent={pct} status={p?.status === 'failed' ? 'exception' : p?.status === 'succeeded' ? 'success' : 'active'} />
          {data.run.error && <Typography.Text type="danger">{data.run.error}</Typography.Text>}
          <Table<Change> size="small" rowKey="id" dataSource={data.changes} style={{ marginTop: 16 }} pagination={{ pageSize: 20 }}
            columns={[
              { title: '变化', dataIndex: 'kind', render: (k: string) => <Tag color={k === 'death' ? 'red' : 'orange'}>{CHANGE_LABELS[k] ?? k}</Tag> },
              { title: '说明', dataIndex: 'detail' },
              { title: '区划', dataIndex: 'divisionCode' },
              { title: '复核任务', dataIndex: 'taskInstanceId', render: (t: number | null, c) => (t ? <Space><Link to={`/cases/${t}`}>办件 {t}</Link>{c.coveredByExisting && <Tag>已有任务涵盖</Tag>}</Space> : '—') },
            ]} />
        </>
      )}
    </Drawer>
  );
}

export function BatchesPage() {
  const { user } = useAuth();
  const can = verificationAbilities(user?.role);
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1);
  const open = params.get('run') ? Number(params.get('run')) : null;
  const [tick, setTick] = useState(0);
  const { data, loading } = useLoaded((s) => verificationApi.batches(page, s), [page, tick]);
  const sources = useLoaded((s) => verificationApi.sources(s), []);
  const [form] = Form.useForm<{ divisionCode: string; sourceCodes?: string[] }>();

  const start = async (v: { divisionCode: string; sourceCodes?: string[] }) => {
    try {
      const r = await verificationApi.startBatch({ divisionCode: v.divisionCode, sourceCodes: v.sourceCodes?.length ? v.sourceCodes : undefined });
      message.success('批量复核已开始');
      setTick((t) => t + 1);
      setParams({ run: String(r.id) });
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    }
  };

  return (
    <PageContainer title="批量复核" subTitle="每月自动对在保对象批量核对；发现死亡、新增车辆、新办企业、收入超标准、新增房产即生成复核任务"
      crumbs={[{ title: '核对与监测' }, { title: '批量复核' }]} extra={<Button icon={<ReloadOutlined />} onClick={() => setTick((t) => t + 1)}>刷新</Button>}>
      {can.batch && (
        <Card size="small" title="立即发起" style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" onFinish={start} initialValues={{ divisionCode: user?.divisionCode }}>
            <Form.Item name="divisionCode" label="范围" rules={[{ required: true, message: '请选择范围' }]}><DivisionSelect style={{ width: 240 }} rootCode={user?.divisionCode} /></Form.Item>
            <Form.Item name="sourceCodes" label="数据来源"><Select mode="multiple" allowClear placeholder="全部来源" style={{ width: 360 }} options={(sources.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))} /></Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />}>开始批量复核</Button></Form.Item>
          </Form>
        </Card>
      )}
      <Card size="small">
        <Table<BatchRun> rowKey="id" loading={loading} dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: (p) => setParams({ page: String(p) }) }}
          columns={[
            { title: '编号', dataIndex: 'id', render: (id: number) => <Typography.Link onClick={() => setParams({ page: String(page), run: String(id) })}>#{id}</Typography.Link> },
            { title: '范围', dataIndex: 'divisionCode' },
            { title: '方式', dataIndex: 'trigger', render: (t: string) => (t === 'scheduled' ? '每月自动' : '手动发起') },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag> },
            { title: '对象（人）', dataIndex: 'subjects', align: 'right' },
            { title: '重要变化', dataIndex: 'changesFound', align: 'right' },
            { title: '新开任务', dataIndex: 'tasksOpened', align: 'right' },
            { title: '发起人', dataIndex: 'startedBy' },
            { title: '开始', dataIndex: 'createdAt', render: fmt },
            { title: '完成', dataIndex: 'finishedAt', render: fmt },
          ]} />
      </Card>
      <RunDrawer id={open} onClose={() => setParams({ page: String(page) })} />
    </PageContainer>
  );
}
