import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/client';
import { elderlyOps, FACILITY_KINDS, type Facility, type FacilityInput, type Institution } from '../../../api/elderly';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { applyApiError } from '../../../components/form-errors';
import { ElderPicker } from '../ElderPicker';

type Values = Omit<FacilityInput, 'openedOn' | 'closedOn'> & { openedOn: Dayjs; closedOn?: Dayjs | null };

/** 登记 / 修改社区居家养老设施; a home care bed names the institution serving it and the elder it serves. */
export function FacilityFormDrawer({ open, facility, onClose, onSaved }: { open: boolean; facility?: Facility | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [institutions, setInstitutions] = useState<Institution[]>([]);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (facility) form.setFieldsValue({ ...facility, openedOn: dayjs(facility.openedOn), closedOn: facility.closedOn ? dayjs(facility.closedOn) : null });
    else form.setFieldsValue({ kind: 'day_care', urbanRural: 'urban', openedOn: dayjs() });
    elderlyOps.institutions().then(setInstitutions).catch(() => setInstitutions([]));
  }, [open, facility, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const same = facility?.divisionCode === v.divisionCode;
    const body: FacilityInput = {
      ...v, name: v.name.trim(), address: v.address?.trim() || null, openedOn: v.openedOn.format('YYYY-MM-DD'), closedOn: v.closedOn ? v.closedOn.format('YYYY-MM-DD') : null,
      institutionId: v.kind === 'home_bed' ? v.institutionId ?? null : null, personId: v.kind === 'home_bed' ? v.personId ?? null : null,
      lng: same ? facility?.lng ?? null : null, lat: same ? facility?.lat ?? null : null,
    };
    setSaving(true);
    try {
      if (facility) await elderlyOps.updateFacility(facility.id, body); else await elderlyOps.createFacility(body);
      message.success(facility ? '设施信息已保存' : `已登记：${body.name}`);
      onSaved();
    } catch (e) { if (e instanceof ApiError) applyApiError(form, e, message); else throw e; } finally { setSaving(false); }
  };

  return (
    <Drawer title={facility ? `修改设施 · ${facility.name}` : '登记社区居家养老设施'} size={640} open={open} onClose={onClose} destroyOnHidden
      extra={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={submit}>保存</Button></Space>}>
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="kind" label="设施类型" rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={Object.entries(FACILITY_KINDS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请输入设施名称' }, { min: 2, message: '设施名称至少 2 个字' }, { max: 100 }]}><Input /></Form.Item>
        <Row gutter={16}>
          <Col span={14}><Form.Item name="divisionCode" label="所在村（社区）或乡镇（街道）" rules={[{ required: true, message: '请选择所在区划' }]}><DivisionSelect minLevel={4} /></Form.Item></Col>
          <Col span={10}><Form.Item name="urbanRural" label="城乡" rules={[{ required: true }]}><Radio.Group options={[{ value: 'urban', label: '城市社区' }, { value: 'rural', label: '农村' }]} /></Form.Item></Col>
        </Row>
        <Form.Item name="address" label="地址" rules={[{ max: 200 }]}><Input /></Form.Item>
        {kind === 'home_bed' && (
          <Row gutter={16}>
            <Col span={12}><Form.Item name="institutionId" label="提供服务的养老机构" rules={[{ required: true, message: '家庭养老床位须选择提供服务的养老机构' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={institutions.map((i) => ({ value: i.id, label: i.name }))} /></Form.Item></Col>
            <Col span={12}><Form.Item name="personId" label="入住老人" rules={[{ required: true, message: '家庭养老床位须选择入住老人' }]}><ElderPicker /></Form.Item></Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col span={12}><Form.Item name="openedOn" label="启用日期" rules={[{ required: true, message: '请选择启用日期' }]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name="closedOn" label="停用日期" tooltip="停用后不再计入指标和地图"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
      </Form>
    </Drawer>
  );
}
