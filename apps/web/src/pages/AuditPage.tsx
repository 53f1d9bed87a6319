import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { auditApi, type AuditQuery } from '../api/endpoints';
import type { AuditEntry, AuditVerifyResult } from '../api/types';
import { JsonDiff } from '../components/JsonDiff';
import { PageContainer } from '../components/PageContainer';

const ACTION_LABELS: Record<string, { label: string; color: string }> = {
  'person.created': { label: '新增人员', color: 'green' },
  'person.updated': { label: '修改人员', color: 'blue' },
  'person.revealed': { label: '查看敏感信息', color: 'orange' },
  'person.exported': { label: '导出人员', color: 'purple' },
  'person.deceased': { label: '登记死亡', color: 'volcano' },
  'person.moved': { label: '户籍迁移', color: 'geekblue' },
  'household.created': { label: '建立家庭', color: 'green' },
  'household.updated': { label: '修改户信息', color: 'blue' },
  'household.member_joined': { label: '成员加入', color: 'cyan' },
  'household.member_left': { label: '成员迁出', color: 'gold' },
  'household.split': { label: '分户', color: 'magenta' },
  'household.merged': { label: '合户', color: 'magenta' },
  'user.created': { label: '新建用户', color: 'green' },
  'user.updated': { label: '修改用户', color: 'blue' },
  'user.password_reset': { label: '重置密码', color: 'orange' },
  'user.unlocked': { label: '解除锁定', color: 'cyan' },
  'auth.password_changed': { label: '修改密码', color: 'default' },
  'auth.login_failed': { label: '登录失败', color: 'red' },
};
const ENTITY_LABELS: Record<string, string> = { person: '人员', household: '家庭户', user: '用户', import: '导入任务', session: '会话' };

function actionTag(action: string) {
  const a = ACTION_LABELS[action];
  return (
    <Tag color={a?.color ?? 'default'} title={action}>
      {a ? a.label : action}
    </Tag>
  );
}

interface Filters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs, Dayjs];
}

export function AuditPage() {
  const [sp, setSp] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const { message } = App.useApp();
  const query = useMemo<AuditQuery>(
    () => ({
      actor: sp.get('actor') ?? undefined,
      action: sp.get('action') ?? undefined,
      entityType: sp.get('entityType') ?? undefined,
      entityId: sp.get('entityId') ?? undefined,
      from: sp.get('from') ?? undefined,
      to: sp.get('to') ?? undefined,
      page: Number(sp.get('page') ?? 1),
      pageSize: Number(sp.get('pageSize') ?? 20),
    }),
    [sp],
  );
  const [data, setData] = useState<{ items: AuditEntry[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);
  const [verifying, setVerifying] = useState(false);

  useEffect(() => {
    form.setFieldsValue({
      actor: query.actor,
      action: query.action,
      entityType: query.entityType,
      entityId: query.entityId,
      range: query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : undefined,
    });
    setLoading(true);
    setError(null);
    auditApi
      .list(query)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)))
      .finally(() => setLoading(false));
  }, [query, form]);

  const search = (v: Filters) => {
    const next: Record<string, string> = {};
    if (v.actor?.trim()) next.actor = v.actor.trim();
    if (v.action) next.action = v.action;
    if (v.entityType) next.entityType = v.entityType;
    if (v.entityId?.trim()) next.entityId = v.entityId.trim();
    if (v.range) {
      next.from = v.range[0].startOf('day').toISOString();
      next.to = v.range[1].endOf('day').toISOString();
    }
    setSp(next);
  };

  const runVerify = async () => {
    setVerifying(true);
    try {
      const r = await auditApi.verify();
      setVerify(r);
      if (r.ok) message.success(`哈希链校验通过，共 ${r.checked.toLocaleString()} 条`);
      else message.error(`哈希链断裂，首个异常记录 #${r.firstBrokenId}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setVerifying(false);
    }
  };

  const onTableChange: TableProps<AuditEntry>['onChange'] = (p) => {
    const next = new URLSearchParams(sp);
    next.set('page', String(p.current ?? 1));
    next.set('pageSize', String(p.pageSize ?? 20));
    setSp(next);
  };

  return (
    <PageContainer
      title="审计日志"
      subTitle="所有数据变更与敏感信息查看均记录在案；日志采用哈希链防篡改"
      crumbs={[{ title: '系统管理' }, { title: '审计日志' }]}
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify}>
          校验哈希链
        </Button>
      }
    >
      {verify && (
        <Alert
          closable
          onClose={() => setVerify(null)}
          type={verify.ok ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          title={verify.ok ? `哈希链完整：已校验 ${verify.checked.toLocaleString()} 条记录，未发现篡改` : `哈希链校验失败：自记录 #${verify.firstBrokenId} 起链条断裂`}
          description={verify.ok ? undefined : `已校验 ${verify.checked.toLocaleString()} 条。请立即保全数据库并上报信息安全负责人。`}
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4, paddingTop: 16 } }}>
        <Form form={form} onFinish={search} className="mz-filter" labelCol={{ flex: '72px' }}>
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item name="actor" label="操作人">
                <Input allowClear placeholder="操作人账号（精确匹配）" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="action" label="动作">
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="全部"
                  options={Object.entries(ACTION_LABELS).map(([value, a]) => ({ value, label: a.label }))}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="entityType" label="对象类型">
                <Select allowClear placeholder="全部" options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="entityId" label="对象ID">
                <Input allowClear />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="range" label="时间范围">
                <DatePicker.RangePicker style={{ width: '100%' }} presets={[
                  { label: '今天', value: [dayjs().startOf('day'), dayjs()] },
                  { label: '近 7 天', value: [dayjs().subtract(6, 'day'), dayjs()] },
                  { label: '近 30 天', value: [dayjs().subtract(29, 'day'), dayjs()] },
                ]} />
              </Form.Item>
            </Col>
            <Col span={14} style={{ textAlign: 'right' }}>
              <Space>
                <Button onClick={() => { form.resetFields(); setSp({}); }}>重置</Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card size="small" title={<Space>日志记录{data && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>共 {data.total.toLocaleString()} 条</Typography.Text>}</Space>}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items}
          onChange={onTableChange}
          expandable={{
            expandedRowRender: (r) => <JsonDiff before={r.before} after={r.after} />,
            rowExpandable: (r) => r.before != null || r.after != null,
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t.toLocaleString()} 条`,
          }}
          columns={[
            { title: '#', dataIndex: 'id', width: 80, render: (v) => <span className="mz-mono">{String(v)}</span> },
            { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
            { title: '操作人', dataIndex: 'actorName', width: 120 },
            { title: '动作', dataIndex: 'action', width: 140, render: actionTag },
            {
              title: '对象',
              dataIndex: 'entityType',
              render: (t: string, r) => (
                <Space size={4}>
                  <Tag variant="filled">{ENTITY_LABELS[t] ?? t}</Tag>
                  <span className="mz-mono" style={{ fontSize: 12 }}>{r.entityId}</span>
                </Space>
              ),
            },
            { title: '区划', dataIndex: 'divisionCode', width: 130, render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
            { title: '事由', dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
