import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Result, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { applicationsApi, householdsApi } from '../api/endpoints';
import type { Household, Programme } from '../api/types';
import { applyApiError } from '../components/form-errors';
import { INCOME_KINDS, PROGRAMMES } from '../components/assistance-codes';
import { toFen } from '../components/money';
import { PageContainer } from '../components/PageContainer';
import { TekunIntakeFields, TemporaryIntakeFields } from '../components/ProgrammeIntakeFields';
import { DOCUMENT_TITLES, REQUIRED_DOCUMENTS, type CareAbility, type ProgrammeIntake, type TekunDetails, type TemporaryDetails } from '../api/programmes';

interface Values {
  programme: Programme;
  applicantPersonId: string;
  members: { personId: string; name: string; included: boolean; reason?: string }[];
  incomes: { personId: string; kind: string; monthlyYuan: number }[];
  assets: { financialYuan?: number; vehicles?: number; extraHousing?: number };
  documents: string[];
  tekun?: Omit<TekunDetails, 'careAssessment'> & { careAssessment?: Partial<Record<CareAbility, boolean>> };
  temporary?: Omit<TemporaryDetails, 'grants' | 'expenseFen'> & { expenseYuan?: number };
  [consent: `consent_${string}`]: boolean;
}

/** supporting documents any programme may carry; the rest belong to one programme's checklist */
const OPTIONAL_DOCUMENTS = ['disability_certificate', 'medical_records', 'student_certificate', 'other'];
const ABILITIES: CareAbility[] = ['eating', 'dressing', 'transferring', 'toileting', 'walking', 'bathing'];

/** 受理救助申请: one window for the household's application; everything missing is listed at once. */
export function ApplicationNewPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const householdId = sp.get('householdId') ?? '';
  const [hh, setHh] = useState<Household | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [missing, setMissing] = useState<ApiError | null>(null);
  const [form] = Form.useForm<Values>();
  const programme = Form.useWatch('programme', form) ?? 'dibao';
  const applicantId = Form.useWatch('applicantPersonId', form);

  useEffect(() => {
    if (!householdId) return;
    householdsApi.get(householdId).then((h) => {
      setHh(h);
      const living = h.members.filter((m) => m.status === 'living');
      form.setFieldsValue({
        programme: 'dibao',
        applicantPersonId: h.head?.id,
        members: living.map((m) => ({ personId: m.personId, name: m.name, included: true })),
        incomes: [],
        assets: { financialYuan: 0, vehicles: 0, extraHousing: 0 },
        documents: [],
        tekun: { mode: 'home_based', supporters: [], orphan: false, careAssessment: Object.fromEntries(ABILITIES.map((k) => [k, true])) },
        temporary: { kind: 'emergency', cause: 'fire', description: '', months: 1 },
      });
    }).catch((e) => (e instanceof ApiError ? setLoadError(e) : Promise.reject(e)));
  }, [householdId, form]);

  const crumbs = [{ title: '社会救助' }, { title: '受理申请' }];
  if (!householdId || loadError) {
    return (
      <PageContainer title="受理救助申请" crumbs={crumbs}>
        <Card>
          <Result status="info" title={loadError ? loadError.title : '请从家庭档案发起申请'} subTitle="在「人员查询」中找到申请人，进入其家庭户页面，点击「受理救助申请」。" extra={<Link to="/persons"><Button type="primary">人员查询</Button></Link>} />
        </Card>
      </PageContainer>
    );
  }
  if (!hh) return <PageContainer title="受理救助申请" crumbs={crumbs}><Card><Skeleton active /></Card></PageContainer>;

  const living = hh.members.filter((m) => m.status === 'living');
  const adults = living.filter((m) => m.age >= 18);
  // tekun verifies the applicant alone (a guardian confirms for a minor); dibao and temporary every counted adult
  const consenting = programme === 'tekun' ? living.filter((m) => String(m.personId) === String(applicantId)) : adults;
  const required = REQUIRED_DOCUMENTS[programme] ?? [];
  const memberOptions = living.map((m) => ({ value: m.personId, label: `${m.name}（${m.age}岁）` }));

  const submit = async (v: Values) => {
    setSaving(true);
    setMissing(null);
    const now = dayjs().format('YYYY-MM-DDTHH:mm:ssZ');
    try {
      const t = v.tekun;
      const tmp = v.temporary;
      const body: ProgrammeIntake = {
        programme: v.programme,
        householdId: Number(hh.id),
        applicantPersonId: Number(v.applicantPersonId),
        // only the checkbox and reason are form fields; who each row is comes from the household
        members: living.map((m, i) => {
          const row = v.members?.[i] ?? { included: true };
          return { personId: Number(m.personId), included: !!row.included, ...(row.included ? {} : { reason: row.reason?.trim() || undefined }) };
        }),
        incomes: (v.incomes ?? []).map((i) => ({ personId: Number(i.personId), kind: i.kind, monthlyFen: toFen(i.monthlyYuan) })),
        assets: { financialFen: toFen(v.assets?.financialYuan), vehicles: v.assets?.vehicles ?? 0, extraHousing: v.assets?.extraHousing ?? 0 },
        consents: consenting
          .filter((m) => v[`consent_${m.personId}`])
          .map((m) => ({ personId: Number(m.personId), kind: 'electronic' as const, confirmedBy: m.name, confirmedAt: now })),
        documents: (v.documents ?? []).map((code) => ({ code })),
        ...(v.programme === 'tekun' && t ? {
          tekun: {
            mode: t.mode, orphan: !!t.orphan, supporters: t.supporters ?? [],
            ...(t.disabilityKind && t.disabilityGrade ? { disabilityKind: t.disabilityKind, disabilityGrade: t.disabilityGrade } : {}),
            ...(t.schooling ? { schooling: t.schooling } : {}),
            careAssessment: Object.fromEntries(ABILITIES.map((k) => [k, !!t.careAssessment?.[k]])) as Record<CareAbility, boolean>,
          },
        } : {}),
        ...(v.programme === 'temporary' && tmp ? {
          temporary: {
            kind: tmp.kind, cause: tmp.cause, description: tmp.description?.trim() ?? '', months: tmp.months,
            ...(tmp.expenseYuan ? { expenseFen: toFen(tmp.expenseYuan) } : {}),
          },
        } : {}),
      };
      const a = await applicationsApi.create(body);
      message.success(`已受理，申请编号 ${a.id}`);
      navigate(`/assistance/applications/${a.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setMissing(e);
      const rename: Record<string, string> = {};
      for (const fe of e.errors) {
        if (fe.field.startsWith('documents.')) rename[fe.field] = 'documents';
        const c = /^consents\.(\d+)$/.exec(fe.field);
        if (c) rename[fe.field] = `consent_${c[1]}`;
        const inc = /^incomes\.(\d+)\.monthlyFen$/.exec(fe.field);
        if (inc) rename[fe.field] = `incomes.${inc[1]}.monthlyYuan`;
        if (fe.field === 'temporary.expenseFen') rename[fe.field] = 'temporary.expenseYuan';
      }
      applyApiError(form, e, message, rename);
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageContainer
      title="受理救助申请"
      subTitle={`${hh.head?.name ?? ''}户 · 户编号 ${hh.id} · ${hh.divisionName}；材料不全时一次性告知全部缺项`}
      crumbs={[...crumbs, { title: `${hh.head?.name ?? ''}户`, to: `/households/${hh.id}` }]}
    >
      {missing && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={missing.title}
          description={missing.errors.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{missing.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul> : missing.detail}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Partial<Values>) => {
          // another programme: keep only the documents its checklist shows
          if (!changed.programme) return;
          const shown = [...(REQUIRED_DOCUMENTS[changed.programme] ?? []), ...OPTIONAL_DOCUMENTS];
          form.setFieldValue('documents', (form.getFieldValue('documents') ?? []).filter((c: string) => shown.includes(c)));
        }}
      >
        <Row gutter={16}>
          <Col span={15}>
            <Card size="small" title="申请事项" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="programme" label="救助项目" rules={[{ required: true }]}>
                    <Select options={PROGRAMMES} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="applicantPersonId" label="申请人" rules={[{ required: true, message: '请选择申请人' }]}>
                    <Select options={memberOptions} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
            {programme === 'tekun' && <TekunIntakeFields />}
            {programme === 'temporary' && <TemporaryIntakeFields />}
            <Form.List name="members">
              {(fields) => (
                <Card size="small" title="共同生活家庭成员" style={{ marginBottom: 16 }}>
                  <Table
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={fields}
                    columns={[
                      { title: '姓名', width: 160, render: (_: unknown, f) => `${living[f.name]?.name ?? ''}（${living[f.name]?.age ?? ''}岁）` },
                      {
                        title: '计入',
                        width: 70,
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'included']} valuePropName="checked" noStyle>
                            <Checkbox />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '不计入原因',
                        render: (_: unknown, f) => (
                          <Form.Item noStyle shouldUpdate>
                            {() =>
                              form.getFieldValue(['members', f.name, 'included']) ? (
                                <Typography.Text type="secondary">—</Typography.Text>
                              ) : (
                                <Form.Item name={[f.name, 'reason']} noStyle>
                                  <Input size="small" placeholder="如：服刑、在宗教场所居住三年以上" />
                                </Form.Item>
                              )
                            }
                          </Form.Item>
                        ),
                      },
                    ]}
                  />
                </Card>
              )}
            </Form.List>
            <Form.List name="incomes">
              {(fields, { add, remove }) => (
                <Card size="small" title="申报收入（月）" style={{ marginBottom: 16 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ personId: hh.head?.id, kind: 'wage', monthlyYuan: 0 })}>添加收入</Button>}>
                  {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无收入" />}
                  {fields.map((f) => (
                    <Row gutter={8} key={f.key}>
                      <Col span={6}><Form.Item name={[f.name, 'personId']} style={{ marginBottom: 8 }}><Select size="small" options={memberOptions} /></Form.Item></Col>
                      <Col span={11}><Form.Item name={[f.name, 'kind']} style={{ marginBottom: 8 }}><Select size="small" options={INCOME_KINDS} /></Form.Item></Col>
                      <Col span={6}><Form.Item name={[f.name, 'monthlyYuan']} style={{ marginBottom: 8 }}><InputNumber size="small" min={0} precision={2} suffix="元/月" style={{ width: '100%' }} /></Form.Item></Col>
                      <Col span={1}><Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除收入" /></Col>
                    </Row>
                  ))}
                </Card>
              )}
            </Form.List>
            <Card size="small" title="家庭财产">
              <Row gutter={16}>
                <Col span={10}><Form.Item name={['assets', 'financialYuan']} label="金融资产合计"><InputNumber min={0} precision={2} suffix="元" style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={7}><Form.Item name={['assets', 'vehicles']} label="机动车"><InputNumber min={0} precision={0} suffix="辆" style={{ width: '100%' }} /></Form.Item></Col>
                <Col span={7}><Form.Item name={['assets', 'extraHousing']} label="唯一住房外住房"><InputNumber min={0} precision={0} suffix="套" style={{ width: '100%' }} /></Form.Item></Col>
              </Row>
            </Card>
          </Col>
          <Col span={9}>
            <Card size="small" title="申请材料" style={{ marginBottom: 16 }}>
              <Form.Item name="documents" style={{ marginBottom: 0 }}>
                <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                  {Object.entries(DOCUMENT_TITLES)
                    .filter(([code]) => required.includes(code) || OPTIONAL_DOCUMENTS.includes(code))
                    .sort(([a], [b]) => Number(!required.includes(a)) - Number(!required.includes(b)))
                    .map(([code, label]) => (
                      <Checkbox key={code} value={code}>
                        {label} {required.includes(code) && <Tag color="red" style={{ marginInlineStart: 4 }}>必交</Tag>}
                      </Checkbox>
                    ))}
                </Checkbox.Group>
              </Form.Item>
            </Card>
            <Card size="small" title="家庭经济状况核对授权" style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {programme === 'tekun' ? '核对申请人本人的经济状况，须本人（未成年人由监护人）确认授权' : '成年家庭成员须本人（或监护人）确认授权'}；勾选即记录为窗口电子确认。
              </Typography.Paragraph>
              {consenting.map((m) => (
                <Form.Item key={m.personId} name={`consent_${m.personId}`} valuePropName="checked" style={{ marginBottom: 6 }}>
                  <Checkbox>{m.name}（{m.age}岁）已确认授权</Checkbox>
                </Form.Item>
              ))}
            </Card>
            <Space>
              <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={saving}>受理</Button>
              <Link to={`/households/${hh.id}`}><Button size="large">取消</Button></Link>
            </Space>
          </Col>
        </Row>
      </Form>
    </PageContainer>
  );
}
