import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { JsonSchema } from '../api/types';

/**
 * Form fields generated from the JSON Schema a workflow step publishes for its input.
 * Fields sit under `input.…`, so a field error the server reports as `input.investigators.1.name`
 * lands on that field. Amounts named `…Fen` are typed in yuan and sent in fen; dates use a picker.
 */

const KNOWN_LABELS: Record<string, string> = {
  reportNo: '核对报告编号',
  investigators: '入户调查人员',
  name: '姓名',
  signedOn: '签字日期',
  visitedOn: '入户日期',
  objection: '异议内容',
  reasons: '不予纳入理由',
  reason: '理由',
  grounds: '复核理由',
  monthlyAmountFen: '月救助金额',
  amountFen: '金额',
  comment: '意见',
  opinion: '意见',
  decision: '决定',
  date: '日期',
  notes: '备注',
  note: '备注',
  employeeNo: '工号',
  role: '职务',
  agree: '同意',
  approved: '同意',
  sources: '核对来源',
  source: '数据来源',
  finding: '核对结果',
  monthlyIncomeFen: '核实月收入',
  assetsFen: '核实财产',
  incomes: '核实后的收入',
  personId: '成员（人员编号）',
  kind: '收入项目',
  monthlyFen: '月收入',
  totals: '核实结果合计',
  financialAssetsFen: '金融资产合计',
  vehicles: '机动车（辆）',
  extraHousing: '唯一住房外住房（套）',
  userId: '工作人员编号',
  signed: '已签字',
  findings: '调查情况',
  housing: '住房情况',
  livingConditions: '生活状况',
  incomeMatchesDeclaration: '收入与申报一致',
  heldOn: '评议日期',
  participants: '参加人数',
  outcome: '评议结果',
  raisedBy: '异议提出人',
  days: '办理时限（工作日）',
  overallDueAt: '总办理期限',
  from: '原',
  to: '延至',
  noticeFrom: '公示起始日期',
  noticeUntil: '公示截止日期',
};

const ENUM_LABELS: Record<string, string> = {
  approve: '同意', reject: '不同意', agree: '同意', disagree: '不同意', yes: '是', no: '否',
  township: '乡镇（街道）', county: '县级', urban: '城市', rural: '农村', home_based: '分散供养', institutional: '集中供养',
  household_registration: '户籍', tax: '税务', social_insurance: '社会保险', real_estate: '不动产', business_registration: '市场主体登记',
  housing_fund: '住房公积金', vehicles: '车辆', bank_deposits: '银行存款', commercial_insurance: '商业保险', securities: '证券',
  marriage: '婚姻登记', death_cremation: '死亡火化', medical_insurance: '医疗保险',
  wage: '工资性收入', business: '家庭经营净收入', property: '财产净收入', transfer: '转移净收入', social_insurance_benefit: '社会保险待遇',
  longevity_allowance: '高龄津贴', scholarship: '奖学金', special_care_pension: '优待抚恤金', family_planning_reward: '计划生育奖励与扶助金',
  bravery_award: '见义勇为等奖励', assistance: '社会救助款物', basic_residents_pension: '城乡居民基础养老金',
};

/** the non-null branch of `anyOf: [X, {type: 'null'}]` */
export function unwrap(s: JsonSchema): JsonSchema {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const real = alts.filter((a) => a.type !== 'null');
    if (real.length === 1) return { ...real[0], description: s.description ?? real[0].description, title: s.title ?? real[0].title };
    if (real.every((a) => a.const !== undefined)) return { type: 'string', enum: real.map((a) => a.const as string), description: s.description };
  }
  return s;
}

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);
const isDate = (s: JsonSchema) => typeOf(s) === 'string' && (s.format === 'date' || /\\d\{4\}-\\d\{2\}-\\d\{2\}|YYYY-MM-DD/.test(s.pattern ?? ''));
const isFen = (key: string, s: JsonSchema) => /Fen$/.test(key) && (typeOf(s) === 'integer' || typeOf(s) === 'number');

function labelOf(key: string, s: JsonSchema): string {
  if (s.title) return s.title;
  if (KNOWN_LABELS[key]) return KNOWN_LABELS[key];
  // a Chinese description's first clause makes a label; the rest becomes the help text
  if (s.description && /[\u4e00-\u9fa5]/.test(s.description)) return s.description.split(/[（(：:，,；;]/)[0].slice(0, 16);
  return key;
}

function helpOf(key: string, s: JsonSchema): string | undefined {
  if (!s.description) return undefined;
  return labelOf(key, s) === s.description ? undefined : s.description;
}

function rulesOf(key: string, s: JsonSchema, required: boolean, label: string) {
  const rules: object[] = [];
  const t = typeOf(s);
  if (required && t !== 'boolean') rules.push({ required: true, message: `请填写${label}` });
  if (t === 'string' && !isDate(s)) {
    if (s.minLength && s.minLength > 1) rules.push({ min: s.minLength, message: `${label}至少 ${s.minLength} 个字` });
    if (s.maxLength) rules.push({ max: s.maxLength, message: `${label}不超过 ${s.maxLength} 个字` });
  }
  if ((t === 'integer' || t === 'number') && !isFen(key, s)) {
    if (s.minimum !== undefined) rules.push({ type: 'number', min: s.minimum, message: `${label}不小于 ${s.minimum}` });
    if (s.maximum !== undefined) rules.push({ type: 'number', max: s.maximum, message: `${label}不大于 ${s.maximum}` });
  }
  return rules;
}

interface FieldProps {
  schema: JsonSchema;
  propKey: string;
  name: (string | number)[];
  required: boolean;
  /** inside a row of an array item: a blank label keeps checkboxes in line */
  inRow?: boolean;
}

/** Short fields of an array item share a row; long text and nested objects take the full width. */
function spanOf(key: string, raw: JsonSchema): number {
  const s = unwrap(raw);
  const t = typeOf(s);
  if (t === 'object' || t === 'array') return 24;
  if (t === 'string' && ((s.maxLength ?? 0) > 100 || /reason|grounds|objection|opinion|comment|note|finding/i.test(key))) return 24;
  return 8;
}

function Field({ schema: raw, propKey, name, required, inRow }: FieldProps): ReactNode {
  const s = unwrap(raw);
  const t = typeOf(s);
  const label = labelOf(propKey, s);
  const help = helpOf(propKey, s);
  const rules = rulesOf(propKey, s, required, label);

  if (s.enum) {
    return (
      <Form.Item name={name} label={label} tooltip={help} rules={rules}>
        <Select allowClear={!required} placeholder={`请选择${label}`} options={s.enum.map((v) => ({ value: v, label: ENUM_LABELS[String(v)] ?? String(v) }))} />
      </Form.Item>
    );
  }
  if (t === 'boolean' && s.const === true) {
    return (
      <Form.Item name={name} label={inRow ? ' ' : undefined} colon={false} valuePropName="checked" tooltip={help} rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(`须确认${label}`))) }]}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
    );
  }
  if (t === 'boolean') {
    return (
      <Form.Item name={name} label={label} tooltip={help} valuePropName="checked" initialValue={s.default ?? false}>
        <Switch checkedChildren="是" unCheckedChildren="否" />
      </Form.Item>
    );
  }
  if (isDate(s)) {
    return (
      <Form.Item name={name} label={label} tooltip={help} rules={rules}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    );
  }
  if (isFen(propKey, s)) {
    return (
      <Form.Item name={name} label={label} tooltip={help ?? '以元为单位填写，提交时按分保存'} rules={rules}>
        <InputNumber min={0} precision={2} step={10} style={{ width: '100%' }} suffix="元" />
      </Form.Item>
    );
  }
  if (t === 'integer' || t === 'number') {
    return (
      <Form.Item name={name} label={label} tooltip={help} rules={rules}>
        <InputNumber precision={t === 'integer' ? 0 : undefined} style={{ width: '100%' }} />
      </Form.Item>
    );
  }
  if (t === 'array' && s.items) {
    const item = unwrap(s.items);
    if (typeOf(item) === 'object' && item.properties) {
      const min = s.minItems ?? 0;
      return (
        <Form.Item label={label} tooltip={help} required={required || min > 0} style={{ marginBottom: 8 }}>
          <Form.List name={name} initialValue={Array.from({ length: Math.max(min, 1) }, () => ({}))}>
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }} size={8}>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    type="inner"
                    styles={{ body: { paddingBottom: 0 } }}
                    title={`${label.replace(/人员$/, '人')} ${i + 1}`}
                    extra={fields.length > min && <MinusCircleOutlined aria-label="删除" onClick={() => remove(f.name)} />}
                  >
                    <Row gutter={12}>
                      {Object.entries(item.properties!).map(([k, sub]) => (
                        <Col key={k} span={spanOf(k, sub)}>
                          <Field schema={sub} propKey={k} name={[f.name, k]} required={(item.required ?? []).includes(k)} inRow />
                        </Col>
                      ))}
                    </Row>
                  </Card>
                ))}
                {(s.maxItems === undefined || fields.length < s.maxItems) && (
                  <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
                    添加{label.replace(/人员$/, '人')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    }
    const itemEnum = item.enum;
    return (
      <Form.Item name={name} label={label} tooltip={help} rules={rules}>
        <Select
          mode={itemEnum ? 'multiple' : 'tags'}
          placeholder={itemEnum ? `请选择${label}` : '输入后回车'}
          options={itemEnum?.map((v) => ({ value: v, label: ENUM_LABELS[String(v)] ?? String(v) }))}
        />
      </Form.Item>
    );
  }
  if (t === 'object' && s.properties) {
    return (
      <Card size="small" type="inner" title={label} style={{ marginBottom: 12 }}>
        {Object.entries(s.properties).map(([k, sub]) => (
          <Field key={k} schema={sub} propKey={k} name={[...name, k]} required={(s.required ?? []).includes(k)} />
        ))}
      </Card>
    );
  }
  const long = (s.maxLength ?? 0) > 100 || /reason|grounds|objection|opinion|comment|note/i.test(propKey);
  return (
    <Form.Item name={name} label={label} tooltip={help} rules={rules}>
      {long ? <Input.TextArea rows={3} showCount={!!s.maxLength} maxLength={s.maxLength} /> : <Input maxLength={s.maxLength} />}
    </Form.Item>
  );
}

/** The fields of an object schema, placed under `prefix` (default `input`). */
export function SchemaFields({ schema, prefix = ['input'] }: { schema: JsonSchema; prefix?: (string | number)[] }) {
  const s = unwrap(schema);
  if (typeOf(s) !== 'object' || !s.properties) return null;
  return (
    <>
      {Object.entries(s.properties).map(([k, sub]) => (
        <Field key={k} schema={sub} propKey={k} name={[...prefix, k]} required={(s.required ?? []).includes(k)} />
      ))}
    </>
  );
}

/** Form values → the request's `input`: dates as YYYY-MM-DD, yuan as fen, empty strings dropped. */
export function toInput(schema: JsonSchema, value: unknown, key = ''): unknown {
  const s = unwrap(schema);
  if (value === undefined || value === null || value === '') return undefined;
  if (isDate(s) && dayjs.isDayjs(value)) return (value as Dayjs).format('YYYY-MM-DD');
  if (isFen(key, s) && typeof value === 'number') return Math.round(value * 100);
  const t = typeOf(s);
  if (t === 'array' && Array.isArray(value) && s.items) return value.map((v) => toInput(s.items!, v));
  if (t === 'object' && s.properties && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, sub] of Object.entries(s.properties)) {
      const v = toInput(sub, (value as Record<string, unknown>)[k], k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (typeof value === 'string') return value.trim() || undefined;
  return value;
}

/** A step's recorded input as one readable line: labels in Chinese, amounts in yuan, codes named. */
export function describeInput(input: unknown, key = ''): string {
  if (input === null || input === undefined || input === '') return '';
  if (typeof input === 'boolean') return input ? '是' : '否';
  if (typeof input === 'number') return /Fen$/.test(key) ? `${(input / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元` : String(input);
  if (typeof input === 'string') return ENUM_LABELS[input] ?? input;
  if (Array.isArray(input)) return input.map((x) => describeInput(x, key)).filter(Boolean).join('、');
  const entries = Object.entries(input as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const inner = entries.map(([k, v]) => {
    const text = describeInput(v, k);
    return typeof v === 'object' ? `${KNOWN_LABELS[k] ?? k}：${text}` : k === 'name' || k === 'source' ? text : `${KNOWN_LABELS[k] ?? k} ${text}`;
  });
  return key ? inner.join('，') : inner.join('；');
}
