import { useEffect, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { applicationsApi, paymentsApi } from '../api/endpoints';
import type { HouseholdAssistanceHistory, HouseholdPaymentHistory } from '../api/types';
import { yuan } from './money';

/** 救助与发放: the household's entitlements and its paid months, on the household page. */
const EMPTY: HouseholdPaymentHistory = { householdId: 0, paid: [], totalPaidFen: 0, openFailures: [], entitlements: [] };

export function HouseholdPaymentsCard({ householdId, payments }: { householdId: string; payments: boolean }) {
  const [h, setH] = useState<HouseholdPaymentHistory | null>(null);
  const [apps, setApps] = useState<HouseholdAssistanceHistory['applications']>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    applicationsApi.householdHistory(householdId).then((r) => setApps(r.applications)).catch(() => undefined);
    if (!payments) {
      setH(EMPTY);
      return;
    }
    paymentsApi
      .householdHistory(householdId)
      .then(setH)
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  }, [householdId, payments]);

  return (
    <Card
      size="small"
      title="救助与发放"
      style={{ marginTop: 16 }}
      loading={!h && !error}
      extra={h && payments && <Typography.Text type="secondary">累计发放 <b className="mz-num">{yuan(h.totalPaidFen)}</b> 元</Typography.Text>}
    >
      {error && <Alert type="error" showIcon title={error} />}
      {apps.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          style={{ marginBottom: 16 }}
          dataSource={apps}
          columns={[
            { title: '救助申请', dataIndex: 'programmeName', render: (n: string, a) => <Link to={`/assistance/applications/${a.id}`}>{n} · 申请 {a.id}</Link> },
            { title: '受理时间', dataIndex: 'receivedAt', width: 150, render: (v: string) => <span className="mz-mono">{v?.slice(0, 10)}</span> },
            { title: '办理环节', dataIndex: 'stateLabel', width: 150, render: (v: string | null) => (v ? <Tag color="processing">{v}</Tag> : '—') },
            { title: '决定', dataIndex: 'decision', width: 100, render: (d: string | null) => (d === 'enrolled' ? <Tag color="green">已纳入</Tag> : d === 'refused' ? <Tag color="red">不予纳入</Tag> : '—') },
            { title: '月金额（元）', dataIndex: 'monthlyAmountFen', width: 110, align: 'right', render: (v: number | null) => yuan(v) },
            { title: '起始月', dataIndex: 'fromMonth', width: 90, render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
      {h && payments && (
        <>
          {h.openFailures.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={`有 ${h.openFailures.length} 笔发放失败待处理`}
              description={h.openFailures.map((f) => `${f.month} ${f.programmeName} ${yuan(f.amountFen)} 元（${f.reason ?? '银行未说明'}）`).join('；')}
              action={<Link to="/payments/failures">去处理</Link>}
            />
          )}
          <Row gutter={16}>
            <Col span={10}>
              <Typography.Text strong>待遇期间</Typography.Text>
              {h.entitlements.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未享受救助待遇" />
              ) : (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  style={{ marginTop: 8 }}
                  dataSource={h.entitlements}
                  columns={[
                    { title: '项目', dataIndex: 'programmeName', render: (n: string, e) => <Space size={4}>{n}{e.withdrawn && <Tag>已撤销</Tag>}</Space> },
                    { title: '月金额（元）', dataIndex: 'monthlyAmountFen', align: 'right', render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
                    { title: '期间', key: 'period', render: (_: unknown, e) => `${e.fromMonth} 至 ${e.toMonth ?? '今'}` },
                    { title: '停发原因', dataIndex: 'stopReason', render: (v: string | null) => v ?? '—' },
                  ]}
                />
              )}
            </Col>
            <Col span={14}>
              <Typography.Text strong>发放记录</Typography.Text>
              {h.paid.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无已签发的发放记录" />
              ) : (
                <Table
                  size="small"
                  rowKey="lineId"
                  style={{ marginTop: 8 }}
                  pagination={{ pageSize: 6, hideOnSinglePage: true, size: 'small' }}
                  dataSource={h.paid}
                  columns={[
                    { title: '月份', dataIndex: 'month', width: 80, render: (m: string, l) => <Link to={`/payments/runs/${l.runId}`}>{m}</Link> },
                    { title: '项目', dataIndex: 'programmeName', width: 90 },
                    { title: '实发（元）', dataIndex: 'amountFen', align: 'right', width: 100, render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
                    { title: '调整', dataIndex: 'adjustmentFen', align: 'right', width: 80, render: (v: number) => (v ? yuan(v, { sign: true }) : '—') },
                    { title: '账号', dataIndex: 'bankAccount', render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
                    { title: '结果', dataIndex: 'failed', width: 80, render: (f: boolean, l) => (f ? <Tag color="red" title={l.failureReason ?? undefined}>失败</Tag> : <Tag color="green">已发放</Tag>) },
                  ]}
                />
              )}
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}
