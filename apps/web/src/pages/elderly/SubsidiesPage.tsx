import { useState } from 'react';
import { Alert, App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { elderlyApi, PROPOSAL_STATUS, type Proposal } from '../../api/elderly';
import { formatFen } from './format';

const PROGRAMMES: Record<string, string> = { elderly_longevity: '高龄津贴', elderly_service: '经济困难老年人服务补贴', elderly_care: '经济困难失能老年人护理补贴' };
const STATUS_COLORS: Record<string, string> = { proposed: 'processing', confirmed: 'success', rejected: 'default', stopped: 'warning' };

/** 补贴建议（免申即享）: who the rules found, each confirmed through its case. */
export function SubsidiesPage() {
  const [status, setStatus] = useState<string | undefined>('proposed');
  const [programme, setProgramme] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyApi.proposals({ status, programme, ...page }, s), [status, programme, page, version]);
  const { message } = App.useApp();
  const { user } = useAuth();
  const [running, setRunning] = useState(false);

  const reconcile = async () => {
    setRunning(true);
    try {
      const r = await elderlyApi.reconcile();
      message.success(`已核查 ${r.examined} 位老人：新建议 ${r.proposed} 条，调整 ${r.updated} 条，停发 ${r.stopped} 条，撤回 ${r.withdrawn} 条`);
      setVersion((v) => v + 1);
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <PageContainer title="老年人补贴" subTitle="免申即享：按户籍、能力评估和救助状态主动发现，逐一核实确认后发放"
      crumbs={[{ title: '养老服务' }, { title: '老年人补贴' }]}
      extra={user && ['city_admin', 'county_approver', 'township_caseworker'].includes(user.role)
        ? <Button type="primary" loading={running} onClick={reconcile}>主动发现符合条件的老人</Button> : undefined}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space>
          <Select style={{ width: 160 }} allowClear placeholder="状态" value={status} onChange={(v) => { setStatus(v); setPage((p) => ({ ...p, page: 1 })); }}
            options={Object.entries(PROPOSAL_STATUS).map(([value, label]) => ({ value, label }))} />
          <Select style={{ width: 240 }} allowClear placeholder="补贴项目" value={programme} onChange={(v) => { setProgramme(v); setPage((p) => ({ ...p, page: 1 })); }}
            options={Object.entries(PROGRAMMES).map(([value, label]) => ({ value, label }))} />
        </Space>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Proposal> rowKey="id" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '老人', dataIndex: 'name', render: (n: string, r) => <Link to={`/elderly/persons/${r.personId}`}>{n}</Link> },
          { title: '区划', dataIndex: 'divisionCode' },
          { title: '补贴项目', dataIndex: 'programmeName' },
          { title: '月标准', dataIndex: 'monthlyAmountFen', render: formatFen },
          { title: '依据', key: 'why', render: (_, r) => r.stopReason ?? r.decisionReason ?? r.explanation.reasons.join('；') },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLORS[s]}>{PROPOSAL_STATUS[s] ?? s}</Tag> },
          { title: '操作', key: 'op', render: (_, r) => (r.instanceId ? <Link to={`/cases/${r.instanceId}`}>{r.status === 'proposed' ? '核实确认' : '办件'}</Link> : '—') },
        ]} />
    </PageContainer>
  );
}
