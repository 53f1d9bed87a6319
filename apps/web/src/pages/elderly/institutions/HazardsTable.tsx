import { useState } from 'react';
import { Alert, Radio, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { elderlyOps, type Hazard } from '../../../api/elderly';
import { useLoaded } from '../../../hooks/useLoaded';

/** 安全隐患 with their rectification deadline; an open one is closed only by a re-inspection. */
export function HazardsTable({ query = {} }: { query?: { institutionId?: number } }) {
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const { data, loading, error } = useLoaded((s) => elderlyOps.hazards({ ...query, status: status === 'all' ? undefined : status }, s), [query.institutionId, status]);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group optionType="button" value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: 'open', label: '未整改' }, { value: 'closed', label: '已复查关闭' }, { value: 'all', label: '全部' }]} />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Hazard> rowKey="id" size="small" loading={loading} dataSource={data ?? []} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 项` }} columns={[
        ...(query.institutionId ? [] : [{ title: '机构', dataIndex: 'institution', render: (n: string, r: Hazard) => <Link to={`/elderly/institutions/${r.institutionId}`}>{n}</Link> }]),
        { title: '隐患', dataIndex: 'description' },
        { title: '整改期限', dataIndex: 'deadline', render: (d: string, r) => <>{d}{r.overdue && <Tag color="error" style={{ marginLeft: 4 }}>已逾期</Tag>}</> },
        { title: '状态', dataIndex: 'status', render: (s: string, r) => (s === 'open' ? <Tag color="warning">待复查</Tag> : <Tag color="success">{r.closedOn} 复查关闭</Tag>) },
      ]} />
    </>
  );
}
