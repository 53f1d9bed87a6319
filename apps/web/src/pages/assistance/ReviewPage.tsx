import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { FileSearchOutlined, FileTextOutlined, SafetyCertificateOutlined, SolutionOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { casesApi } from '../../api/endpoints';
import type { CaseDetail } from '../../api/types';
import { CATEGORY_LABELS, OUTCOME_LABELS, reviewsApi, type Review, type ReviewConsents } from '../../api/reviews';
import { CHANGE_LABELS, SEVERITY, verificationAbilities, verificationApi, type Change, type RequestSummary } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { CaseStateTag, DaysLeft } from '../../components/CaseBits';
import { INCOME_KINDS } from '../../components/assistance-codes';
import { yuan } from '../../components/money';
import { PageContainer } from '../../components/PageContainer';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const incomeKind = (k: string) => INCOME_KINDS.find((x) => x.value === k)?.label ?? k;

interface Loaded { review: Review; consents: ReviewConsents; requests: RequestSummary[]; kase: CaseDetail | null; changes: Change[] }

async function loadAll(id: string): Promise<Loaded> {
  const review = await reviewsApi.get(id);
  const [consents, requests, kase, fed, origin] = await Promise.all([
    reviewsApi.consents(id),
    reviewsApi.requests(id).then((r) => r.items).catch(() => []),
    review.instanceId ? casesApi.get(review.instanceId) : Promise.resolve(null),
    review.instanceId ? verificationApi.taskChanges(review.instanceId).then((r) => r.items).catch(() => []) : Promise.resolve([]),
    review.changeTaskId ? verificationApi.taskChanges(review.changeTaskId).then((r) => r.items).catch(() => []) : Promise.resolve([]),
  ]);
  return { review, consents, requests, kase, changes: [...origin, ...fed] };
}

/** 登记授权书: each counted adult without a valid consent confirms electronically at the review. */
function ConsentModal({ reviewId, open, people, onClose, onDone }: {
  reviewId: number; open: boolean; people: { personId: number; name: string }[]; onClose: () => void; onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string>>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const at = new Date().toISOString();
      await reviewsApi.recordConsents(reviewId, people.map((p) => ({ personId: p.personId, kind: 'electronic' as const, confirmedBy: v[`p${p.personId}`].trim(), confirmedAt: at })));
      message.success('已登记核对授权书');
      onDone();
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title="登记家庭经济状况核对授权书" onCancel={onClose} onOk={submit} okText="确认登记" confirmLoading={saving} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="由本人（或监护人）当面确认授权，确认人姓名记入授权记录" />
      <Form form={form} layout="vertical" preserve={false} initialValues={Object.fromEntries(people.map((p) => [`p${p.personId}`, p.name]))}>
        {people.map((p) => (
          <Form.Item key={p.personId} name={`p${p.personId}`} label={`${p.name} 的授权确认人`} rules={[{ required: true, whitespace: true, message: '请填写确认人' }, { max: 100 }]}>
            <Input />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

export function ReviewPage() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const can = verificationAbilities(user?.role);
  const { message, modal } = App.useApp();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [consenting, setConsenting] = useState(false);
  const [sending, setSending] = useState(false);

  const load = useCallback(() => {
    setError(null);
    loadAll(id).then(setData).catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);
  useEffect(load, [load]);
  // while a report is on its way, look again every few seconds: the review moves on by itself
  const waiting = data?.requests.some((r) => r.status === 'pending') ?? false;
  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, [waiting, load]);

  const crumbs = [{ title: '社会救助' }, { title: '我的待办', to: '/inbox' }, { title: `定期复核 ${id}` }];
  if (error) {
    return (
      <PageContainer title="低保复核" crumbs={crumbs}>
        <Card>
          <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? '未找到该复核' : error.title}
            subTitle={error.status === 404 ? '复核不存在或不在您的管辖范围内' : undefined} extra={<Link to="/inbox"><Button type="primary">返回待办</Button></Link>} />
        </Card>
      </PageContainer>
    );
  }
  if (!data) return <PageContainer title="低保复核" crumbs={crumbs}><Card><Skeleton active paragraph={{ rows: 8 }} /></Card></PageContainer>;

  const { review: r, consents, requests, kase, changes } = data;
  const nameOf = (pid: number) => consents.members.find((m) => m.personId === pid)?.name ?? `人员 ${pid}`;
  const consentOf = new Map(consents.consents.map((c) => [c.personId, c]));
  const counted = consents.members.filter((m) => m.included);
  const lacking = counted.filter((m) => m.needsConsent && !consentOf.get(m.personId)?.valid);
  const open = r.status === 'open';
  const mayRequest = can.request && open && !waiting && !!kase && ['due', 'visited', 'recomputed', 'verifying'].includes(kase.state);

  const request = async () => {
    setSending(true);
    try {
      const res = await reviewsApi.requestVerification(r.id);
      message.success(`已发起核对，报告编号 ${res.reportNo}，各部门正在应答`);
      load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_MISSING') {
        modal.error({ title: '缺少有效的核对授权书，不能发起核对', content: <ul>{e.errors.map((x) => <li key={x.field}>{x.message}</li>)}</ul> });
      } else message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <PageContainer
      title={<Space wrap>{kase?.title ?? `低保复核 ${r.id}`}{kase && <CaseStateTag label={kase.stateLabel} final={kase.final} overdue={kase.overdue} />}{r.origin === 'change' && <Tag color="orange">核对发现变化</Tag>}</Space>}
      subTitle={`复核编号 ${r.id} · 区划 ${r.divisionCode} · ${CATEGORY_LABELS[r.category] ?? r.category} · ${r.dueOn} 到期`}
      crumbs={crumbs}
      extra={
        <Space wrap>
          {kase && <Link to={`/cases/${kase.id}`}><Button type="primary" icon={<SolutionOutlined />}>{kase.actions.length ? `办理（${kase.actions.map((x) => x.label).join('、')}）` : '查看办件'}</Button></Link>}
          <Link to={`/households/${r.householdId}`}><Button icon={<FileTextOutlined />}>家庭档案</Button></Link>
        </Space>
      }
    >
      {kase && !kase.final && (
        <Alert type={kase.overdue ? 'error' : 'info'} showIcon style={{ marginBottom: 16 }}
          title={<Space wrap>当前环节：{kase.stateLabel}　环节期限 {kase.dueAt ?? '—'}　剩余 <DaysLeft days={kase.daysLeft} overdue={kase.overdue} /></Space>} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title="经济状况核对" className="mz-review-verification"
            extra={can.request && open && (
              <Button type="primary" icon={<FileSearchOutlined />} loading={sending} disabled={!mayRequest} onClick={request}>{waiting ? '部门应答中' : '发起核对'}</Button>
            )}>
            {lacking.length > 0 && open && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }}
                title={`${lacking.map((m) => m.name).join('、')} 无有效的核对授权书，发起核对前须在复核时重新登记`}
                action={can.request && <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setConsenting(true)}>登记授权书</Button>} />
            )}
            <Table
              size="small" rowKey="personId" pagination={false} dataSource={counted} scroll={{ x: 'max-content' }}
              columns={[
                { title: '计入成员', dataIndex: 'name' },
                { title: '年龄', dataIndex: 'age', align: 'right' },
                { title: '授权方式', render: (_, m) => { const c = consentOf.get(m.personId); return c ? (c.kind === 'electronic' ? '电子确认' : '签字授权书') : '—'; } },
                { title: '授权日期', render: (_, m) => consentOf.get(m.personId)?.givenOn ?? '—' },
                { title: '有效期至', render: (_, m) => consentOf.get(m.personId)?.validUntil ?? '—' },
                { title: '状态', render: (_, m) => { const c = consentOf.get(m.personId); return !c ? (m.needsConsent ? <Tag color="red">缺少</Tag> : <Tag>未成年，无需本人授权</Tag>) : c.valid ? <Tag color="green">{c.at === 'review' ? '复核时登记' : '沿用申请时授权'}</Tag> : <Tag color="red">已过期</Tag>; } },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>核对请求</Typography.Title>
            <Table<RequestSummary>
              size="small" rowKey="id" pagination={false} dataSource={requests} scroll={{ x: 'max-content' }} locale={{ emptyText: '尚未发起核对' }}
              columns={[
                { title: '报告编号', dataIndex: 'reportNo', render: (n: string, q) => <Link to={`/verification/requests/${q.id}`}>{n}</Link> },
                { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'complete' ? <Tag color="green">已出具</Tag> : <Tag color="processing">应答中</Tag>) },
                { title: '差异', dataIndex: 'discrepancies', render: (n: number, q) => (q.status !== 'complete' ? '—' : n ? <Tag color="orange">{n} 项</Tag> : <Tag>无</Tag>) },
                { title: '发起', render: (_, q) => `${q.requestedByName} ${fmt(q.requestedAt)}` },
                { title: '有效期至', dataIndex: 'validUntil', render: (d: string | null) => d ?? '—' },
              ]}
            />
            {r.verification && (
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered style={{ marginTop: 16 }} title="复核所用核对报告">
                <Descriptions.Item label="报告编号"><Link to={`/verification/requests/${r.verification.reportId}`}>{r.verification.reportNo}</Link>（{r.verification.receivedOn} 出具）</Descriptions.Item>
                <Descriptions.Item label="差异">{r.verification.discrepancies ? <Link to={`/verification/requests/${r.verification.reportId}`}><Tag color="orange">{r.verification.discrepancies} 项，查看</Tag></Link> : '无'}</Descriptions.Item>
                <Descriptions.Item label="核实月收入">{yuan(r.verification.totals.monthlyIncomeFen)} 元</Descriptions.Item>
                <Descriptions.Item label="核实金融资产">{yuan(r.verification.totals.financialAssetsFen)} 元</Descriptions.Item>
                <Descriptions.Item label="机动车">{r.verification.totals.vehicles} 辆</Descriptions.Item>
                <Descriptions.Item label="唯一住房外住房">{r.verification.totals.extraHousing} 处</Descriptions.Item>
              </Descriptions>
            )}
            {r.verification && (r.verification.discrepancyItems?.length ?? 0) > 0 && (
              <Table
                size="small" rowKey={(_, i) => String(i)} pagination={false} style={{ marginTop: 12 }} dataSource={r.verification.discrepancyItems}
                title={() => <b>核对发现的差异（复核决定前须逐项核实）</b>}
                columns={[
                  { title: '程度', dataIndex: 'severity', width: 70, render: (v: string) => <Tag color={SEVERITY[v]?.color}>{SEVERITY[v]?.label ?? v}</Tag> },
                  { title: '差异', dataIndex: 'title', width: 160 },
                  { title: '说明', dataIndex: 'message' },
                ]}
              />
            )}
          </Card>
          <Card size="small" title={`核对发现的变化（${changes.length}）`} style={{ marginTop: 16 }}>
            <Table<Change>
              size="small" rowKey="id" pagination={false} dataSource={changes} scroll={{ x: 'max-content' }} locale={{ emptyText: '批量核对未发现该户的变化' }}
              columns={[
                { title: '类别', dataIndex: 'kind', render: (k: string) => <Tag>{CHANGE_LABELS[k] ?? k}</Tag> },
                { title: '情况', dataIndex: 'detail' },
                { title: '发现时间', dataIndex: 'foundAt', render: fmt },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="入户核查">
            {r.visit ? (
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="核查日期">{r.visit.visitedOn}</Descriptions.Item>
                <Descriptions.Item label="核查人员">{r.visit.investigators.map((i) => i.name).join('、')}</Descriptions.Item>
                <Descriptions.Item label="变化情况">{r.visit.changes}</Descriptions.Item>
              </Descriptions>
            ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未入户核查" />}
          </Card>
          <Card size="small" title="重新核算" style={{ marginTop: 16 }}>
            {r.calculation ? (
              <>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label="核算结果"><Tag color="blue">{r.calculation.suggestedLabel}</Tag></Descriptions.Item>
                  <Descriptions.Item label="现发放">{yuan(r.calculation.currentAmountFen)} 元/月</Descriptions.Item>
                  <Descriptions.Item label={`核算（${r.calculation.month}）`}>{yuan(r.calculation.monthlyAmountFen)} 元/月</Descriptions.Item>
                  <Descriptions.Item label="人均收入 / 标准">{yuan(r.calculation.perCapitaIncomeFen)} / {yuan(r.calculation.standardFen)} 元</Descriptions.Item>
                  <Descriptions.Item label="依据">{r.calculation.verifiedBy ? <>入户核查及核对报告 <Link to={`/verification/requests/${r.calculation.verifiedBy.reportId}`}>{r.calculation.verifiedBy.reportNo}</Link></> : '入户核查（未经部门核对）'}</Descriptions.Item>
                </Descriptions>
                {r.calculation.incomes && (
                  <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={r.calculation.incomes} locale={{ emptyText: '无收入' }}
                    columns={[
                      { title: '成员', dataIndex: 'personId', render: nameOf },
                      { title: '收入项目', dataIndex: 'kind', render: incomeKind },
                      { title: '月收入（元）', dataIndex: 'monthlyFen', align: 'right', render: (v: number) => yuan(v) },
                    ]} />
                )}
              </>
            ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="入户核查后按核查与核对结果重新核算" />}
          </Card>
          {r.outcome && (
            <Card size="small" title="复核决定" style={{ marginTop: 16 }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="决定">{OUTCOME_LABELS[r.outcome] ?? r.outcome}</Descriptions.Item>
                <Descriptions.Item label="决定日期">{r.decidedOn}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
      <ConsentModal reviewId={r.id} open={consenting} people={lacking} onClose={() => setConsenting(false)} onDone={() => { setConsenting(false); load(); }} />
    </PageContainer>
  );
}
