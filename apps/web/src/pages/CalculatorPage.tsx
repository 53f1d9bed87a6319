import { useState } from 'react';
import {
  Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Empty, Form, InputNumber, Radio, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography,
} from 'antd';
import { CalculatorOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../api/client';
import { assistanceApi } from '../api/endpoints';
import { useUser } from '../auth/AuthContext';
import type { CalcInput, CalcResult, CalcMember, Programme } from '../api/types';
import {
  CATEGORY, DISABILITY_KINDS, INCOME_KINDS, PROGRAMMES, SCHOOLING, SUPPORTER_STATUS, WORK_CAPACITY,
} from '../components/assistance-codes';
import { DivisionSelect } from '../components/DivisionSelect';
import { applyApiError } from '../components/form-errors';
import { toFen, yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';

interface MemberRow extends Omit<CalcMember, 'disabilityGrade'> {
  disabilityGrade?: number;
}

interface FormValues {
  programme: Programme;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  month: Dayjs;
  members: MemberRow[];
  incomes: { member: number; kind: string; monthlyYuan: number }[];
  assets: { financialYuan?: number; vehicles?: number; extraHousing?: number };
  irregularIncome?: boolean;
  tekun?: { applicant: number; mode: 'home_based' | 'institutional'; careGrade: string; supporters?: string[]; orphan?: boolean };
  temporary?: { kind: 'emergency' | 'expenditure'; months: number; approvingLevel: 'township' | 'county' };
}

/** form names ↔ request paths where they differ (yuan fields) */
const RENAME: Record<string, string> = { 'assets.financialFen': 'assets.financialYuan' };

function toRequest(v: FormValues): CalcInput {
  const members = (v.members ?? []).map((m) => {
    const out: CalcMember = { age: m.age };
    if (m.disabilityKind) out.disabilityKind = m.disabilityKind;
    if (m.disabilityGrade) out.disabilityGrade = m.disabilityGrade;
    if (m.seriousIllness) out.seriousIllness = true;
    if (m.schooling) out.schooling = m.schooling;
    if (m.workCapacity) out.workCapacity = m.workCapacity;
    return out;
  });
  const req: CalcInput = {
    programme: v.programme,
    divisionCode: v.divisionCode,
    urbanRural: v.urbanRural,
    month: v.month?.format('YYYY-MM'),
    members,
    incomes: (v.incomes ?? []).map((i) => ({ member: i.member, kind: i.kind, monthlyFen: toFen(i.monthlyYuan) })),
    assets: {
      financialFen: toFen(v.assets?.financialYuan),
      vehicles: v.assets?.vehicles ?? 0,
      extraHousing: v.assets?.extraHousing ?? 0,
    },
    irregularIncome: v.irregularIncome || undefined,
  };
  if (v.programme === 'tekun' && v.tekun) {
    req.tekun = {
      applicant: v.tekun.applicant ?? 0,
      mode: v.tekun.mode,
      careGrade: v.tekun.careGrade,
      supporters: (v.tekun.supporters ?? []).map((status) => ({ status })),
      orphan: !!v.tekun.orphan,
    };
  }
  if (v.programme === 'temporary' && v.temporary) req.temporary = v.temporary;
  return req;
}

function paramValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1000 ? `${yuan(v)} 元` : String(v);
  if (typeof v === 'string') return /^\d*\.\d+$/.test(v) ? `${Math.round(Number(v) * 1000) / 10}%` : v;
  return JSON.stringify(v);
}

export function ResultCard({ r }: { r: CalcResult }) {
  const cat = CATEGORY[r.category] ?? { label: r.category, color: 'default' };
  return (
    <>
      <Card
        size="small"
        title="测算结果"
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Tag color={r.eligible ? 'success' : 'error'} style={{ fontSize: 13, padding: '2px 10px' }}>{r.eligible ? '符合条件' : '不符合条件'}</Tag>
            <Tag color={cat.color}>{cat.label}</Tag>
            {r.inclusion && <Tag>{r.inclusion === 'household' ? '整户纳入' : '单人保'}</Tag>}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={8}><Statistic title="月救助金额（元）" value={yuan(r.monthlyAmountFen)} valueStyle={{ color: r.eligible ? '#1453b8' : undefined, fontWeight: 600 }} /></Col>
          <Col span={8}><Statistic title="家庭月人均收入（元）" value={yuan(r.perCapitaIncomeFen)} /></Col>
          <Col span={8}><Statistic title="适用标准（元/人·月）" value={yuan(r.standardFen)} /></Col>
        </Row>
        <Divider style={{ margin: '12px 0' }} />
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="计入人口">{r.membersCounted} 人</Descriptions.Item>
          <Descriptions.Item label="享受人数">{r.membersPaid} 人</Descriptions.Item>
          <Descriptions.Item label="家庭月收入">{yuan(r.householdIncomeFen)} 元</Descriptions.Item>
          {r.addOnsFen !== undefined && <Descriptions.Item label="分类施保加发">{yuan(r.addOnsFen)} 元</Descriptions.Item>}
          {r.totalAmountFen !== undefined && <Descriptions.Item label="一次性救助总额">{yuan(r.totalAmountFen)} 元</Descriptions.Item>}
          {r.reviewIntervalMonths !== undefined && <Descriptions.Item label="复核周期">{r.reviewIntervalMonths} 个月</Descriptions.Item>}
          {r.requiredApprovingLevel && <Descriptions.Item label="审批层级">{r.requiredApprovingLevel === 'county' ? '县级' : '乡镇（街道）'}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title="计算过程" style={{ marginBottom: 16 }} className="mz-steps">
        <ol>
          {r.explanation.map((s, i) => (
            <li key={i}>
              <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                <span>{s.text}</span>
                {s.amountFen !== undefined && <Tag color="blue" className="mz-num">+{yuan(s.amountFen)} 元</Tag>}
              </Space>
              <div className="mz-rule">依据：{s.rule}</div>
            </li>
          ))}
        </ol>
      </Card>
      <Card size="small" title={`所用参数（${r.parameters.length}）`}>
        {r.parameters.some((p) => p.isSample) && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="部分参数为示例值，尚未替换为本地公布标准，测算结果仅供参考" />
        )}
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={r.parameters}
          columns={[
            {
              title: '参数',
              dataIndex: 'title',
              render: (t: string, p) => (
                <Space size={4} wrap>
                  {t}
                  {p.isSample && <Tag color="orange">示例值</Tag>}
                  {p.overridden && <Tag color="blue">临时设定</Tag>}
                </Space>
              ),
            },
            { title: '取值', dataIndex: 'value', width: 140, render: paramValue },
            { title: '生效', dataIndex: 'effectiveFrom', width: 100, render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
            { title: '依据', dataIndex: 'source', ellipsis: true, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
          ]}
        />
      </Card>
    </>
  );
}

export function CalculatorPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [result, setResult] = useState<CalcResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const programme = Form.useWatch('programme', form);
  const members = Form.useWatch('members', form) ?? [];

  const run = async (v: FormValues) => {
    setLoading(true);
    setError(null);
    try {
      setResult(await assistanceApi.calculate(toRequest(v)));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
      setResult(null);
      // incomes[].monthlyFen is typed as monthlyYuan in the form
      const rename: Record<string, string> = { ...RENAME };
      for (const fe of e.errors) {
        const m = /^incomes\.(\d+)\.monthlyFen$/.exec(fe.field);
        if (m) rename[fe.field] = `incomes.${m[1]}.monthlyYuan`;
      }
      applyApiError(form, e, message, rename);
    } finally {
      setLoading(false);
    }
  };

  const memberOptions = members.map((m, i) => ({ value: i, label: `成员${i + 1}${m?.age !== undefined ? `（${m.age}岁）` : ''}` }));

  return (
    <PageContainer
      title="救助测算"
      subTitle="按户籍区划和月份在用的标准试算救助金额，不保存、不留档"
      crumbs={[{ title: '社会救助' }, { title: '救助测算' }]}
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form<FormValues>
            form={form}
            layout="vertical"
            onFinish={run}
            initialValues={{
              programme: 'dibao',
              // a township or village user computes for their own area unless they pick a village
              divisionCode: user.divisionCode.length >= 6 ? user.divisionCode : undefined,
              urbanRural: 'rural',
              month: dayjs().startOf('month'),
              members: [{ age: 68, workCapacity: 'none' }, { age: 42, workCapacity: 'full' }],
              incomes: [{ member: 1, kind: 'wage', monthlyYuan: 500 }],
              assets: { financialYuan: 0, vehicles: 0, extraHousing: 0 },
              tekun: { applicant: 0, mode: 'home_based', careGrade: 'self_caring', supporters: [], orphan: false },
              temporary: { kind: 'emergency', months: 3, approvingLevel: 'township' },
            }}
          >
            <Card size="small" title="基本情况" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="programme" label="救助项目" rules={[{ required: true }]}>
                    <Select options={PROGRAMMES} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="divisionCode" label="户籍所在村（社区）" rules={[{ required: true, message: '请选择区划' }]}>
                    <DivisionSelect minLevel={5} placeholder="选择村（社区）" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="urbanRural" label="城乡分类" rules={[{ required: true }]}>
                    <Radio.Group optionType="button" options={[{ value: 'urban', label: '城市' }, { value: 'rural', label: '农村' }]} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="month" label="计算月份" rules={[{ required: true, message: '请选择月份' }]}>
                    <DatePicker picker="month" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
              {programme === 'tekun' && (
                <Row gutter={16}>
                  <Col span={8}>
                    <Form.Item name={['tekun', 'applicant']} label="申请人">
                      <Select options={memberOptions} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['tekun', 'mode']} label="供养方式">
                      <Select options={[{ value: 'home_based', label: '分散供养' }, { value: 'institutional', label: '集中供养' }]} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['tekun', 'careGrade']} label="生活自理能力">
                      <Select options={[{ value: 'self_caring', label: '全自理' }, { value: 'partly_dependent', label: '部分自理' }, { value: 'fully_dependent', label: '完全不能自理' }]} />
                    </Form.Item>
                  </Col>
                  <Col span={16}>
                    <Form.Item name={['tekun', 'supporters']} label="法定义务人情况" tooltip="每位义务人选一项；可重复选择同一项请逐人添加">
                      <Select mode="multiple" allowClear placeholder="无法定义务人则留空" options={SUPPORTER_STATUS} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['tekun', 'orphan']} label=" " valuePropName="checked">
                      <Checkbox>符合孤儿认定条件</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
              )}
              {programme === 'temporary' && (
                <Row gutter={16}>
                  <Col span={8}>
                    <Form.Item name={['temporary', 'kind']} label="救助类型">
                      <Select options={[{ value: 'emergency', label: '急难型' }, { value: 'expenditure', label: '支出型' }]} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['temporary', 'months']} label="救助月数">
                      <InputNumber min={1} max={120} style={{ width: '100%' }} suffix="个月" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['temporary', 'approvingLevel']} label="审批层级">
                      <Select options={[{ value: 'township', label: '乡镇（街道）' }, { value: 'county', label: '县级' }]} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </Card>

            <Form.List name="members">
              {(fields, { add, remove }) => (
                <Card
                  size="small"
                  title={`家庭成员（${fields.length}）`}
                  style={{ marginBottom: 16 }}
                  extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ age: 30, workCapacity: 'full' })}>添加成员</Button>}
                >
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="key"
                    dataSource={fields}
                    className="mz-edit-table"
                    columns={[
                      { title: '序号', width: 60, render: (_: unknown, _f, i) => `成员${i + 1}` },
                      {
                        title: '年龄',
                        width: 80,
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'age']} noStyle rules={[{ required: true, message: '请填写年龄' }]}>
                            <InputNumber min={0} max={150} size="small" style={{ width: '100%' }} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '残疾类别 / 等级',
                        width: 190,
                        render: (_: unknown, f) => (
                          <Space.Compact size="small" style={{ width: '100%' }}>
                            <Form.Item name={[f.name, 'disabilityKind']} noStyle>
                              <Select size="small" allowClear placeholder="无" options={DISABILITY_KINDS} style={{ width: '62%' }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'disabilityGrade']} noStyle>
                              <Select size="small" allowClear placeholder="级" options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${g}级` }))} style={{ width: '38%' }} />
                            </Form.Item>
                          </Space.Compact>
                        ),
                      },
                      {
                        title: '重病',
                        width: 52,
                        align: 'center',
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'seriousIllness']} valuePropName="checked" noStyle>
                            <Checkbox />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '在学',
                        width: 100,
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'schooling']} noStyle>
                            <Select size="small" allowClear placeholder="—" options={SCHOOLING} style={{ width: '100%' }} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '劳动能力',
                        width: 130,
                        render: (_: unknown, f) => (
                          <Form.Item name={[f.name, 'workCapacity']} noStyle>
                            <Select size="small" allowClear placeholder="—" options={WORK_CAPACITY} style={{ width: '100%' }} />
                          </Form.Item>
                        ),
                      },
                      {
                        title: '',
                        width: 36,
                        render: (_: unknown, f) =>
                          fields.length > 1 && <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除成员" onClick={() => remove(f.name)} />,
                      },
                    ]}
                  />
                  <MemberErrors />
                </Card>
              )}
            </Form.List>

            <Form.List name="incomes">
              {(fields, { add, remove }) => (
                <Card
                  size="small"
                  title="家庭收入（月）"
                  style={{ marginBottom: 16 }}
                  extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ member: 0, kind: 'wage', monthlyYuan: 0 })}>添加收入</Button>}
                >
                  {fields.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无收入" />
                  ) : (
                    fields.map((f) => (
                      <Row gutter={8} key={f.key} align="top">
                        <Col span={6}>
                          <Form.Item name={[f.name, 'member']} rules={[{ required: true, message: '请选择成员' }]} style={{ marginBottom: 8 }}>
                            <Select size="small" options={memberOptions} placeholder="成员" />
                          </Form.Item>
                        </Col>
                        <Col span={11}>
                          <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '请选择收入项目' }]} style={{ marginBottom: 8 }}>
                            <Select
                              size="small"
                              placeholder="收入项目"
                              options={[
                                { label: '计入家庭收入', options: INCOME_KINDS.filter((k) => !k.usuallyExcluded) },
                                { label: '按规定通常不计入（以在用参数为准）', options: INCOME_KINDS.filter((k) => k.usuallyExcluded) },
                              ]}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[f.name, 'monthlyYuan']} rules={[{ required: true, message: '请填写金额' }]} style={{ marginBottom: 8 }}>
                            <InputNumber size="small" min={0} precision={2} style={{ width: '100%' }} suffix="元/月" />
                          </Form.Item>
                        </Col>
                        <Col span={1}>
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除收入" onClick={() => remove(f.name)} />
                        </Col>
                      </Row>
                    ))
                  )}
                  <Form.Item name="irregularIncome" valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox>收入来源不固定（影响复核周期）</Checkbox>
                  </Form.Item>
                </Card>
              )}
            </Form.List>

            <Card size="small" title="家庭财产" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                <Col span={10}>
                  <Form.Item name={['assets', 'financialYuan']} label="金融资产合计" tooltip="存款、有价证券、基金、商业保险、债权等">
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix="元" />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={['assets', 'vehicles']} label="机动车" tooltip="不含残疾人功能性补偿代步车和生产经营必需车辆">
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix="辆" />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={['assets', 'extraHousing']} label="唯一住房外住房">
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} suffix="套" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
            <Space>
              <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={loading} size="large">开始测算</Button>
              <Button onClick={() => { form.resetFields(); setResult(null); setError(null); }}>重置</Button>
            </Space>
          </Form>
        </Col>
        <Col span={10}>
          {error && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={error.title}
              description={error.errors.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul> : error.detail}
            />
          )}
          {result ? (
            <ResultCard r={result} />
          ) : (
            <Card size="small" title="测算结果">
              <Empty description={<>填写家庭情况后点击 <b>开始测算</b></>} />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>
                金额以元填写，按分精确计算；测算使用所选月份 1 日在用的救助标准，结果逐步列出计算依据。
                <Tooltip title="示例值为系统预置的演示参数，须由市级管理员在「救助标准」中替换为本地公布标准">
                  <Tag color="orange" style={{ marginInlineStart: 6 }}>示例值</Tag>
                </Tooltip>
                标记的参数尚待替换。
              </Typography.Paragraph>
            </Card>
          )}
        </Col>
      </Row>
    </PageContainer>
  );
}

/** Errors on members[n].… show under the table (the cells are compact). */
function MemberErrors() {
  const form = Form.useFormInstance();
  const errors = form
    .getFieldsError()
    .filter((f) => f.name[0] === 'members' && f.errors.length)
    .map((f) => `成员${Number(f.name[1]) + 1}：${f.errors.join('，')}`);
  return errors.length ? <Alert type="error" style={{ marginTop: 8 }} title={errors.join('；')} /> : null;
}
