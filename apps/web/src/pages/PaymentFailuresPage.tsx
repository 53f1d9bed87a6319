import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { paymentsApi } from '../api/endpoints';
import type { PaymentFailure } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { applyApiError } from '../components/form-errors';
import { yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';

function ResolveModal({ failure, onClose, onDone }: { failure: PaymentFailure | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ resolution: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!failure) return;
    const { resolution } = await form.validateFields();
    setSaving(true);
    try {
      await paymentsApi.resolve(failure.id, resolution.trim());
      message.success('已标记为已处理');
      onDone();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      applyApiError(form, e, message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={!!failure} title="处理发放失败" onCancel={onClose} onOk={submit} okText="标记已处理" confirmLoading={saving} destroyOnHidden>
      {failure && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`${failure.month} ${failure.programmeName} ${yuan(failure.amountFen)} 元`}
          description={`失败原因：${failure.reason ?? '银行未说明'}；账号 ${failure.bankAccount ?? '—'}`}
        />
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="resolution" label="处理情况" rules={[{ required: true, whitespace: true, message: '请填写处理情况' }, { max: 500 }]}>
          <Input.TextArea rows={3} showCount maxLength={500} placeholder="如：已核实新账号，纳入下月补发调整" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 发放失败 list; on a run's page limited to that run. */
export function FailuresTable({ runId, status: fixedStatus }: { runId?: number; status?: 'open' | 'resolved' }) {
  const { can } = useAuth();
  const [status, setStatus] = useState<'open' | 'resolved' | undefined>(fixedStatus ?? 'open');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: PaymentFailure[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resolving, setResolving] = useState<PaymentFailure | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    setLoading(true);
    setError(null);
    paymentsApi
      .failures({ status, runId, page, pageSize: 20 })
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)))
      .finally(() => setLoading(false));
  }, [status, runId, page, reload]);

  const columns: TableProps<PaymentFailure>['columns'] = [
    { title: '月份', dataIndex: 'month', width: 90 },
    { title: '家庭', dataIndex: 'householdId', width: 90, render: (h: number) => <Link to={`/households/${h}`}>户 {h}</Link> },
    { title: '项目', dataIndex: 'programmeName', width: 110 },
    { title: '金额（元）', dataIndex: 'amountFen', width: 110, align: 'right', render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
    { title: '账号', dataIndex: 'bankAccount', width: 170, render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
    { title: '失败原因', dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '名册', dataIndex: 'runId', width: 80, render: (r: number) => <Link to={`/payments/runs/${r}`}>#{r}</Link> },
    { title: '登记时间', dataIndex: 'createdAt', width: 140, render: (v: string) => <span className="mz-mono">{dayjs(v).format('YYYY-MM-DD HH:mm')}</span> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 170,
      render: (s: string, r) =>
        s === 'resolved' ? (
          <Space direction="vertical" size={0}>
            <Tag color="green">已处理</Tag>
            {r.resolution && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.resolution}</Typography.Text>}
          </Space>
        ) : (
          <Tag color="red">待处理</Tag>
        ),
    },
    ...(can.adjustPayments
      ? [{ title: '操作', key: 'op', width: 70, fixed: 'right' as const, render: (_: unknown, r: PaymentFailure) => (r.status === 'open' ? <Typography.Link onClick={() => setResolving(r)}>处理</Typography.Link> : null) }]
      : []),
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        {!fixedStatus && (
          <Radio.Group
            optionType="button"
            value={status ?? 'all'}
            onChange={(e) => {
              setStatus(e.target.value === 'all' ? undefined : e.target.value);
              setPage(1);
            }}
            options={[{ value: 'open', label: '待处理' }, { value: 'resolved', label: '已处理' }, { value: 'all', label: '全部' }]}
          />
        )}
        <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} aria-label="刷新" />
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<PaymentFailure>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items}
        scroll={{ x: 1200 }}
        locale={{ emptyText: status === 'open' ? '没有待处理的发放失败' : '暂无记录' }}
        onChange={(p) => setPage(p.current ?? 1)}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 笔` }}
      />
      <ResolveModal failure={resolving} onClose={() => setResolving(null)} onDone={() => { setResolving(null); setReload((n) => n + 1); }} />
    </>
  );
}

export function PaymentFailuresPage() {
  const [sp] = useSearchParams();
  const runId = sp.get('runId') ? Number(sp.get('runId')) : undefined;
  return (
    <PageContainer
      title="发放失败"
      subTitle="银行回盘中未成功入账的款项；核实后补发或退回，标记处理情况"
      crumbs={[{ title: '资金发放' }, { title: '发放失败' }]}
    >
      <Card size="small">
        <FailuresTable runId={runId} />
      </Card>
    </PageContainer>
  );
}
