import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Radio, Rate, Row, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/client';
import { elderlyOps, FIRE_SAFETY, OWNERSHIP, type InstitutionInput, type InstitutionRecord } from '../../../api/elderly';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { applyApiError } from '../../../components/form-errors';

type Values = Omit<InstitutionInput, 'licenceExpiresOn'> & { licenceExpiresOn?: Dayjs | null };

interface Props { open: boolean; institution?: InstitutionInput & { id: number } | null; onClose: () => void; onSaved: (i: InstitutionRecord) => void }

/** 登记 / 修改养老机构: the licence and its expiry, beds and nursing beds, staff, fire safety, rating, address. */
export function InstitutionFormDrawer({ open, institution, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (institution) form.setFieldsValue({ ...institution, licenceExpiresOn: institution.licenceExpiresOn ? dayjs(institution.licenceExpiresOn) : null });
    else form.setFieldsValue({ ownership: 'public', comprehensive: false, fireSafety: 'passed', rating: 0, beds: 0, nursingBeds: 0, staff: 0 });
  }, [open, institution, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: InstitutionInput = {
      ...v, name: v.name.trim(), licenceNo: v.licenceNo?.trim() || null, address: v.address?.trim() || null,
      licenceExpiresOn: v.licenceExpiresOn ? v.licenceExpiresOn.format('YYYY-MM-DD') : null,
      lng: institution?.divisionCode === v.divisionCode ? institution?.lng ?? null : null, lat: institution?.divisionCode === v.divisionCode ? institution?.lat ?? null : null,
    };
    setSaving(true);
    try {
      const saved = institution ? await elderlyOps.updateInstitution(institution.id, body) : await elderlyOps.createInstitution(body);
      message.success(institution ? '机构信息已保存' : `已登记养老机构：${saved.name}`);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message); else throw e;
    } finally { setSaving(false); }
  };

  return (
    <Drawer title={institution ? `修改机构信息 · ${institution.name}` : '登记养老机构'} size={720} open={open} onClose={onClose} destroyOnHidden
      extra={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={submit}>保存</Button></Space>}>
      <Form form={form} layout="vertical" requiredMark scrollToFirstError>
        <Row gutter={16}>
          <Col span={16}><Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请输入机构名称' }, { min: 2, message: '机构名称至少 2 个字' }, { max: 100 }]}><Input /></Form.Item></Col>
          <Col span={8}><Form.Item name="comprehensive" label="乡镇（街道）区域养老服务中心" valuePropName="checked" tooltip="计入“乡镇综合性养老机构覆盖率”"><Switch /></Form.Item></Col>
        </Row>
        <Form.Item name="ownership" label="机构性质" rules={[{ required: true, message: '请选择机构性质' }]}>
          <Radio.Group optionType="button" options={Object.entries(OWNERSHIP).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="divisionCode" label="所在乡镇（街道）或村（社区）" rules={[{ required: true, message: '请选择所在区划' }]}><DivisionSelect minLevel={4} /></Form.Item></Col>
          <Col span={12}><Form.Item name="address" label="地址" rules={[{ max: 200 }]}><Input placeholder="街道门牌" /></Form.Item></Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="licenceNo" label="设立许可证号 / 备案号" rules={[{ max: 50 }]}><Input /></Form.Item></Col>
          <Col span={12}><Form.Item name="licenceExpiresOn" label="许可有效期至" tooltip="90 天内到期或已过期时预警"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}><Form.Item name="beds" label="床位总数" rules={[{ required: true, message: '请输入床位总数' }]}><InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="nursingBeds" label="护理型床位" dependencies={['beds']} rules={[{ required: true, message: '请输入护理型床位数' },
            ({ getFieldValue }) => ({ validator: (_, v: number) => (v == null || v <= (getFieldValue('beds') ?? 0) ? Promise.resolve() : Promise.reject(new Error('护理型床位数不能多于床位总数'))) })]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="staff" label="工作人员" rules={[{ required: true, message: '请输入工作人员数' }]}><InputNumber min={0} max={5000} precision={0} style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}><Form.Item name="fireSafety" label="消防安全" rules={[{ required: true }]}><Select options={Object.entries(FIRE_SAFETY).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
          <Col span={12}><Form.Item name="rating" label="等级评定" tooltip="0 星为未评定"><Rate count={5} /></Form.Item></Col>
        </Row>
      </Form>
    </Drawer>
  );
}
