import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { elderlyApi, LEVEL_COLORS, type DomainKey, type SavedAssessment, type ScoreResult } from '../../api/elderly';

const NO_EVENTS = { fall: 0, choking: 0, selfHarm: 0, wandering: 0, other: 0 };

/** 老年人能力评估 (GB/T 42195-2022): 26 items, subtotals and total live, the level with its adjustments. */
export function AssessmentPage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const personId = Number(params.get('personId'));
  const form = useLoaded(() => elderlyApi.form(), []);
  const file = useLoaded((s) => (personId ? elderlyApi.file(personId, s) : Promise.resolve(null)), [personId]);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [flags, setFlags] = useState({ dementia: false, psychiatricDiagnosis: false, coma: false });
  const [events, setEvents] = useState<Record<string, number>>(NO_EVENTS);
  const [result, setResult] = useState<ScoreResult | null>(null);
  const [saved, setSaved] = useState<SavedAssessment | null>(null);
  const [saving, setSaving] = useState(false);
  const [meta] = Form.useForm();

  const items = form.data?.items ?? [];
  const subtotals = useMemo(() => {
    const s: Record<DomainKey, number> = { selfCare: 0, motor: 0, mental: 0, perception: 0 };
    for (const i of items) s[i.domain] += answers[i.key] ?? 0;
    return s;
  }, [answers, items]);
  const total = subtotals.selfCare + subtotals.motor + subtotals.mental + subtotals.perception;
  const missing = items.filter((i) => answers[i.key] === undefined).length;

  useEffect(() => {
    if (!items.length || missing > 0) { setResult(null); return; }
    const t = setTimeout(() => {
      elderlyApi.score({ answers, ...flags, riskEvents30d: events }).then(setResult).catch(() => setResult(null));
    }, 150);
    return () => clearTimeout(t);
  }, [answers, flags, events, missing, items.length]);

  const save = async () => {
    const v = await meta.validateFields();
    setSaving(true);
    try {
      const r = await elderlyApi.saveAssessment({
        personId, assessedOn: v.assessedOn.format('YYYY-MM-DD'), reason: v.reason,
        assessors: [{ name: v.assessor1 }, { name: v.assessor2 }], notes: v.notes || undefined,
        answers, ...flags, riskEvents30d: events,
      });
      setSaved(r);
      message.success('评估已保存');
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setSaving(false);
    }
  };

  const person = file.data?.person;
  if (saved) {
    return (
      <PageContainer title="老年人能力评估" crumbs={[{ title: '老年人名册', to: '/elderly/register' }, { title: '能力评估' }]}>
        <Result status="success" title={`${person?.name ?? ''} 的能力等级：${saved.level} 级 ${saved.levelLabel}`}
          subTitle={`总分 ${saved.total}；下次评估日期 ${saved.nextDueOn}${saved.adjustments.length ? `；${saved.adjustments.map((a) => a.text).join('；')}` : ''}`}
          extra={[
            <Button key="report" href={elderlyApi.reportUrl(saved.id)} target="_blank">打印评估报告</Button>,
            <Link key="file" to={`/elderly/persons/${personId}`}><Button type="primary">返回老人档案</Button></Link>,
          ]} />
      </PageContainer>
    );
  }

  return (
    <PageContainer title="老年人能力评估" subTitle="GB/T 42195-2022" crumbs={[{ title: '老年人名册', to: '/elderly/register' }, { title: '能力评估' }]}>
      {!personId && <Alert type="info" showIcon message="请从老年人名册中选择一位老人进行评估" />}
      {(form.error || file.error) && <Alert type="error" showIcon message={form.error ?? file.error} />}
      {person && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={4} items={[
            { key: 'n', label: '姓名', children: person.name }, { key: 'a', label: '年龄', children: `${person.age} 岁` },
            { key: 'i', label: '身份证号', children: person.idNumber }, { key: 'd', label: '区划', children: person.divisionCode },
          ]} />
        </Card>
      )}
      <Row gutter={16}>
        <Col xs={24} lg={17}>
          {form.data && (Object.keys(form.data.domains) as DomainKey[]).map((d) => (
            <Card key={d} size="small" style={{ marginBottom: 16 }}
              title={<Space>{form.data!.domains[d].label}<Tag color="blue" data-testid={`subtotal-${d}`}>小计 {subtotals[d]} / {form.data!.domains[d].max}</Tag></Space>}>
              {items.filter((i) => i.domain === d).map((i) => (
                <div key={i.key} style={{ marginBottom: 12 }} data-testid={`item-${i.key}`}>
                  <Typography.Text strong>{i.no}. {i.label}</Typography.Text>
                  <Radio.Group style={{ display: 'flex', flexDirection: 'column', marginTop: 4 }} value={answers[i.key]}
                    onChange={(e) => setAnswers((a) => ({ ...a, [i.key]: e.target.value as number }))}>
                    {[...i.options.keys()].reverse().map((s) => <Radio key={s} value={s}>{s} 分：{i.options[s]}</Radio>)}
                  </Radio.Group>
                </div>
              ))}
            </Card>
          ))}
        </Col>
        <Col xs={24} lg={7}>
          <div style={{ position: 'sticky', top: 16 }}>
            <Card size="small" title="评估结果" style={{ marginBottom: 16 }}>
              <Space size="large">
                <Statistic title="总分" value={total} suffix="/ 90" data-testid="total" />
                <Statistic title="未评项目" value={missing} />
              </Space>
              {result ? (
                <div style={{ marginTop: 12 }} data-testid="level">
                  <div>初步等级：{result.initialLevel} 级 {form.data?.levels[result.initialLevel]}</div>
                  {result.adjustments.map((a) => <Alert key={a.rule} style={{ marginTop: 8 }} type="warning" showIcon message={a.text} />)}
                  <div style={{ marginTop: 8, fontSize: 16 }}>能力等级：<Tag color={LEVEL_COLORS[result.level]} style={{ fontSize: 16, padding: '2px 8px' }}>{result.level} 级 {result.levelLabel}</Tag></div>
                </div>
              ) : <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>全部 26 项评分后显示能力等级</Typography.Paragraph>}
            </Card>
            <Card size="small" title="等级变更依据" style={{ marginBottom: 16 }}>
              <Space direction="vertical">
                <Checkbox checked={flags.dementia} onChange={(e) => setFlags((f) => ({ ...f, dementia: e.target.checked }))}>确诊认知障碍/痴呆（F00–F03）</Checkbox>
                <Checkbox checked={flags.psychiatricDiagnosis} onChange={(e) => setFlags((f) => ({ ...f, psychiatricDiagnosis: e.target.checked }))}>精神科诊断的其他精神和行为障碍</Checkbox>
                <Checkbox checked={flags.coma} onChange={(e) => setFlags((f) => ({ ...f, coma: e.target.checked }))}>昏迷</Checkbox>
                <Typography.Text type="secondary">近 30 天照护风险事件（次）</Typography.Text>
                {form.data && Object.entries(form.data.riskEvents).map(([k, label]) => (
                  <Space key={k}><span style={{ width: 64, display: 'inline-block' }}>{label}</span>
                    <InputNumber min={0} max={99} value={events[k]} onChange={(v) => setEvents((e) => ({ ...e, [k]: v ?? 0 }))} /></Space>
                ))}
              </Space>
            </Card>
            <Card size="small" title="评估信息">
              <Form form={meta} layout="vertical" initialValues={{ assessedOn: dayjs(), reason: 'first' }}>
                <Form.Item name="assessedOn" label="评估日期" rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
                <Form.Item name="reason" label="评估原因" rules={[{ required: true }]}>
                  <Select options={Object.entries(form.data?.reasons ?? {}).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Form.Item name="assessor1" label="评估员一" rules={[{ required: true, message: '须两名评估员' }]}><Input /></Form.Item>
                <Form.Item name="assessor2" label="评估员二" rules={[{ required: true, message: '须两名评估员' }]}><Input /></Form.Item>
                <Form.Item name="notes" label="备注"><Input.TextArea rows={2} /></Form.Item>
                <Button type="primary" block disabled={!personId || missing > 0} loading={saving} onClick={save}>保存评估</Button>
              </Form>
            </Card>
          </div>
        </Col>
      </Row>
    </PageContainer>
  );
}
