import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Progress, Result, Row, Skeleton, Space, Tag, Timeline, Tooltip, Typography,
} from 'antd';
import { ClockCircleOutlined, FieldTimeOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { casesApi } from '../api/endpoints';
import type { AvailableTransition, CaseDetail, CaseHistoryEntry } from '../api/types';
import { roleLabel } from '../auth/roles';
import { CaseStateTag, DaysLeft } from '../components/CaseBits';
import { applyApiError } from '../components/form-errors';
import { PageContainer } from '../components/PageContainer';
import { describeInput, SchemaFields, toInput } from '../components/SchemaForm';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

/** A refusal the form cannot pin on a field: shown in the dialog, with what to do next. */
function Refusal({ error, onReload }: { error: ApiError; onReload: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // braces: newer browsers return a promise from scrollIntoView, which must not become the cleanup
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  const hint =
    error.status === 403 ? '您的角色或管辖范围不能办理此环节。'
    : error.status === 409 ? '办件已被他人办理或状态已变化，请刷新后查看最新情况。'
    : error.status === 422 ? '所填信息不符合办理条件，请按提示修改。'
    : undefined;
  return (
    <div ref={ref}>
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={`${error.status ? `${error.status} · ` : ''}${error.title}`}
      description={
        <>
          {error.detail && /[^\x00-\x7f]/.test(error.detail) && <div>{error.detail}</div>}
          {error.errors.filter((e) => !e.field || e.field === 'input').map((e, i) => <div key={i}>{e.message}</div>)}
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        </>
      }
      action={error.status === 409 ? <Button size="small" onClick={onReload}>刷新办件</Button> : undefined}
    />
    </div>
  );
}

function TransitionModal({ kase, action, onClose, onDone }: { kase: CaseDetail; action: AvailableTransition | null; onClose: () => void; onDone: (c: CaseDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);

  useEffect(() => {
    if (action) {
      form.resetFields();
      setRefusal(null);
    }
  }, [action, form]);

  const submit = async () => {
    if (!action) return;
    const values = await form.validateFields();
    setSaving(true);
    setRefusal(null);
    try {
      const input = action.input ? toInput(action.input, values.input ?? {}) : undefined;
      const next = await casesApi.transition(kase.id, action.name, {
        input,
        comment: values.comment?.trim() || undefined,
        expectedVersion: kase.version,
      });
      message.success(`已办理：${action.label}`);
      onDone(next);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setRefusal(e);
      if (e.errors.some((f) => f.field && f.field !== 'input')) applyApiError(form, e, message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!action}
      title={action ? `${action.label}` : ''}
      onCancel={onClose}
      onOk={submit}
      okText="确认办理"
      confirmLoading={saving}
      width={640}
      destroyOnHidden
    >
      {action && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={<>办理后进入「{action.toLabel}」环节</>} />
          {refusal && <Refusal error={refusal} onReload={() => onDone(kase)} />}
          <Form form={form} layout="vertical" preserve={false}>
            {action.input && <SchemaFields schema={action.input} />}
            <Form.Item name="comment" label="办理意见" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
              <Input.TextArea rows={3} placeholder="可填写办理意见，记入办理记录" showCount maxLength={2000} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

function ExtendModal({ kase, open, onClose, onDone }: { kase: CaseDetail; open: boolean; onClose: () => void; onDone: (c: CaseDetail) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setSaving(true);
    setRefusal(null);
    try {
      const next = await casesApi.extend(kase.id, { reason: reason.trim(), expectedVersion: kase.version });
      message.success('已延长办理时限');
      onDone(next);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setRefusal(e);
      if (e.errors.length) applyApiError(form, e, message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title="延长办理时限" onCancel={onClose} onOk={submit} okText="确认延长" confirmLoading={saving} destroyOnHidden>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="办理时限只能延长一次"
        description="情况复杂的，经批准可延长至法定上限，须书面说明理由并记入审计。"
      />
      {refusal && <Refusal error={refusal} onReload={() => onDone(kase)} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="延长理由" rules={[{ required: true, whitespace: true, message: '请填写延长理由' }, { max: 2000 }]}>
          <Input.TextArea rows={4} showCount maxLength={2000} placeholder="如：申请人收入情况复杂，需跨部门核对" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function inputSummary(h: Pick<CaseHistoryEntry, 'name' | 'input'>): string | null {
  // a re-routed case (the household moved) names the divisions it left and joined
  const moved = h.name === 'reroute' ? (h.input as { divisionCode?: { from?: string; to?: string } } | null)?.divisionCode : undefined;
  if (moved) return `转出 ${moved.from ?? '—'} → 转入 ${moved.to ?? '—'}`;
  const text = describeInput(h.input);
  return text || null;
}

function OverallLimit({ kase }: { kase: CaseDetail }) {
  if (!kase.overallDueAt || !kase.overallLimitDays) return <Typography.Text type="secondary">本事项无总办理时限</Typography.Text>;
  const start = dayjs(kase.overallStartedOn ?? kase.openedAt);
  const end = dayjs(kase.overallDueAt);
  const now = kase.closedAt ? dayjs(kase.closedAt) : dayjs();
  const pct = Math.max(0, Math.min(100, Math.round((now.diff(start, 'day') / Math.max(1, end.diff(start, 'day'))) * 100)));
  const late = !kase.closedAt && now.isAfter(end, 'day');
  return (
    <div>
      <Space size={8} wrap>
        <span>法定 {kase.overallLimitDays} 个工作日</span>
        {kase.extended && (
          <Tooltip title={kase.extensionReason ?? undefined}>
            <Tag color="orange" icon={<FieldTimeOutlined />}>已延长</Tag>
          </Tooltip>
        )}
        <Typography.Text type="secondary">
          {start.format('YYYY-MM-DD')} 起，至 <b className="mz-mono" style={{ color: late ? '#cf1322' : undefined }}>{kase.overallDueAt}</b> 止
        </Typography.Text>
      </Space>
      <Progress percent={pct} size="small" status={late ? 'exception' : kase.closedAt ? 'success' : pct >= 80 ? 'active' : 'normal'} strokeColor={late ? undefined : pct >= 80 ? '#d46b08' : undefined} />
    </div>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const [kase, setKase] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [action, setAction] = useState<AvailableTransition | null>(null);
  const [extending, setExtending] = useState(false);

  const load = useCallback(() => {
    setError(null);
    casesApi
      .get(id)
      .then(setKase)
      .catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);
  useEffect(load, [load]);

  const crumbs = [{ title: '业务办理' }, { title: '我的待办', to: '/inbox' }, { title: kase?.title ?? `办件 ${id}` }];
  if (error) {
    return (
      <PageContainer title="办件" crumbs={crumbs}>
        <Card>
          <Result
            status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
            title={error.status === 404 ? '未找到该办件' : error.title}
            subTitle={error.status === 404 ? '办件不存在或不在您的管辖范围内' : undefined}
            extra={<Link to="/inbox"><Button type="primary">返回待办</Button></Link>}
          />
        </Card>
      </PageContainer>
    );
  }
  if (!kase) {
    return (
      <PageContainer title="办件" crumbs={crumbs}>
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      </PageContainer>
    );
  }

  const done = (c: CaseDetail) => {
    setAction(null);
    setExtending(false);
    if (c === kase) load();
    else setKase(c);
  };
  const history = [...kase.history].reverse();

  return (
    <PageContainer
      title={
        <Space>
          {kase.title ?? `${kase.workflowLabel} #${kase.id}`}
          <CaseStateTag label={kase.stateLabel} final={kase.final} overdue={kase.overdue} />
          {kase.overdue && <Tag color="red">已逾期</Tag>}
        </Space>
      }
      subTitle={`${kase.workflowLabel} · 办件号 ${kase.id} · 区划 ${kase.divisionCode} · 受理于 ${fmt(kase.openedAt)}`}
      crumbs={crumbs}
      extra={
        <Space wrap>
          {kase.actions.map((a, i) => (
            <Button key={a.name} type={i === 0 ? 'primary' : 'default'} danger={/refuse|reject|不予|驳回/.test(a.name + a.label)} onClick={() => setAction(a)}>
              {a.label}
            </Button>
          ))}
          {kase.mayExtend && (
            <Button icon={<ClockCircleOutlined />} onClick={() => setExtending(true)}>延长办理时限</Button>
          )}
          {kase.subjectType === 'assistance_application' && (
            <Link to={`/assistance/applications/${kase.subjectId}`}><Button>查看申请材料</Button></Link>
          )}
          {kase.subjectType === 'assistance_review' && (
            <Link to={`/assistance/reviews/${kase.subjectId}`}><Button>复核与核对情况</Button></Link>
          )}
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="刷新" />
        </Space>
      }
    >
      {kase.final ? (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`已办结：${kase.stateLabel}`} description={kase.closedAt ? `办结时间 ${fmt(kase.closedAt)}` : undefined} />
      ) : kase.actions.length === 0 ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="当前环节不由您办理" description="您可以查看办件进度和办理记录。" />
      ) : null}
      <Row gutter={16}>
        <Col span={15}>
          <Card size="small" title="办理期限" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={2} bordered styles={{ label: { width: 120 } }}>
              <Descriptions.Item label="当前环节">{kase.stateLabel}</Descriptions.Item>
              <Descriptions.Item label="进入环节">{fmt(kase.stateEnteredAt)}</Descriptions.Item>
              <Descriptions.Item label="环节期限">
                <span className="mz-mono" style={{ color: kase.dueAt && kase.overdue ? '#cf1322' : undefined }}>{kase.dueAt ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="剩余工作日">
                <DaysLeft days={kase.daysLeft} overdue={kase.overdue} beyond={kase.beyondKnownSchedule} />
              </Descriptions.Item>
              <Descriptions.Item label="总办理时限" span={2}>
                <OverallLimit kase={kase} />
              </Descriptions.Item>
              {kase.extended && kase.extensionReason && (
                <Descriptions.Item label="延长理由" span={2}>{kase.extensionReason}</Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title="可办理操作">
            {kase.actions.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无可办理的操作" />
            ) : (
              <Descriptions size="small" column={1} bordered styles={{ label: { width: 160 } }}>
                {kase.actions.map((a) => (
                  <Descriptions.Item key={a.name} label={a.label}>
                    <Space>
                      <span>办理后进入「{a.toLabel}」</span>
                      {a.input && <Tag>需填写信息</Tag>}
                      <Typography.Link onClick={() => setAction(a)}>办理</Typography.Link>
                    </Space>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col span={9}>
          <Card size="small" title={`办理记录（${kase.history.length}）`}>
            {history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" />
            ) : (
              <Timeline
                style={{ marginTop: 8 }}
                items={history.map((h: CaseHistoryEntry, i) => ({
                  color: i === 0 ? 'blue' : 'gray',
                  content: (
                    <div>
                      <div>
                        <b>{h.label}</b>
                        {h.fromLabel && <Typography.Text type="secondary">　{h.fromLabel} → {h.toLabel}</Typography.Text>}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {h.actorName}（{roleLabel(h.actorRole)}）· {fmt(h.at)}
                      </Typography.Text>
                      {h.comment && <div style={{ marginTop: 4 }}>意见：{h.comment}</div>}
                      {inputSummary(h) && (
                        <div style={{ marginTop: 2, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>{inputSummary(h)}</div>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <TransitionModal kase={kase} action={action} onClose={() => setAction(null)} onDone={done} />
      <ExtendModal kase={kase} open={extending} onClose={() => setExtending(false)} onDone={done} />
    </PageContainer>
  );
}
