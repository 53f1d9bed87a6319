import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client';
import { householdsApi } from '../api/endpoints';
import {
  CATEGORY_LABELS, VALIDITY_COLORS, VALIDITY_LABELS, lowIncomeApi,
  type LowIncomeCategory, type Recognition, type RecognitionQuery, type Validity,
} from '../api/assistance-reports';
import { useAuth } from '../auth/AuthContext';
import { DivisionSelect } from '../components/DivisionSelect';
import { ExplanationList } from '../components/ExplanationList';
import { PageContainer } from '../components/PageContainer';
import { RecognitionModal, type RecognitionTarget } from '../components/RecognitionModal';
import { yuan } from '../components/money';
import { useLoaded } from '../hooks/useLoaded';

const WRITERS = ['city_admin', 'county_approver', 'township_caseworker'];

/** 低收入人口名册: near-dibao and rigid-expense households in the jurisdiction, by area, category and validity. */
export function LowIncomePage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const canWrite = WRITERS.includes(user?.role ?? '');
  const [filter, setFilter] = useState<Omit<RecognitionQuery, 'page' | 'pageSize'>>({});
  const [name, setName] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [reload, setReload] = useState(0);
  const { data, loading, error } = useLoaded((signal) => lowIncomeApi.list({ ...filter, ...page }, signal), [filter, page, reload]);
  const [detail, setDetail] = useState<Recognition | null>(null);
  const [renewing, setRenewing] = useState<{ r: Recognition; target: RecognitionTarget } | null>(null);
  const [cancelling, setCancelling] = useState<Recognition | null>(null);
  const [reason, setReason] = useState('');

  const set = (patch: Partial<typeof filter>) => { setFilter((f) => ({ ...f, ...patch })); setPage((p) => ({ ...p, page: 1 })); };
  const open = async (r: Recognition) => setDetail(await lowIncomeApi.get(r.id));
  const renew = async (r: Recognition) => {
    const hh = await householdsApi.get(String(r.householdId));
    const members = hh.members.filter((m) => m.status === 'living').map((m) => ({ personId: Number(m.personId), name: m.name }));
    setRenewing({ r, target: { householdId: r.householdId, headName: r.headName, members } });
  };
  const cancel = async () => {
    if (!cancelling) return;
    try {
      await lowIncomeApi.cancel(cancelling.id, cancelling.version, reason.trim());
      message.success('已注销认定');
      setCancelling(null);
      setReload((x) => x + 1);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      message.error(e.errors[0]?.message ?? e.title);
    }
  };

  return (
    <PageContainer
      title="低收入人口名册"
      subTitle="低保边缘家庭和刚性支出困难家庭的认定、有效期与续期；低保、特困对象见发放名册"
      crumbs={[{ title: '社会救助' }, { title: '低收入人口' }]}
      extra={<Button icon={<DownloadOutlined />} href={lowIncomeApi.exportUrl({ ...filter })}>导出 xlsx</Button>}
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <DivisionSelect style={{ width: 260 }} placeholder="区划（县、乡镇、村）" value={filter.divisionCode} onChange={(v) => set({ divisionCode: v })} />
          <Select<LowIncomeCategory> allowClear placeholder="类别" style={{ width: 180 }} value={filter.category} onChange={(v) => set({ category: v })}
            options={Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value: value as LowIncomeCategory, label }))} />
          <Select<Validity> allowClear placeholder="有效状态（默认未注销）" style={{ width: 200 }} value={filter.validity} onChange={(v) => set({ validity: v })}
            options={(Object.entries(VALIDITY_LABELS) as [Validity, string][]).map(([value, label]) => ({ value, label: value === 'expiring' ? '30 日内到期' : label }))} />
          <Input.Search allowClear placeholder="户主姓名" style={{ width: 200 }} enterButton={<SearchOutlined />} value={name}
            onChange={(e) => setName(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} />
        </Space>
      </Card>
      <Card size="small">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<Recognition>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={{
            current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true,
            showTotal: (t) => `共 ${t} 户`, onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
          }}
          columns={[
            { title: '户主', dataIndex: 'headName', width: 110, render: (n: string, r) => <Link to={`/households/${r.householdId}`}>{n || `家庭 ${r.householdId}`}</Link> },
            { title: '类别', dataIndex: 'categoryName', width: 150 },
            { title: '所在地', dataIndex: 'divisionName', ellipsis: true },
            { title: '人数', dataIndex: 'persons', width: 60, align: 'right' },
            { title: '人均月收入（元）', dataIndex: 'perCapitaIncomeFen', width: 130, align: 'right', render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
            { title: '有效期', key: 'period', width: 200, render: (_: unknown, r) => <span className="mz-mono">{r.validFrom} 至 {r.validTo}</span> },
            { title: '状态', dataIndex: 'validity', width: 100, render: (v: Validity, r) => <Tag color={VALIDITY_COLORS[v]}>{r.validityName}</Tag> },
            { title: '认定人', dataIndex: 'recognisedByName', width: 100 },
            {
              title: '操作', key: 'op', width: 140,
              render: (_: unknown, r) => (
                <Space size={8}>
                  <Typography.Link onClick={() => open(r)}>详情</Typography.Link>
                  {canWrite && r.renewable && <Typography.Link onClick={() => renew(r)}>续期</Typography.Link>}
                  {canWrite && r.validity !== 'cancelled' && <Typography.Link type="danger" onClick={() => { setReason(''); setCancelling(r); }}>注销</Typography.Link>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={!!detail} width={620} title={detail ? `${detail.headName}户 · ${detail.categoryName}` : ''} onClose={() => setDetail(null)}>
        {detail && (
          <>
            <Descriptions bordered size="small" column={2} styles={{ label: { width: 110 } }}>
              <Descriptions.Item label="所在地" span={2}>{detail.divisionName}</Descriptions.Item>
              <Descriptions.Item label="计入人数">{detail.persons} 人</Descriptions.Item>
              <Descriptions.Item label="人均月收入">{yuan(detail.perCapitaIncomeFen)} 元</Descriptions.Item>
              <Descriptions.Item label="有效期" span={2}>{detail.validFrom} 至 {detail.validTo} <Tag color={VALIDITY_COLORS[detail.validity]}>{detail.validityName}</Tag></Descriptions.Item>
              <Descriptions.Item label="认定人">{detail.recognisedByName}</Descriptions.Item>
              <Descriptions.Item label="认定时间">{detail.recognisedAt.slice(0, 10)}</Descriptions.Item>
              {detail.note && <Descriptions.Item label="调查情况" span={2}>{detail.note}</Descriptions.Item>}
              {detail.cancelReason && <Descriptions.Item label="注销" span={2}>{detail.cancelledAt?.slice(0, 10)} {detail.cancelledByName}：{detail.cancelReason}</Descriptions.Item>}
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>计算过程</Typography.Title>
            <ExplanationList steps={detail.calculation?.explanation ?? []} />
            {detail.renewals.length > 0 && (
              <>
                <Typography.Title level={5}>续期记录</Typography.Title>
                <Table size="small" rowKey="at" pagination={false} dataSource={detail.renewals} columns={[
                  { title: '办理', dataIndex: 'at', render: (v: string, x) => `${v.slice(0, 10)} ${x.by}` },
                  { title: '原有效期', key: 'prev', render: (_: unknown, x) => `${x.previousValidFrom} 至 ${x.previousValidTo}` },
                  { title: '新有效期', key: 'next', render: (_: unknown, x) => `${x.validFrom} 至 ${x.validTo}` },
                ]} />
              </>
            )}
          </>
        )}
      </Drawer>
      <RecognitionModal
        target={renewing?.target ?? null}
        open={!!renewing}
        renew={renewing ? { id: renewing.r.id, version: renewing.r.version, category: renewing.r.category, validTo: renewing.r.validTo } : undefined}
        onClose={() => setRenewing(null)}
        onDone={() => { setRenewing(null); setReload((x) => x + 1); }}
      />
      <Modal open={!!cancelling} title={`注销认定 · ${cancelling?.headName ?? ''}户`} okText="注销" okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }} onOk={cancel} onCancel={() => setCancelling(null)} destroyOnHidden>
        <Typography.Paragraph type="secondary">注销后该户不再列入名册（可按“已注销”查到），记录保留备查。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="注销原因，如：已纳入低保 / 家庭收入增加 / 迁出本市" />
      </Modal>
    </PageContainer>
  );
}
