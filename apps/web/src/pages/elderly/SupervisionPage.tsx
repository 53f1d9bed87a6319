import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { elderlyOps, type SupervisionTask } from '../../api/elderly';

/** 监管任务: what the monthly double-listing check and the licence warnings raised. */
export function SupervisionPage() {
  const [status, setStatus] = useState<string | undefined>('open');
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.tasks({ status }, s), [status, version]);
  const { message } = App.useApp();
  const [resolving, setResolving] = useState<SupervisionTask | null>(null);
  const [resolution, setResolution] = useState('');

  const run = async () => {
    try {
      const r = await elderlyOps.runCheck();
      message.success(`${r.month} 核查完成，新生成任务 ${r.raised} 条`);
      setVersion((v) => v + 1);
    } catch (e) { message.error(e instanceof ApiError ? e.title : String(e)); }
  };
  const resolve = async () => {
    try {
      await elderlyOps.resolveTask(resolving!.id, resolution);
      setResolving(null); setResolution(''); setVersion((v) => v + 1);
    } catch (e) { message.error(e instanceof ApiError ? e.title : String(e)); }
  };
  return (
    <PageContainer title="养老监管" subTitle="每月重复享受核查：同时入住两家机构、机构入住仍领居家补贴；许可到期预警"
      crumbs={[{ title: '养老服务' }, { title: '养老监管' }]} extra={<Button type="primary" onClick={run}>立即核查本月</Button>}>
      <Space style={{ marginBottom: 16 }}>
        <Select style={{ width: 140 }} allowClear value={status} onChange={setStatus} options={[{ value: 'open', label: '待办' }, { value: 'resolved', label: '已办结' }]} />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<SupervisionTask> rowKey="id" size="small" loading={loading} dataSource={data ?? []} columns={[
        { title: '月份', dataIndex: 'month' },
        { title: '类型', dataIndex: 'kindLabel', render: (k: string) => <Tag color="volcano">{k}</Tag> },
        { title: '区划', dataIndex: 'divisionCode' },
        { title: '对象', key: 's', render: (_, r) => (r.personId ? <Link to={`/elderly/persons/${r.personId}`}>老人档案</Link> : String((r.details as { name?: string }).name ?? '')) },
        { title: '详情', dataIndex: 'details', render: (d: Record<string, unknown>) => <span style={{ fontSize: 12 }}>{JSON.stringify(d)}</span> },
        { title: '状态', dataIndex: 'status', render: (s: string, r) => (s === 'open' ? <a onClick={() => setResolving(r)}>办结</a> : r.resolution) },
      ]} />
      <Modal open={!!resolving} title="办结监管任务" onOk={resolve} onCancel={() => setResolving(null)} okButtonProps={{ disabled: !resolution.trim() }}>
        <Input.TextArea rows={3} value={resolution} onChange={(e) => setResolution(e.target.value)} placeholder="核查结果与处理情况" />
      </Modal>
    </PageContainer>
  );
}
