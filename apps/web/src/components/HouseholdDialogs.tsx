import { useEffect, useState } from 'react';
import { Alert, App, AutoComplete, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { householdsApi } from '../api/endpoints';
import type { Household, HouseholdMember } from '../api/types';
import { useEnums } from '../auth/EnumsContext';
import { applyApiError } from './form-errors';
import { PersonPicker } from './PersonPicker';

interface Base {
  household: Household;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

function useSubmit<T>(form: ReturnType<typeof Form.useForm<T>>[0], run: (v: T) => Promise<string | void>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const msg = await run(v);
      if (msg) message.success(msg);
      onDone();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'VERSION_CONFLICT') modal.warning({ title: '数据已被他人修改', content: '该户信息已被其他人更新，请刷新页面后重试。' });
      else applyApiError(form, e, message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}

const today = () => dayjs();
const noFuture = (d: Dayjs) => d.isAfter(dayjs());

export function EditHouseholdModal({ household, open, onClose, onDone }: Base) {
  const [form] = Form.useForm<{ address: string; urbanRural: string; bankName?: string; bankAccount?: string; bankAccountName?: string }>();
  const enums = useEnums();
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        address: household.address,
        urbanRural: household.urbanRural,
        bankName: household.bankName ?? undefined,
        bankAccountName: household.bankAccountName ?? undefined,
      });
  }, [open, household, form]);
  const { busy, submit } = useSubmit(
    form,
    async (v) => {
      const patch: Record<string, unknown> = { version: household.version };
      if (v.address !== household.address) patch.address = v.address.trim();
      if (v.urbanRural !== household.urbanRural) patch.urbanRural = v.urbanRural;
      if ((v.bankName ?? null) !== household.bankName) patch.bankName = v.bankName || null;
      if ((v.bankAccountName ?? null) !== household.bankAccountName) patch.bankAccountName = v.bankAccountName || null;
      if (v.bankAccount) patch.bankAccount = v.bankAccount.replace(/\s/g, '');
      await householdsApi.update(household.id, patch as { version: number });
      return '户信息已保存';
    },
    onDone,
  );
  return (
    <Modal title="编辑户信息" open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden width={600}>
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="address" label="家庭住址" rules={[{ required: true, whitespace: true, message: '请输入家庭住址' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="urbanRural" label="城乡分类" rules={[{ required: true }]}>
          <Radio.Group options={enums.options('urbanRural')} />
        </Form.Item>
        <Typography.Paragraph strong style={{ marginBottom: 8 }}>待遇发放账户</Typography.Paragraph>
        <Form.Item name="bankName" label="开户银行">
          <Input maxLength={60} placeholder="例如：阳泉市商业银行冠山支行" />
        </Form.Item>
        <Form.Item
          name="bankAccount"
          label="银行账号"
          extra={household.bankAccountMasked ? `当前：${household.bankAccountMasked}，不修改请留空` : undefined}
          rules={[{ pattern: /^[\d\s]{12,30}$/, message: '银行账号应为 12–30 位数字' }]}
        >
          <Input maxLength={36} className="mz-mono" />
        </Form.Item>
        <Form.Item name="bankAccountName" label="账户名">
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AddMemberModal({ household, open, onClose, onDone }: Base) {
  const [form] = Form.useForm<{ personId: string; relation: string; joinedOn: Dayjs }>();
  const enums = useEnums();
  const { busy, submit } = useSubmit(
    form,
    async (v) => {
      await householdsApi.addMember(household.id, { personId: v.personId, relation: v.relation, joinedOn: v.joinedOn.format('YYYY-MM-DD') });
      return '成员已加入本户';
    },
    onDone,
  );
  return (
    <Modal title="添加家庭成员" open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} initialValues={{ joinedOn: today() }}>
        <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择要加入的人员' }]} extra="仅能选择本辖区内的在册人员；如人员尚未登记，请先在人员查询中新增。">
          <PersonPicker exclude={household.members.map((m) => m.personId)} />
        </Form.Item>
        <Form.Item name="relation" label="与户主关系" rules={[{ required: true, message: '请选择与户主关系' }]}>
          <Select showSearch optionFilterProp="label" options={enums.options('relations').filter((r) => r.label !== '户主' && r.label !== '本人')} />
        </Form.Item>
        <Form.Item name="joinedOn" label="加入日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LeaveModal({ household, member, open, onClose, onDone }: Base & { member: HouseholdMember | null }) {
  const [form] = Form.useForm<{ leftOn: Dayjs; reason: string }>();
  const { busy, submit } = useSubmit(
    form,
    async (v) => {
      await householdsApi.leave(household.id, member!.personId, { leftOn: v.leftOn.format('YYYY-MM-DD'), reason: v.reason.trim() });
      return `${member!.name} 已迁出本户`;
    },
    onDone,
  );
  return (
    <Modal title={`成员迁出 · ${member?.name ?? ''}`} open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden okButtonProps={{ danger: true }} okText="确认迁出">
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} initialValues={{ leftOn: today() }}>
        <Form.Item name="leftOn" label="迁出日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
        <Form.Item name="reason" label="迁出原因" rules={[{ required: true, whitespace: true, message: '请填写迁出原因' }]}>
          <AutoComplete
            options={['婚出', '外出务工落户', '升学迁出', '投靠亲属', '其他'].map((v) => ({ value: v }))}
            placeholder="选择或输入原因"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function SplitModal({ household, open, onClose, onDone }: Base) {
  const [form] = Form.useForm<{ personIds: string[]; headPersonId: string; splitOn: Dayjs; address?: string }>();
  const navigate = useNavigate();
  const picked = Form.useWatch('personIds', form) ?? [];
  const candidates = household.members.filter((m) => m.personId !== household.head?.id && m.status === 'living');
  const { busy, submit } = useSubmit(
    form,
    async (v) => {
      const res = await householdsApi.split(household.id, {
        personIds: v.personIds,
        headPersonId: v.headPersonId,
        splitOn: v.splitOn.format('YYYY-MM-DD'),
        address: v.address?.trim() || undefined,
      });
      navigate(`/households/${res.household.id}`);
      return '分户完成，已打开新户';
    },
    onDone,
  );
  return (
    <Modal title="分户" open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden width={620}>
      <Alert type="info" showIcon style={{ margin: '12px 0' }} title="选中的成员将从本户分出，组成新的家庭户；户主不能分出。" />
      <Form form={form} layout="vertical" initialValues={{ splitOn: today() }}>
        <Form.Item name="personIds" label="分出成员" rules={[{ required: true, message: '请至少选择一名成员' }]}>
          <Checkbox.Group options={candidates.map((m) => ({ value: m.personId, label: `${m.name}（${m.relationName}，${m.age}岁）` }))} />
        </Form.Item>
        <Form.Item name="headPersonId" label="新户户主" rules={[{ required: true, message: '请选择新户户主' }]}>
          <Radio.Group options={candidates.filter((m) => picked.includes(m.personId)).map((m) => ({ value: m.personId, label: m.name }))} />
        </Form.Item>
        <Form.Item name="splitOn" label="分户日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
        <Form.Item name="address" label="新户住址" extra="不填则沿用本户住址">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MergeModal({ household, open, onClose, onDone }: Base) {
  const [form] = Form.useForm<{ intoHouseholdId: string; mergedOn: Dayjs; relations: Record<string, string> }>();
  const enums = useEnums();
  const navigate = useNavigate();
  const [target, setTarget] = useState<Household | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const lookup = async (id: string) => {
    setTarget(null);
    setLookupError(null);
    if (!id.trim()) return;
    if (id.trim() === household.id) return setLookupError('不能合并到本户');
    try {
      setTarget(await householdsApi.get(id.trim()));
    } catch (e) {
      setLookupError(e instanceof ApiError ? e.title : String(e));
    }
  };
  const living = household.members.filter((m) => m.status === 'living');
  const { busy, submit } = useSubmit(
    form,
    async (v) => {
      if (!target) throw new ApiError({ title: '请先查找并确认目标户', status: 400, code: 'CLIENT' });
      // form keys are prefixed: a numeric key would make antd build a sparse array
      const relations = Object.fromEntries(Object.entries(v.relations).map(([k, code]) => [k.replace(/^p/, ''), code]));
      await householdsApi.merge(household.id, { intoHouseholdId: target.id, mergedOn: v.mergedOn.format('YYYY-MM-DD'), relations });
      navigate(`/households/${target.id}`);
      return `已并入 ${target.head?.name ?? ''} 户`;
    },
    onDone,
  );
  return (
    <Modal title="合户" open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden width={680} okButtonProps={{ disabled: !target }}>
      <Alert type="warning" showIcon style={{ margin: '12px 0' }} title="本户全部在册成员将并入目标户，本户随之注销。请为每位成员指定与目标户户主的关系。" />
      <Form form={form} layout="vertical" initialValues={{ mergedOn: today() }}>
        <Form.Item name="intoHouseholdId" label="目标户编号" rules={[{ required: true, message: '请输入目标户编号' }]} validateStatus={lookupError ? 'error' : undefined} help={lookupError ?? undefined}>
          <Input.Search enterButton="查找" onSearch={lookup} placeholder="输入户编号后点击查找" />
        </Form.Item>
        {target && (
          <Alert
            type="success"
            style={{ marginBottom: 16 }}
            title={`户主：${target.head?.name ?? '—'} · ${target.divisionName} · ${target.address} · 现有成员 ${target.members.length} 人`}
          />
        )}
        <Form.Item label="成员与新户主关系" required>
          <Table
            size="small"
            rowKey="personId"
            pagination={false}
            dataSource={living}
            columns={[
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '原关系', dataIndex: 'relationName', width: 100 },
              {
                title: '与目标户户主关系',
                render: (_: unknown, m: HouseholdMember) => (
                  <Form.Item name={['relations', `p${m.personId}`]} noStyle rules={[{ required: true, message: '请选择' }]}>
                    <Select style={{ width: 200 }} showSearch optionFilterProp="label" options={enums.options('relations')} placeholder="请选择" />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Form.Item>
        <Form.Item name="mergedOn" label="合户日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={noFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
