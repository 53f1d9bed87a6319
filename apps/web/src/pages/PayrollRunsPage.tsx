import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Modal, Progress, Result, Row, Space, Steps, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlayCircleOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { paymentsApi } from '../api/endpoints';
import type { PayrollJobProgress, PayrollRun } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { applyApiError } from '../components/form-errors';
import { yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';
import { CountySelect, PHASE_LABELS, RunStatusTag, useCounties } from '../components/PayrollBits';

const PHASES = ['compute', 'persist', 'diff'];

/** 生成名册: starts the background run and follows its progress over SSE (polling if the stream breaks). */
function GenerateModal({ open, defaults, onClose, onFinished }: { open: boolean; defaults: { month?: string; countyCode?: string }; onClose: () => void; onFinished: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ month: Dayjs; countyCode: string }>();
  const [progress, setProgress] = useState<PayrollJobProgress | null>(null);
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const stream = useRef<EventSource | null>(null);
  const poll = useRef<ReturnType<typeof setInterval> | null>(null);

  const stop = () => {
    stream.current?.close();
    stream.current = null;
    if (poll.current) clearInterval(poll.current);
    poll.current = null;
  };
  useEffect(() => stop, []);
  useEffect(() => {
    if (open) {
      setProgress(null);
      setRefusal(null);
      form.setFieldsValue({ month: defaults.month ? dayjs(`${defaults.month}-01`) : dayjs().startOf('month'), countyCode: defaults.countyCode });
    } else stop();
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  const onUpdate = (p: PayrollJobProgress) => {
    setProgress(p);
    if (p.status === 'succeeded' || p.status === 'failed') {
      stop();
      if (p.status === 'succeeded') onFinished();
    }
  };

  const follow = (jobId: number) => {
    const es = new EventSource(paymentsApi.jobEventsUrl(jobId), { withCredentials: true });
    stream.current = es;
    es.onmessage = (ev) => onUpdate(JSON.parse(ev.data) as PayrollJobProgress);
    es.onerror = () => {
      es.close();
      stream.current = null;
      if (poll.current) return;
      poll.current = setInterval(() => {
        paymentsApi.job(jobId).then(onUpdate).catch(() => undefined);
      }, 1000);
    };
  };

  const start = async () => {
    const v = await form.validateFields();
    setStarting(true);
    setRefusal(null);
    try {
      const { jobId } = await paymentsApi.start({ month: v.month.format('YYYY-MM'), countyCode: v.countyCode });
      setProgress({ jobId, status: 'queued', done: 0, total: 3, phase: 'queued' });
      follow(jobId);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.errors.length) applyApiError(form, e, message);
      else setRefusal(e);
    } finally {
      setStarting(false);
    }
  };

  const running = progress && (progress.status === 'queued' || progress.status === 'running');
  const pct = progress ? Math.round((progress.done / (progress.total || 3)) * 100) : 0;
  const runId = progress?.result?.runId;
  const errorText = progress?.error ? (typeof progress.error === 'string' ? progress.error : (progress.error as { message?: string }).message ?? JSON.stringify(progress.error)) : null;

  return (
    <Modal
      open={open}
      title="生成发放名册"
      onCancel={onClose}
      width={560}
      maskClosable={!running}
      footer={
        progress?.status === 'succeeded' ? (
          <Space>
            <Button onClick={onClose}>关闭</Button>
            {runId && <Button type="primary" onClick={() => navigate(`/payments/runs/${runId}`)}>查看名册</Button>}
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={!!running}>取消</Button>
            <Button type="primary" icon={<PlayCircleOutlined />} loading={starting || !!running} onClick={start}>
              {progress?.status === 'failed' ? '重新生成' : '开始生成'}
            </Button>
          </Space>
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="按当月有效的待遇和调整生成草稿名册；同一县同一月份的草稿可重新生成，签发后不可更改。"
      />
      {refusal && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={refusal.title} description={refusal.detail} />}
      <Form form={form} layout="vertical" disabled={!!running || progress?.status === 'succeeded'}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="month" label="发放月份" rules={[{ required: true, message: '请选择月份' }]}>
              <DatePicker picker="month" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="countyCode" label="县（区）" rules={[{ required: true, message: '请选择县（区）' }]}>
              <CountySelect />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {progress && (
        <div data-testid="payroll-progress">
          <Steps
            size="small"
            style={{ marginBottom: 12 }}
            current={progress.status === 'succeeded' ? 3 : Math.min(progress.done, 2)}
            status={progress.status === 'failed' ? 'error' : progress.status === 'succeeded' ? 'finish' : 'process'}
            items={PHASES.map((p) => ({ title: PHASE_LABELS[p] }))}
          />
          <Progress percent={pct} status={progress.status === 'failed' ? 'exception' : progress.status === 'succeeded' ? 'success' : 'active'} />
          <Typography.Text type="secondary">
            任务 #{progress.jobId} · {PHASE_LABELS[progress.phase] ?? progress.phase}
          </Typography.Text>
          {progress.status === 'failed' && <Alert type="error" showIcon style={{ marginTop: 12 }} title="生成失败" description={errorText} />}
          {progress.status === 'succeeded' && progress.result?.summary && (
            <Result
              status="success"
              style={{ padding: '16px 0 0' }}
              title={`名册已生成：${progress.result.summary.lines} 笔，合计 ${yuan(progress.result.summary.totalFen)} 元`}
              subTitle={`新增 ${progress.result.summary.counts.new} · 变更 ${progress.result.summary.counts.changed} · 停发 ${progress.result.summary.counts.stopped} · 暂停发放 ${progress.result.summary.counts.held}`}
            />
          )}
        </div>
      )}
    </Modal>
  );
}

export function PayrollRunsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const counties = useCounties();
  const countyName = (c: string) => counties.find((x) => x.value === c)?.label ?? c;
  const [sp, setSp] = useSearchParams();
  const query = useMemo(() => ({ month: sp.get('month') ?? undefined, countyCode: sp.get('countyCode') ?? undefined }), [sp]);
  const [form] = Form.useForm<{ month?: Dayjs; countyCode?: string }>();
  const [runs, setRuns] = useState<PayrollRun[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [generating, setGenerating] = useState(false);

  useEffect(() => {
    form.setFieldsValue({ month: query.month ? dayjs(`${query.month}-01`) : undefined, countyCode: query.countyCode });
  }, [query, form]);

  useEffect(() => {
    setLoading(true);
    setError(null);
    paymentsApi
      .runs(query)
      .then((r) => setRuns(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)))
      .finally(() => setLoading(false));
  }, [query, reload]);

  const search = (v: { month?: Dayjs; countyCode?: string }) => {
    const out: Record<string, string> = {};
    if (v.month) out.month = v.month.format('YYYY-MM');
    if (v.countyCode) out.countyCode = v.countyCode;
    setSp(out);
  };

  const columns: TableProps<PayrollRun>['columns'] = [
    { title: '发放月份', dataIndex: 'month', width: 100, render: (m: string, r) => <Link to={`/payments/runs/${r.id}`}>{m}</Link> },
    { title: '县（区）', dataIndex: 'countyCode', width: 120, render: countyName },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string) => <RunStatusTag status={s} /> },
    { title: '版次', dataIndex: 'revision', width: 60, align: 'right', render: (v: number) => `第${v}版` },
    { title: '笔数', dataIndex: 'lines', width: 80, align: 'right', render: (v: number) => <span className="mz-num">{v.toLocaleString()}</span> },
    { title: '金额合计（元）', dataIndex: 'totalFen', width: 140, align: 'right', render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
    { title: '新增', key: 'new', width: 64, align: 'right', render: (_: unknown, r) => <span style={{ color: '#389e0d' }}>{r.summary?.counts?.new ?? 0}</span> },
    { title: '变更', key: 'changed', width: 64, align: 'right', render: (_: unknown, r) => <span style={{ color: '#d46b08' }}>{r.summary?.counts?.changed ?? 0}</span> },
    { title: '停发', key: 'stopped', width: 64, align: 'right', render: (_: unknown, r) => <span style={{ color: '#cf1322' }}>{r.summary?.counts?.stopped ?? 0}</span> },
    { title: '生成时间', dataIndex: 'ranAt', width: 140, render: (v: string) => <span className="mz-mono">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> },
    { title: '签发时间', dataIndex: 'signedAt', width: 140, render: (v: string | null) => (v ? <span className="mz-mono">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> : '—') },
    { title: '操作', key: 'op', width: 70, fixed: 'right', render: (_: unknown, r) => <Link to={`/payments/runs/${r.id}`}>查看</Link> },
  ];

  return (
    <PageContainer
      title="发放名册"
      subTitle="按县（区）、按月生成救助金发放名册；签发后生成银行代发文件"
      crumbs={[{ title: '资金发放' }, { title: '发放名册' }]}
    >
      <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4, paddingTop: 16 } }}>
        <Form form={form} onFinish={search} className="mz-filter" labelCol={{ flex: '72px' }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="month" label="发放月份">
                <DatePicker picker="month" style={{ width: '100%' }} allowClear />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="countyCode" label="县（区）">
                <CountySelect allowClear placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8} style={{ textAlign: 'right' }}>
              <Space>
                <Button onClick={() => { form.resetFields(); setSp({}); }}>重置</Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card
        size="small"
        title={<Space>名册列表{runs && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>共 {runs.length} 份</Typography.Text>}</Space>}
        extra={
          <Space>
            {can.runPayments && (
              <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setGenerating(true)}>生成名册</Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} aria-label="刷新" />
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<PayrollRun>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={runs ?? []}
          scroll={{ x: 1200 }}
          locale={{ emptyText: '暂无发放名册' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 份` }}
        />
      </Card>
      <GenerateModal
        open={generating}
        defaults={{ month: query.month, countyCode: query.countyCode ?? (counties.length === 1 ? counties[0].value : undefined) }}
        onClose={() => setGenerating(false)}
        onFinished={() => {
          message.success('发放名册已生成');
          setReload((n) => n + 1);
        }}
      />
    </PageContainer>
  );
}
