import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, DatePicker, Divider, Form, Input, Modal, Radio, Row, Select, Space, Statistic, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/client';
import { elderlyOps, type Hazard } from '../../../api/elderly';
import { applyApiError } from '../../../components/form-errors';

interface Values {
  inspectedOn: Dayjs;
  inspectors: string[];
  checks: Record<string, { passed?: boolean; note?: string }>;
  hazards: { description: string; deadline: Dayjs }[];
  rectifiedHazardIds: number[];
}

/** Score as the server gives it: the share of items passed, out of 100, rounded half up. */
const scoreOf = (passed: number, n: number) => (n ? Math.floor((passed * 200 + n) / (2 * n)) : 0);

/** 监督检查: the checklist item by item with a live score, hazards found with a deadline, open hazards found rectified. */
export function InspectionModal({ open, institutionId, onClose, onSaved }: { open: boolean; institutionId: number; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [checklist, setChecklist] = useState<Record<string, string>>({});
  const [openHazards, setOpenHazards] = useState<Hazard[]>([]);
  const [saving, setSaving] = useState(false);
  const checks = Form.useWatch('checks', form) ?? {};

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ inspectedOn: dayjs(), inspectors: [], hazards: [], rectifiedHazardIds: [] });
    elderlyOps.checklist().then(setChecklist).catch(() => setChecklist({}));
    elderlyOps.hazards({ institutionId, status: 'open' }).then(setOpenHazards).catch(() => setOpenHazards([]));
  }, [open, institutionId, form]);

  const codes = Object.keys(checklist);
  const answered = codes.filter((c) => checks[c]?.passed != null);
  const passed = answered.filter((c) => checks[c]?.passed).length;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const r = await elderlyOps.recordInspection({
        institutionId, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'), inspectors: v.inspectors.map((name) => ({ name: name.trim() })),
        checklist: codes.map((code) => ({ code, passed: !!v.checks[code].passed, ...(v.checks[code].note?.trim() ? { note: v.checks[code].note!.trim() } : {}) })),
        hazards: (v.hazards ?? []).map((h) => ({ description: h.description.trim(), deadline: h.deadline.format('YYYY-MM-DD') })),
        rectifiedHazardIds: v.rectifiedHazardIds ?? [],
      });
      message.success(`检查已登记，得分 ${r.score}`);
      onSaved();
    } catch (e) { if (e instanceof ApiError) applyApiError(form, e, message); else throw e; } finally { setSaving(false); }
  };

  return (
    <Modal open={open} title="登记监督检查" width={860} onOk={submit} confirmLoading={saving} onCancel={onClose} okText="保存检查记录" destroyOnHidden>
      <Form form={form} layout="vertical">
        <Row gutter={16}>
          <Col span={8}><Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name="inspectors" label="检查人员（至少两人）" rules={[{ required: true, message: '请填写检查人员' }, { type: 'array', min: 2, message: '监督检查须至少两人' }]}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入姓名后回车" /></Form.Item></Col>
          <Col span={4}><Statistic title={`得分（${answered.length}/${codes.length} 项）`} value={scoreOf(passed, codes.length)} /></Col>
        </Row>
        <Divider titlePlacement="start" plain>检查清单</Divider>
        {codes.map((code) => (
          <Row key={code} gutter={12} align="middle">
            <Col span={9}><Typography.Text>{checklist[code]}</Typography.Text></Col>
            <Col span={6}><Form.Item name={['checks', code, 'passed']} rules={[{ required: true, message: '请选择' }]} style={{ marginBottom: 8 }}>
              <Radio.Group options={[{ value: true, label: '符合' }, { value: false, label: '不符合' }]} data-testid={`check-${code}`} /></Form.Item></Col>
            <Col span={9}><Form.Item name={['checks', code, 'note']} style={{ marginBottom: 8 }}><Input placeholder="情况说明" maxLength={500} /></Form.Item></Col>
          </Row>
        ))}
        <Divider titlePlacement="start" plain>本次发现的安全隐患</Divider>
        <Form.List name="hazards">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'description']} rules={[{ required: true, whitespace: true, message: '请描述隐患' }]} style={{ width: 480 }}><Input placeholder="隐患描述" /></Form.Item>
                  <Form.Item name={[f.name, 'deadline']} rules={[{ required: true, message: '请选择整改期限' }]}><DatePicker placeholder="整改期限" /></Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ deadline: dayjs().add(30, 'day') })}>添加隐患</Button>
            </>
          )}
        </Form.List>
        {openHazards.length > 0 && (
          <>
            <Divider titlePlacement="start" plain>复查：已整改的隐患（勾选后关闭）</Divider>
            <Form.Item name="rectifiedHazardIds">
              <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={openHazards.map((h) => ({ value: h.id, label: `${h.description}（期限 ${h.deadline}${h.overdue ? '，已逾期' : ''}）` }))} />
            </Form.Item>
          </>
        )}
        {!codes.length && <Alert type="warning" showIcon message="检查清单未加载" />}
      </Form>
    </Modal>
  );
}
