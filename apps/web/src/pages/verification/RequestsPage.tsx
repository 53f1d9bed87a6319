import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { verificationApi, verificationAbilities, type RequestSummary } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { useLoaded } from '../../hooks/useLoaded';
import { applyApiError } from '../../components/form-errors';
import { PageContainer } from '../../components/PageContainer';

const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');

export function RequestsPage() {
  const { user } = useAuth();
  const can = verificationAbilities(user?.role);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{ applicationId: number; purpose: string }>();
  const [sending, setSending] = useState(false);
  const page = Number(params.get('page') ?? 1);
  const status = params.get('status') ?? undefined;
  const { data, loading } = useLoaded((s) => verificationApi.requests({ status, page, pageSize: 20 }, s), [page, status]);

  const submit = async (v: { applicationId: number; purpose: string }) => {
    setSending(true);
    try {
      const r = await verificationApi.request(v.applicationId, v.purpose);
      message.success(`已发起核对，报告编号 ${r.reportNo}，各部门正在应答`);
      navigate(`/verification/requests/${r.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_MISSING') {
        modal.error({ title: '缺少核对授权书，不能发起核对', content: <ul>{e.errors.map((x) => <li key={x.field}>{x.message}</li>)}</ul> });
      } else if (e instanceof ApiError) applyApiError(form, e, message);
      else message.error(String(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <PageContainer title="家庭经济状况核对" subTitle="向十类部门发起核对，查看核对报告与差异" crumbs={[{ title: '核对与监测' }, { title: '核对报告' }]}>
      {can.request && (
        <Card title="发起核对" size="small" style={{ marginBottom: 16 }}>
          <Form form={form} layout="inline" onFinish={submit} initialValues={{ applicationId: Number(params.get('applicationId')) || undefined, purpose: '最低生活保障申请家庭经济状况核对' }}>
            <Form.Item name="applicationId" label="申请编号" rules={[{ required: true, message: '请填写申请编号' }]}><InputNumber min={1} style={{ width: 140 }} /></Form.Item>
            <Form.Item name="purpose" label="核对事由" rules={[{ required: true }]}><Input style={{ width: 320 }} /></Form.Item>
            <Form.Item><Button type="primary" htmlType="submit" loading={sending} icon={<FileSearchOutlined />}>发起核对</Button></Form.Item>
          </Form>
        </Card>
      )}
      <Card title="核对记录" size="small" extra={
        <Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={(v) => setParams(v ? { status: v } : {})}
          options={[{ value: 'pending', label: '部门应答中' }, { value: 'complete', label: '已出具报告' }]} />
      }>
        <Table<RequestSummary> rowKey="id" loading={loading} dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: (p) => setParams({ ...(status ? { status } : {}), page: String(p) }) }}
          columns={[
            { title: '报告编号', dataIndex: 'reportNo', render: (n: string, r) => <Link to={`/verification/requests/${r.id}`}>{n}</Link> },
            { title: '申请', dataIndex: 'subjectId', render: (id: string) => <Link to={`/assistance/applications/${id}`}>申请 {id}</Link> },
            { title: '区划', dataIndex: 'divisionCode' },
            { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'complete' ? <Tag color="green">已出具</Tag> : <Tag color="processing">应答中</Tag>) },
            { title: '差异', dataIndex: 'discrepancies', render: (n: number, r) => (r.status !== 'complete' ? '—' : n ? <Tag color="orange">{n} 项</Tag> : <Tag>无</Tag>) },
            { title: '发起人', dataIndex: 'requestedByName' },
            { title: '发起时间', dataIndex: 'requestedAt', render: fmt },
            { title: '有效期至', dataIndex: 'validUntil', render: (d: string | null) => d ?? '—' },
          ]} />
      </Card>
    </PageContainer>
  );
}
