import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../components/form-errors';
import { elderlyOps, LICENCE_WARNINGS, type Inspection, type Institution, type SupervisionTask } from '../../api/elderly';
import { HazardsTable } from './institutions/HazardsTable';
import { ComplaintsTab } from './institutions/ComplaintsTab';

const TASK_KINDS: Record<string, string> = { two_institutions: '同时入住两家机构', resident_home_subsidy: '入住机构仍领居家补贴', licence_expiry: '许可到期' };

/** What a task found, in words. */
function details(t: SupervisionTask): string {
  const d = t.details as { stays?: { name: string; admittedOn: string }[]; institution?: string; payments?: { programme: string; monthlyAmountFen: number }[]; name?: string; expiresOn?: string | null };
  if (t.kind === 'two_institutions') return (d.stays ?? []).map((s) => `${s.name}（${s.admittedOn} 入住）`).join('；');
  if (t.kind === 'resident_home_subsidy') return `入住 ${d.institution ?? ''}，仍在发放：${(d.payments ?? []).map((p) => `${p.programme} ${(p.monthlyAmountFen / 100).toFixed(2)} 元/月`).join('、')}`;
  if (t.kind === 'licence_expiry') return `${d.name ?? ''}：${d.expiresOn ? `许可有效期至 ${d.expiresOn}` : '未登记许可有效期'}`;
  return JSON.stringify(d);
}

function TasksTab() {
  const [q, setQ] = useState<{ status?: string; kind?: string }>({ status: 'open' });
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.tasks(q, s), [q.status, q.kind, version]);
  const { message } = App.useApp();
  const [resolving, setResolving] = useState<SupervisionTask | null>(null);
  const [form] = Form.useForm();
  const run = async () => {
    try {
      const r = await elderlyOps.runCheck();
      message.success(`${r.month} 核查完成，新生成任务 ${r.raised} 条`);
      setVersion((v) => v + 1);
    } catch (e) { message.error(e instanceof ApiError ? e.title : String(e)); }
  };
  const resolve = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !resolving) return;
    try {
      await elderlyOps.resolveTask(resolving.id, v.resolution.trim());
      setResolving(null); setVersion((x) => x + 1);
    } catch (e) { if (e instanceof ApiError) applyApiError(form, e, message); else throw e; }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select style={{ width: 120 }} allowClear placeholder="状态" value={q.status} onChange={(status) => setQ((x) => ({ ...x, status }))} options={[{ value: 'open', label: '待办' }, { value: 'resolved', label: '已办结' }]} />
        <Select style={{ width: 200 }} allowClear placeholder="类型" value={q.kind} onChange={(kind) => setQ((x) => ({ ...x, kind }))} options={Object.entries(TASK_KINDS).map(([value, label]) => ({ value, label }))} />
        <Button type="primary" onClick={run}>立即核查本月</Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<SupervisionTask> rowKey="id" size="small" loading={loading} dataSource={data ?? []} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }} columns={[
        { title: '月份', dataIndex: 'month', width: 90 },
        { title: '类型', dataIndex: 'kindLabel', render: (k: string) => <Tag color="volcano">{k}</Tag> },
        { title: '区划', dataIndex: 'divisionCode', width: 130 },
        { title: '对象', key: 's', render: (_, r) => (r.personId ? <Link to={`/elderly/persons/${r.personId}`}>老人档案</Link> : r.institutionId ? <Link to={`/elderly/institutions/${r.institutionId}`}>机构</Link> : '') },
        { title: '情况', key: 'details', render: (_, r) => <span style={{ fontSize: 12 }}>{details(r)}</span> },
        { title: '处理', dataIndex: 'status', render: (s: string, r) => (s === 'open' ? <a onClick={() => { form.resetFields(); setResolving(r); }}>办结</a> : r.resolution) },
      ]} />
      <Modal open={!!resolving} title="办结监管任务" onOk={resolve} onCancel={() => setResolving(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="resolution" label="核查结果与处理情况" rules={[{ required: true, whitespace: true, message: '请填写核查结果与处理情况' }, { max: 1000 }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function LicencesTab() {
  const { data, loading, error } = useLoaded((s) => elderlyOps.institutions(s, { warning: 'any' }), []);
  return (
    <>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Institution> rowKey="id" size="small" loading={loading} dataSource={[...(data ?? [])].sort((a, b) => (a.licenceExpiresOn ?? '').localeCompare(b.licenceExpiresOn ?? ''))}
        pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 家` }} columns={[
          { title: '机构', dataIndex: 'name', render: (n: string, r) => <Link to={`/elderly/institutions/${r.id}`}>{n}</Link> },
          { title: '区划', dataIndex: 'divisionName' },
          { title: '许可/备案号', dataIndex: 'licenceNo', render: (n: string | null) => n ?? '—' },
          { title: '有效期至', dataIndex: 'licenceExpiresOn', render: (d: string | null) => d ?? '—' },
          { title: '预警', dataIndex: 'licenceWarning', render: (w: string) => <Tag color={LICENCE_WARNINGS[w]?.[1]}>{LICENCE_WARNINGS[w]?.[0]}</Tag> },
        ]} />
    </>
  );
}

function InspectionsList() {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, loading, error } = useLoaded((s) => elderlyOps.inspections(page, s), [page]);
  return (
    <>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Inspection> rowKey="id" size="small" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 次`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }} columns={[
          { title: '检查日期', dataIndex: 'inspectedOn' },
          { title: '机构', dataIndex: 'institution', render: (n: string, r) => <Link to={`/elderly/institutions/${r.institutionId}`}>{n}</Link> },
          { title: '检查人员', dataIndex: 'inspectors', render: (xs: { name: string }[]) => xs.map((x) => x.name).join('、') },
          { title: '得分', dataIndex: 'score', render: (s: number) => <Tag color={s >= 90 ? 'success' : s >= 60 ? 'warning' : 'error'}>{s}</Tag> },
          { title: '发现隐患', dataIndex: 'hazardsFound' }, { title: '复查关闭', dataIndex: 'hazardsClosed' },
        ]} />
    </>
  );
}

/** 养老监管: the monthly double-listing tasks, licence warnings, inspections, hazards and complaints across the jurisdiction. */
export function SupervisionPage() {
  return (
    <PageContainer title="养老监管" subTitle="每月重复享受核查（同时入住两家机构、机构入住仍领居家补贴）、许可到期预警、监督检查、隐患整改、投诉"
      crumbs={[{ title: '养老服务' }, { title: '养老监管' }]}>
      <Card size="small">
        <Tabs items={[
          { key: 'tasks', label: '监管任务', children: <TasksTab /> },
          { key: 'licences', label: '许可到期预警', children: <LicencesTab /> },
          { key: 'inspections', label: '监督检查', children: <InspectionsList /> },
          { key: 'hazards', label: '安全隐患', children: <HazardsTable /> },
          { key: 'complaints', label: '投诉', children: <ComplaintsTab /> },
        ]} />
      </Card>
    </PageContainer>
  );
}
