import { useState } from 'react';
import { Alert, Button, Space, Table, Tag } from 'antd';
import { elderlyOps, type Inspection } from '../../../api/elderly';
import { useLoaded } from '../../../hooks/useLoaded';
import { InspectionModal } from './InspectionModal';

/** 监督检查记录 of one institution, newest first, paged on the server. */
export function InspectionsTab({ institutionId }: { institutionId: number }) {
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState(false);
  const { data, loading, error } = useLoaded((s) => elderlyOps.inspections({ institutionId, ...page }, s), [institutionId, page, version]);
  const { data: labels } = useLoaded((s) => elderlyOps.checklist(s), []);
  return (
    <>
      <Space style={{ marginBottom: 12 }}><Button type="primary" onClick={() => setOpen(true)}>登记监督检查</Button></Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Inspection> rowKey="id" size="small" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 次`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        expandable={{ expandedRowRender: (r) => (
          <ul style={{ margin: 0 }}>{r.checklist.map((c) => <li key={c.code}>{c.passed ? <Tag color="success">符合</Tag> : <Tag color="error">不符合</Tag>}{labels?.[c.code] ?? c.code}{c.note ? `：${c.note}` : ''}</li>)}</ul>) }}
        columns={[
          { title: '检查日期', dataIndex: 'inspectedOn' },
          { title: '检查人员', dataIndex: 'inspectors', render: (xs: { name: string }[]) => xs.map((x) => x.name).join('、') },
          { title: '得分', dataIndex: 'score', render: (s: number) => <Tag color={s >= 90 ? 'success' : s >= 60 ? 'warning' : 'error'}>{s}</Tag> },
          { title: '不符合项', key: 'failed', render: (_, r) => r.checklist.filter((c) => !c.passed).length },
          { title: '发现隐患', dataIndex: 'hazardsFound' },
          { title: '复查关闭隐患', dataIndex: 'hazardsClosed' },
        ]} />
      <InspectionModal open={open} institutionId={institutionId} onClose={() => setOpen(false)} onSaved={() => { setOpen(false); setVersion((v) => v + 1); }} />
    </>
  );
}
