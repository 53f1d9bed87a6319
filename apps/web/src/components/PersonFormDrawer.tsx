import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Divider, Drawer, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../api/client';
import { personsApi } from '../api/endpoints';
import type { Person, PersonInput } from '../api/types';
import { useEnums } from '../auth/EnumsContext';
import { DivisionSelect } from './DivisionSelect';
import { applyApiError } from './form-errors';
import { infoFromIdNumber, isValidIdNumber } from './id-number';

interface FormValues {
  idNumber?: string;
  name: string;
  gender?: 'M' | 'F';
  birthDate?: Dayjs;
  ethnicity: string;
  phone?: string;
  divisionCode: string;
  urbanRural: 'urban' | 'rural';
  residenceDivisionCode?: string;
  address?: string;
  hasDisability: boolean;
  disability?: { category?: string; grade?: number; certificateNo?: string };
  healthConditions?: string[];
  labourCapacity?: string;
  householdId?: string;
  relation?: string;
}

interface Props {
  open: boolean;
  person?: Person | null;
  defaultDivisionCode?: string;
  defaultHouseholdId?: string;
  onClose: () => void;
  onSaved: (p: Person) => void;
}

function toValues(p: Person): FormValues {
  return {
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate ? dayjs(p.birthDate) : undefined,
    ethnicity: p.ethnicity,
    divisionCode: p.divisionCode,
    urbanRural: p.urbanRural,
    residenceDivisionCode: p.residenceDivisionCode ?? undefined,
    address: p.address ?? undefined,
    hasDisability: !!p.disability,
    disability: p.disability
      ? { category: p.disability.category, grade: Number(p.disability.grade) || undefined, certificateNo: p.disability.certificateNo ?? undefined }
      : undefined,
    healthConditions: p.healthConditions ?? [],
    labourCapacity: p.labourCapacity ?? undefined,
  };
}

function toInput(v: FormValues): Partial<PersonInput> {
  const out: Partial<PersonInput> = {
    name: v.name?.trim(),
    gender: v.gender,
    birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : undefined,
    ethnicity: v.ethnicity,
    phone: v.phone?.trim() || undefined,
    divisionCode: v.divisionCode,
    urbanRural: v.urbanRural,
    residenceDivisionCode: v.residenceDivisionCode || undefined,
    address: v.address?.trim() || undefined,
    disability:
      v.hasDisability && v.disability?.category
        ? { category: v.disability.category, grade: v.disability.grade ?? 1, certificateNo: v.disability.certificateNo || null }
        : null,
    healthConditions: v.healthConditions ?? [],
    labourCapacity: v.labourCapacity || undefined,
  };
  if (v.idNumber) out.idNumber = v.idNumber.trim().toUpperCase();
  if (v.householdId) {
    out.householdId = v.householdId.trim();
    out.relation = v.relation;
  }
  return out;
}

/** Only what changed goes into a PATCH (with the version read). */
function diff(before: Partial<PersonInput>, after: Partial<PersonInput>): Partial<PersonInput> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k === 'phone' && v === undefined) continue; // masked on read: unchanged unless retyped
    if (k === 'gender' || k === 'birthDate') continue; // follow the ID number; not editable
    if (JSON.stringify((before as Record<string, unknown>)[k] ?? null) !== JSON.stringify(v ?? null)) out[k] = v ?? null;
  }
  return out as Partial<PersonInput>;
}

export function PersonFormDrawer({ open, person, defaultDivisionCode, defaultHouseholdId, onClose, onSaved }: Props) {
  const [form] = Form.useForm<FormValues>();
  const enums = useEnums();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);
  const editing = !!person;
  const hasDisability = Form.useWatch('hasDisability', form);
  const householdId = Form.useWatch('householdId', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (person) form.setFieldsValue(toValues(person));
    else
      form.setFieldsValue({
        ethnicity: '01',
        urbanRural: 'rural',
        hasDisability: false,
        divisionCode: defaultDivisionCode,
        householdId: defaultHouseholdId,
      });
  }, [open, person, defaultDivisionCode, defaultHouseholdId, form]);

  const onIdChange = (e: React.ChangeEvent<HTMLInputElement>) => {
    const info = infoFromIdNumber(e.target.value.trim().toUpperCase());
    if (info) form.setFieldsValue({ gender: info.gender, birthDate: dayjs(info.birthDate) });
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setSaving(true);
    try {
      let saved: Person;
      if (person) {
        const changes = diff(toInput(toValues(person)), toInput(values));
        if (!Object.keys(changes).length) {
          message.info('没有修改任何内容');
          setSaving(false);
          return;
        }
        saved = await personsApi.update(person.id, { version: person.version, ...changes });
        message.success('人员信息已保存');
      } else {
        saved = await personsApi.create(toInput(values) as PersonInput);
        message.success(`已登记人员：${saved.name}`);
      }
      onSaved(saved);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'VERSION_CONFLICT') {
        modal.warning({ title: '数据已被他人修改', content: '该人员信息在您编辑期间已被其他人更新，请关闭后刷新页面再修改。' });
      } else if (e.code === 'PERSON_DUPLICATE_ID_NUMBER' && !e.errors.length) {
        form.setFields([{ name: 'idNumber', errors: [e.detail ?? e.title] }]);
        message.error(e.title);
      } else {
        applyApiError(form, e, message, { 'disability.category': 'disability.category' });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={editing ? `编辑人员信息 · ${person?.name}` : '新增人员'}
      size={720}
      open={open}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark scrollToFirstError>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          基本信息
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            {editing ? (
              <Form.Item label="公民身份号码">
                <Input value={person?.idNumberMasked} disabled />
              </Form.Item>
            ) : (
              <Form.Item
                name="idNumber"
                label="公民身份号码"
                normalize={(v: string) => v?.toUpperCase()}
                rules={[
                  { required: true, message: '请输入公民身份号码' },
                  {
                    validator: (_, v: string) =>
                      !v || isValidIdNumber(v.trim()) ? Promise.resolve() : Promise.reject(new Error('身份证号格式或校验位不正确')),
                  },
                ]}
              >
                <Input maxLength={18} onChange={onIdChange} placeholder="18 位，末位可为 X" className="mz-mono" />
              </Form.Item>
            )}
          </Col>
          <Col span={12}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="gender" label="性别">
              <Radio.Group disabled={editing} options={[{ value: 'M', label: '男' }, { value: 'F', label: '女' }]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="birthDate" label="出生日期">
              <DatePicker style={{ width: '100%' }} disabled={editing} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="ethnicity" label="民族" rules={[{ required: true, message: '请选择民族' }]}>
              <Select showSearch optionFilterProp="label" options={enums.options('ethnicities')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="phone"
              label="联系电话"
              rules={[{ pattern: /^1\d{10}$/, message: '手机号应为 11 位数字，以 1 开头' }]}
            >
              <Input maxLength={11} placeholder={editing && person?.phoneMasked ? `${person.phoneMasked}（不改请留空）` : undefined} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          户籍与居住
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="divisionCode" label="户籍地（村/社区）" rules={[{ required: true, message: '请选择户籍地' }]}>
              <DivisionSelect minLevel={5} placeholder="选择至村（社区）" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="urbanRural" label="城乡分类" rules={[{ required: true, message: '请选择城乡分类' }]}>
              <Radio.Group options={enums.options('urbanRural')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="residenceDivisionCode" label="现居住地（如与户籍地不同）">
              <DivisionSelect minLevel={5} placeholder="与户籍地相同可不填" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label="详细地址">
              <Input maxLength={200} placeholder="街路巷、门牌号" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          健康与劳动能力
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="labourCapacity" label="劳动能力">
              <Select allowClear options={enums.options('labourCapacities')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="healthConditions" label="健康状况">
              <Select mode="multiple" allowClear options={enums.options('healthConditions')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="hasDisability" label="是否残疾">
              <Radio.Group options={[{ value: false, label: '否' }, { value: true, label: '是' }]} />
            </Form.Item>
          </Col>
          {hasDisability && (
            <>
              <Col span={6}>
                <Form.Item name={['disability', 'category']} label="残疾类别" rules={[{ required: true, message: '请选择' }]}>
                  <Select options={enums.options('disabilityCategories')} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name={['disability', 'grade']} label="等级" rules={[{ required: true, message: '请选择' }]}>
                  <Select options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${'一二三四'[g - 1]}级` }))} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['disability', 'certificateNo']} label="残疾证号">
                  <Input maxLength={20} className="mz-mono" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        {!editing && (
          <>
            <Divider titlePlacement="start" plain>
              加入家庭（可选）
            </Divider>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="householdId" label="户编号" extra="填写已有户的编号，将此人作为成员加入该户">
                  <Input allowClear />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="relation"
                  label="与户主关系"
                  rules={[{ required: !!householdId, message: '加入家庭时须选择与户主关系' }]}
                >
                  <Select allowClear showSearch optionFilterProp="label" options={enums.options('relations')} disabled={!householdId} />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
      </Form>
    </Drawer>
  );
}
