import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { lowIncomeApi, type Assessment, type LowIncomeCategory, type RecognitionFacts } from '../api/assistance-reports';
import { applyApiError } from './form-errors';
import { ExplanationList } from './ExplanationList';
import { INCOME_KINDS } from './assistance-codes';
import { toFen, yuan } from './money';

export interface RecognitionTarget {
  householdId: number;
  headName: string;
  members: { personId: number; name: string; age?: number }[];
}

interface Values {
  category: LowIncomeCategory;
  incomes?: { personId: number; kind: string; monthlyYuan: number }[];
  financialYuan?: number;
  vehicles?: number;
  extraHousing?: number;
  incomeLast12MonthsYuan?: number;
  medicalYuan?: number;
  educationYuan?: number;
  rehabilitationYuan?: number;
  perCapitaDisposableYuan?: number;
  note?: string;
}

/** Form field names for the API's body paths, so refusals land on the right field. */
const RENAME: Record<string, string> = {
  incomeLast12MonthsFen: 'incomeLast12MonthsYuan', perCapitaDisposableIncomeLastYearFen: 'perCapitaDisposableYuan',
  'spending.medicalFen': 'medicalYuan', 'spending.educationFen': 'educationYuan', 'spending.rehabilitationFen': 'rehabilitationYuan',
  'assets.financialFen': 'financialYuan', 'assets.vehicles': 'vehicles', 'assets.extraHousing': 'extraHousing',
};

function factsOf(v: Values): RecognitionFacts {
  const note = v.note?.trim() || null;
  if (v.category === 'near_dibao') {
    return {
      category: 'near_dibao', note,
      incomes: (v.incomes ?? []).filter((i) => i && i.personId && i.kind).map((i) => ({ personId: Number(i.personId), kind: i.kind, monthlyFen: toFen(i.monthlyYuan) })),
      assets: { financialFen: toFen(v.financialYuan), vehicles: v.vehicles ?? 0, extraHousing: v.extraHousing ?? 0 },
    };
  }
  return {
    category: 'rigid_expense', note,
    incomeLast12MonthsFen: toFen(v.incomeLast12MonthsYuan),
    spending: { medicalFen: toFen(v.medicalYuan), educationFen: toFen(v.educationYuan), rehabilitationFen: toFen(v.rehabilitationYuan) },
    perCapitaDisposableIncomeLastYearFen: toFen(v.perCapitaDisposableYuan),
  };
}

/**
 * 低收入人口认定 (or its renewal): the facts, a trial calculation with every step, then the
 * recognition. Refusals keep the dialog open with the reason on the field or above the form.
 */
export function RecognitionModal({ target, renew, open, onClose, onDone }: {
  target: RecognitionTarget | null;
  renew?: { id: number; version: number; category: LowIncomeCategory; validTo: string };
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const category = Form.useWatch('category', form) ?? renew?.category ?? 'near_dibao';
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState<'assess' | 'save' | null>(null);

  useEffect(() => {
    if (!open) return;
    setAssessment(null);
    setRefusal(null);
    form.resetFields();
    form.setFieldsValue({ category: renew?.category ?? 'near_dibao', incomes: [], vehicles: 0, extraHousing: 0 });
  }, [open, renew?.category, form]);

  const run = async (what: 'assess' | 'save') => {
    if (!target) return;
    const values = await form.validateFields();
    const facts = factsOf(values);
    setBusy(what);
    setRefusal(null);
    try {
      if (what === 'assess') {
        setAssessment(await lowIncomeApi.assess({ ...facts, householdId: target.householdId }));
        return;
      }
      if (renew) await lowIncomeApi.renew(renew.id, renew.version, facts);
      else await lowIncomeApi.recognise({ ...facts, householdId: target.householdId });
      message.success(renew ? '已续期' : `已认定为${category === 'near_dibao' ? '低保边缘家庭' : '刚性支出困难家庭'}`);
      onDone();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.errors.length) applyApiError(form, e, message, RENAME);
      else setRefusal(e.title);
      if (e.detail) {
        try {
          const d = JSON.parse(e.detail) as { explanation?: Assessment['explanation'] };
          if (d.explanation) setAssessment({ category, eligible: false, outcome: 'none', persons: 0, perCapitaIncomeFen: 0, validFrom: null, validTo: null, explanation: d.explanation });
        } catch { /* not a calculation */ }
      }
    } finally {
      setBusy(null);
    }
  };

  const yuanInput = (label: string, name: keyof Values, extra?: string, required = false) => (
    <Form.Item name={name} label={label} extra={extra} rules={required ? [{ required: true, message: `请填写${label}` }] : []}>
      <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix="元" />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      width={760}
      title={`${renew ? '续期' : '认定'}低收入家庭 · ${target?.headName ?? ''}户`}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>取消</Button>,
        <Button key="assess" onClick={() => run('assess')} loading={busy === 'assess'}>试算</Button>,
        <Button key="save" type="primary" onClick={() => run('save')} loading={busy === 'save'}>{renew ? '确认续期' : '确认认定'}</Button>,
      ]}
    >
      {renew && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`当前有效期至 ${renew.validTo}；按复核时的家庭情况重新计算，符合条件的有效期顺延`} />}
      {refusal && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refusal} />}
      <Form form={form} layout="vertical" preserve={false} onValuesChange={() => setAssessment(null)}>
        <Form.Item name="category" label="认定类别" rules={[{ required: true }]}>
          <Radio.Group disabled={!!renew} optionType="button" options={[{ value: 'near_dibao', label: '低保边缘家庭' }, { value: 'rigid_expense', label: '刚性支出困难家庭' }]} />
        </Form.Item>
        {category === 'near_dibao' ? (
          <>
            <Typography.Text type="secondary">家庭成员 {target?.members.length ?? 0} 人均计入。收入按月填写；不计入的项目（奖学金、优抚金等）照实填写，计算时排除。</Typography.Text>
            <Form.List name="incomes">
              {(fields, { add, remove }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'personId']} rules={[{ required: true, message: '选择成员' }]}>
                        <Select style={{ width: 140 }} placeholder="成员" options={target?.members.map((m) => ({ value: m.personId, label: m.name }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: '选择项目' }]}>
                        <Select style={{ width: 280 }} placeholder="收入项目" options={INCOME_KINDS.map((k) => ({ value: k.value, label: k.usuallyExcluded ? `${k.label}（不计入）` : k.label }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'monthlyYuan']} rules={[{ required: true, message: '填写金额' }]}>
                        <InputNumber min={0} precision={2} style={{ width: 160 }} suffix="元/月" />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'wage' })}>添加一项收入</Button>
                </div>
              )}
            </Form.List>
            <Divider plain style={{ margin: '12px 0' }}>家庭财产</Divider>
            <Row gutter={12}>
              <Col span={10}>{yuanInput('金融资产合计', 'financialYuan')}</Col>
              <Col span={7}><Form.Item name="vehicles" label="机动车（辆）"><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={7}><Form.Item name="extraHousing" label="唯一住房外住房（套）"><InputNumber min={0} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
          </>
        ) : (
          <Row gutter={12}>
            <Col span={12}>{yuanInput('近 12 个月家庭总收入', 'incomeLast12MonthsYuan', undefined, true)}</Col>
            <Col span={12}>{yuanInput('上年度当地居民人均可支配收入', 'perCapitaDisposableYuan', '统计部门公布的数字', true)}</Col>
            <Col span={8}>{yuanInput('自付医疗费用', 'medicalYuan', '近 12 个月')}</Col>
            <Col span={8}>{yuanInput('教育支出', 'educationYuan', '近 12 个月')}</Col>
            <Col span={8}>{yuanInput('康复支出', 'rehabilitationYuan', '近 12 个月')}</Col>
          </Row>
        )}
        <Form.Item name="note" label="调查情况（备注）" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：入户核实，户主因病长期就医" />
        </Form.Item>
      </Form>
      {assessment && (
        <Alert
          type={assessment.eligible ? 'success' : 'warning'}
          showIcon
          title={assessment.eligible
            ? `符合条件：人均月收入 ${yuan(assessment.perCapitaIncomeFen)} 元，有效期 ${assessment.validFrom} 至 ${assessment.validTo}`
            : '不符合认定条件'}
          description={<ExplanationList steps={assessment.explanation} />}
        />
      )}
    </Modal>
  );
}
