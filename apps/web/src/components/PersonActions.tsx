import { useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../api/client';
import { personsApi } from '../api/endpoints';
import type { Person } from '../api/types';
import { DivisionSelect } from './DivisionSelect';
import { applyApiError } from './form-errors';

interface Props {
  person: Person;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

export function DeathModal({ person, open, onClose, onDone }: Props) {
  const [form] = Form.useForm<{ deathDate: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await personsApi.death(person.id, v.deathDate.format('YYYY-MM-DD'));
      message.success(`已登记 ${person.name} 死亡`);
      onDone();
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`登记死亡 · ${person.name}`} open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} okText="确认登记" okButtonProps={{ danger: true }} destroyOnHidden>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        登记后该人员状态变为“已死亡”，相关待遇将按规则停发，并可能触发惠民殡葬等后续业务。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="deathDate" label="死亡日期" rules={[{ required: true, message: '请选择死亡日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs()) || (!!person.birthDate && d.isBefore(dayjs(person.birthDate)))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MoveValues {
  divisionCode: string;
  residenceDivisionCode?: string;
  address?: string;
  movedOn: Dayjs;
}

export function MoveModal({ person, open, onClose, onDone }: Props) {
  const [form] = Form.useForm<MoveValues>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await personsApi.move(person.id, {
        divisionCode: v.divisionCode,
        residenceDivisionCode: v.residenceDivisionCode || undefined,
        address: v.address?.trim() || undefined,
        movedOn: v.movedOn.format('YYYY-MM-DD'),
      });
      message.success(`已办理 ${person.name} 迁移`);
      onDone();
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`户籍迁移 · ${person.name}`} open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} okText="确认迁移" destroyOnHidden width={560}>
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} initialValues={{ movedOn: dayjs() }}>
        <Form.Item label="当前户籍地">
          <Input value={person.divisionName} disabled />
        </Form.Item>
        <Form.Item name="divisionCode" label="迁入区划（村/社区）" rules={[{ required: true, message: '请选择迁入区划' }]}>
          <DivisionSelect minLevel={5} rootCode="1403" placeholder="选择至村（社区）" />
        </Form.Item>
        <Form.Item name="residenceDivisionCode" label="现居住地（可选）">
          <DivisionSelect minLevel={5} rootCode="1403" />
        </Form.Item>
        <Form.Item name="address" label="详细地址">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="movedOn" label="迁移日期" rules={[{ required: true, message: '请选择迁移日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
