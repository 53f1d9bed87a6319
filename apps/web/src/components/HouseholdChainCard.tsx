import { useState } from 'react';
import { Alert, Button, Card, Empty, Modal, Input, Space, Statistic, Table, Tabs, Tag, Typography, App } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { chainApi, lowIncomeApi, VALIDITY_COLORS, type HouseholdChain } from '../api/assistance-reports';
import { useLoaded } from '../hooks/useLoaded';
import { RecognitionModal, type RecognitionTarget } from './RecognitionModal';
import { yuan } from './money';

const ENTITLEMENT_STATUS = { active: { label: '在享', color: 'green' }, upcoming: { label: '待开始', color: 'blue' }, ended: { label: '已停止', color: 'default' } } as const;
const DECISIONS: Record<string, { label: string; color: string }> = {
  approved: { label: '已纳入', color: 'green' }, enrolled: { label: '已纳入', color: 'green' }, refused: { label: '不予纳入', color: 'red' },
};
/** What a decision is called where the programme has its own word for it. */
const PROGRAMME_DECISIONS: Record<string, Record<string, string>> = {
  tekun: { approved: '已认定', refused: '不予认定' },
  temporary: { approved: '已给予', refused: '不予救助' },
};

type Recognition = HouseholdChain['recognitions'][number];

/**
 * 救助链: everything the household receives across programmes — what is paid this month, each
 * programme's periods, the low-income recognitions, applications and their outcomes, and the
 * payments month by month. Programmes are read from payments, so new ones appear by themselves.
 */
export function HouseholdChainCard({ target, canRecognise }: { target: RecognitionTarget; canRecognise: boolean }) {
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const { data: c, error } = useLoaded((signal) => chainApi.get(target.householdId, signal), [target.householdId, version]);
  const [dialog, setDialog] = useState<{ renew?: Recognition } | null>(null);
  const [cancelling, setCancelling] = useState<Recognition | null>(null);
  const [reason, setReason] = useState('');
  const reload = () => setVersion((v) => v + 1);

  const cancel = async () => {
    if (!cancelling) return;
    try {
      await lowIncomeApi.cancel(cancelling.id, cancelling.version, reason.trim());
      message.success('已注销认定');
      setCancelling(null);
      reload();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      message.error(e.errors[0]?.message ?? e.title);
    }
  };

  const programmes = c?.payments ? [...new Map(c.payments.months.flatMap((m) => m.lines.map((l) => [l.programme, l.programmeName] as const))).entries()] : [];
  const activeRecognitions = c?.recognitions.filter((r) => r.validity !== 'cancelled') ?? [];

  return (
    <Card
      size="small"
      title="救助链（一户一条）"
      style={{ marginTop: 16 }}
      loading={!c && !error}
      extra={canRecognise && <Button size="small" onClick={() => setDialog({})}>认定低收入家庭</Button>}
    >
      {error && <Alert type="error" showIcon title={error} />}
      {c && (
        <>
          <Space size={32} wrap style={{ marginBottom: 12 }}>
            <Statistic title={`${c.month} 月应发（元）`} value={yuan(c.current.monthlyTotalFen)} />
            <div>
              <Typography.Text type="secondary">在享项目</Typography.Text>
              <div style={{ marginTop: 6 }}>
                {c.current.programmes.length ? c.current.programmes.map((p) => <Tag key={p.programme} color="green">{p.programmeName}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}
              </div>
            </div>
            <div>
              <Typography.Text type="secondary">低收入认定</Typography.Text>
              <div style={{ marginTop: 6 }}>
                {activeRecognitions.length ? activeRecognitions.map((r) => <Tag key={r.id} color={VALIDITY_COLORS[r.validity]}>{r.categoryName} · {r.validityName}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}
              </div>
            </div>
            {c.payments && <Statistic title="累计发放（元）" value={yuan(c.payments.totalPaidFen)} />}
          </Space>
          {c.payments && c.payments.openFailures > 0 && (
            <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`有 ${c.payments.openFailures} 笔发放失败待处理`} action={<Link to="/payments/failures">去处理</Link>} />
          )}
          <Tabs
            size="small"
            items={[
              {
                key: 'entitlements', label: `待遇（${c.entitlements.length}）`,
                children: c.entitlements.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未享受任何待遇" /> : (
                  <Table size="small" rowKey="id" pagination={false} dataSource={c.entitlements} columns={[
                    { title: '项目', dataIndex: 'programmeName' },
                    { title: '状态', dataIndex: 'status', width: 90, render: (s: keyof typeof ENTITLEMENT_STATUS) => <Tag color={ENTITLEMENT_STATUS[s].color}>{ENTITLEMENT_STATUS[s].label}</Tag> },
                    { title: '月金额（元）', dataIndex: 'monthlyAmountFen', align: 'right', width: 120, render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
                    { title: '期间', key: 'period', width: 170, render: (_: unknown, e) => `${e.fromMonth} 至 ${e.toMonth ?? '今'}` },
                    { title: '依据', dataIndex: 'reason', ellipsis: true },
                    { title: '停发原因', dataIndex: 'stopReason', render: (v: string | null) => v ?? '—' },
                  ]} />
                ),
              },
              {
                key: 'recognitions', label: `低收入认定（${c.recognitions.length}）`,
                children: c.recognitions.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未认定为低保边缘或刚性支出困难家庭" /> : (
                  <Table size="small" rowKey="id" pagination={false} dataSource={c.recognitions} columns={[
                    { title: '类别', dataIndex: 'categoryName' },
                    { title: '状态', dataIndex: 'validityName', width: 100, render: (v: string, r) => <Tag color={VALIDITY_COLORS[r.validity]}>{v}</Tag> },
                    { title: '人均月收入（元）', dataIndex: 'perCapitaIncomeFen', align: 'right', width: 140, render: (v: number) => yuan(v) },
                    { title: '有效期', key: 'period', width: 200, render: (_: unknown, r) => `${r.validFrom} 至 ${r.validTo}` },
                    { title: '认定人', dataIndex: 'recognisedByName', width: 110 },
                    { title: '注销原因', dataIndex: 'cancelReason', render: (v: string | null) => v ?? '—' },
                    ...(canRecognise ? [{
                      title: '操作', key: 'op', width: 110,
                      render: (_: unknown, r: Recognition) => r.validity === 'cancelled' ? null : (
                        <Space size={8}>
                          {r.renewable && <Typography.Link onClick={() => setDialog({ renew: r })}>续期</Typography.Link>}
                          <Typography.Link type="danger" onClick={() => { setReason(''); setCancelling(r); }}>注销</Typography.Link>
                        </Space>
                      ),
                    }] : []),
                  ]} />
                ),
              },
              {
                key: 'applications', label: `申请与结果（${c.applications.length}）`,
                children: c.applications.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有救助申请" /> : (
                  <Table size="small" rowKey="id" pagination={false} dataSource={c.applications} columns={[
                    { title: '申请', dataIndex: 'programmeName', render: (n: string, a) => <Link to={`/assistance/applications/${a.id}`}>{n} · 申请 {a.id}</Link> },
                    { title: '受理日期', dataIndex: 'receivedAt', width: 110, render: (v: string) => <span className="mz-mono">{v?.slice(0, 10)}</span> },
                    { title: '办理环节', dataIndex: 'stateLabel', width: 150, render: (v: string | null, a) => (a.open ? <Tag color="processing">{v ?? '办理中'}</Tag> : v ?? '—') },
                    { title: '结果', dataIndex: 'decision', width: 100, render: (d: string | null, a) => (d ? <Tag color={DECISIONS[d]?.color}>{PROGRAMME_DECISIONS[a.programme]?.[d] ?? DECISIONS[d]?.label ?? d}</Tag> : '—') },
                    { title: '决定日期', dataIndex: 'decidedAt', width: 110, render: (v: string | null) => v?.slice(0, 10) ?? '—' },
                    { title: '月金额（元）', dataIndex: 'monthlyAmountFen', align: 'right', width: 110, render: (v: number | null) => yuan(v) },
                    { title: '不予纳入理由', dataIndex: 'refusalReasons', ellipsis: true, render: (v: string | null) => v ?? '—' },
                  ]} />
                ),
              },
              {
                key: 'payments', label: '逐月发放',
                children: !c.payments ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="您的角色不能查看发放记录" /> : c.payments.months.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无已签发的发放记录" />
                ) : (
                  <Table
                    size="small"
                    rowKey="month"
                    pagination={{ pageSize: 12, hideOnSinglePage: true, size: 'small' }}
                    dataSource={c.payments.months}
                    columns={[
                      { title: '月份', dataIndex: 'month', width: 90 },
                      ...programmes.map(([programme, name]) => ({
                        title: name, key: programme, align: 'right' as const,
                        render: (_: unknown, m: NonNullable<HouseholdChain['payments']>['months'][number]) => {
                          const l = m.lines.find((x) => x.programme === programme);
                          if (!l) return <Typography.Text type="secondary">—</Typography.Text>;
                          return (
                            <Link to={`/payments/runs/${l.runId}`} className="mz-num">
                              {l.failed ? <Typography.Text type="danger" delete>{yuan(l.amountFen)}</Typography.Text> : yuan(l.amountFen)}
                            </Link>
                          );
                        },
                      })),
                      { title: '合计（元）', dataIndex: 'totalFen', align: 'right', width: 120, render: (v: number, m) => <Space size={4}><b className="mz-num">{yuan(v)}</b>{m.failedFen > 0 && <Tag color="red">失败 {yuan(m.failedFen)}</Tag>}</Space> },
                    ]}
                  />
                ),
              },
            ]}
          />
        </>
      )}
      <RecognitionModal
        target={target}
        open={!!dialog}
        renew={dialog?.renew ? { id: dialog.renew.id, version: dialog.renew.version, category: dialog.renew.category, validTo: dialog.renew.validTo } : undefined}
        onClose={() => setDialog(null)}
        onDone={() => { setDialog(null); reload(); }}
      />
      <Modal open={!!cancelling} title={`注销${cancelling?.categoryName ?? ''}认定`} okText="注销" okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }} onOk={cancel} onCancel={() => setCancelling(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">注销后该户不再列入低收入人口名册，记录保留备查。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="注销原因，如：家庭收入增加，超过低保边缘标准" />
      </Modal>
    </Card>
  );
}
