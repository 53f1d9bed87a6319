import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Empty, Grid, Pagination, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useLoaded } from '../hooks/useLoaded';
import { inboxApi } from '../api/endpoints';
import type { InboxItem, InboxSummary } from '../api/types';
import { CaseStateTag, DaysLeft } from '../components/CaseBits';
import { PageContainer } from '../components/PageContainer';

/** At phone width each case is a card: what it is, its step, its deadline, and a tap opens it. */
function InboxCards({ items, loading }: { items: InboxItem[] | undefined; loading: boolean }) {
  if (!items) return loading ? <Skeleton active paragraph={{ rows: 6 }} /> : null;
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办事项" />;
  return (
    <div data-testid="inbox-cards">
      {items.map((r) => (
        <Link key={r.instanceId} to={`/cases/${r.instanceId}`} className={`mz-inbox-item${r.overdue ? ' mz-overdue' : ''}`}>
          <div className="mz-inbox-title">{r.title || `${r.workflowLabel} #${r.instanceId}`}</div>
          <div className="mz-inbox-meta">
            <span>{r.workflowLabel}</span>
            <CaseStateTag label={r.stateLabel} overdue={r.overdue} />
            {r.extended && <Tag color="orange">已延长</Tag>}
          </div>
          <div className="mz-inbox-meta">
            <span>期限 <span className="mz-mono" style={{ color: r.overdue ? '#cf1322' : undefined }}>{r.dueAt ?? '—'}</span></span>
            <DaysLeft days={r.daysLeft} overdue={r.overdue} beyond={r.beyondKnownSchedule} />
          </div>
          {r.actions.length > 0 && <div className="mz-inbox-meta">可办理：{r.actions.map((x) => x.label).join('、')}</div>}
        </Link>
      ))}
    </div>
  );
}

type Status = 'all' | 'due' | 'overdue';

export function InboxPage() {
  const [sp, setSp] = useSearchParams();
  const status = (['all', 'due', 'overdue'].includes(sp.get('status') ?? '') ? sp.get('status') : 'all') as Status;
  const page = Number(sp.get('page') ?? 1) || 1;
  const pageSize = Number(sp.get('pageSize') ?? 20) || 20;
  const query = useMemo(() => ({ status, page, pageSize }), [status, page, pageSize]);
  const [summary, setSummary] = useState<InboxSummary | null>(null);
  const [reload, setReload] = useState(0);
  const narrow = Grid.useBreakpoint().md === false;

  const { data, loading, error } = useLoaded((signal) => inboxApi.list(query, signal), [query, reload]);
  useEffect(() => {
    inboxApi.summary().then(setSummary).catch(() => undefined);
  }, [query, reload]);

  const write = (next: { status?: Status; page?: number; pageSize?: number }) => {
    const q = { status, page, pageSize, ...next };
    const out: Record<string, string> = {};
    if (q.status !== 'all') out.status = q.status;
    if (q.page !== 1) out.page = String(q.page);
    if (q.pageSize !== 20) out.pageSize = String(q.pageSize);
    setSp(out);
  };

  const columns: TableProps<InboxItem>['columns'] = [
    {
      title: '办件',
      dataIndex: 'title',
      width: 260,
      ellipsis: true,
      render: (t: string | null, r) => (
        <Space size={6}>
          <Link to={`/cases/${r.instanceId}`}>{t || `${r.workflowLabel} #${r.instanceId}`}</Link>
          {r.extended && <Tag color="orange">已延长</Tag>}
        </Space>
      ),
    },
    { title: '事项', dataIndex: 'workflowLabel', width: 110, ellipsis: true },
    { title: '当前环节', dataIndex: 'stateLabel', width: 150, render: (l: string, r) => <CaseStateTag label={l} overdue={r.overdue} /> },
    {
      title: '可办理',
      dataIndex: 'actions',
      ellipsis: true,
      render: (a: InboxItem['actions']) => a.map((x) => x.label).join('、') || '—',
    },
    {
      title: '办理期限',
      dataIndex: 'dueAt',
      width: 120,
      render: (d: string | null, r) => (
        <span style={{ color: r.overdue ? '#cf1322' : undefined }} className="mz-mono">{d ?? '—'}</span>
      ),
    },
    {
      title: '剩余工作日',
      dataIndex: 'daysLeft',
      width: 170,
      render: (d: number | null, r) => <DaysLeft days={d} overdue={r.overdue} beyond={r.beyondKnownSchedule} />,
    },
    { title: '受理时间', dataIndex: 'openedAt', width: 150, render: (v: string) => <span className="mz-mono">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> },
    {
      title: '操作',
      key: 'op',
      width: 80,
      fixed: 'right',
      render: (_: unknown, r) => <Link to={`/cases/${r.instanceId}`}>办理</Link>,
    },
  ];

  const tab = (label: string, n: number | undefined, danger = false) => (
    <Space size={6}>
      {label}
      {n !== undefined && <Badge count={n} showZero overflowCount={9999} color={danger ? '#cf1322' : n ? '#1453b8' : '#bfbfbf'} />}
    </Space>
  );

  return (
    <PageContainer title="我的待办" subTitle="按办理期限排序（最紧急的在前）；期限按法定工作日计算，「将到期」为尚未逾期的办件" crumbs={[{ title: '业务办理' }, { title: '我的待办' }]}>
      <Card
        size="small"
        styles={{ body: { paddingTop: 0 } }}
        extra={<Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} aria-label="刷新" />}
        title={
          <Tabs
            activeKey={status}
            onChange={(k) => write({ status: k as Status, page: 1 })}
            style={{ marginBottom: -1 }}
            items={[
              { key: 'all', label: tab('全部', summary?.all) },
              { key: 'due', label: tab('将到期', summary?.due) },
              { key: 'overdue', label: tab('已逾期', summary?.overdue, true) },
            ]}
          />
        }
      >
        {summary && summary.dueSoon > 0 && status !== 'overdue' && (
          <Alert
            type="warning"
            showIcon
            style={{ margin: '12px 0' }}
            title={`有 ${summary.dueSoon} 件将在 3 个工作日内到期，请优先办理`}
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} />}
        {narrow ? (
          <>
            <InboxCards items={data?.items} loading={loading} />
            <Pagination
              simple
              style={{ marginTop: 12, textAlign: 'center' }}
              current={page}
              pageSize={pageSize}
              total={data?.total ?? 0}
              onChange={(p) => write({ page: p })}
              hideOnSinglePage
            />
          </>
        ) : (
        <Table<InboxItem>
          rowKey="instanceId"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.items}
          scroll={{ x: 1100 }}
          style={{ marginTop: 12 }}
          rowClassName={(r) => (r.overdue ? 'mz-row-overdue' : '')}
          locale={{ emptyText: <Typography.Text type="secondary">暂无待办事项</Typography.Text> }}
          onChange={(p) => write({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (t) => `共 ${t.toLocaleString()} 件`,
          }}
        />
        )}
      </Card>
    </PageContainer>
  );
}
