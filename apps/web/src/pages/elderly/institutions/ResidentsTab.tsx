import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { elderlyOps, type Resident } from '../../../api/elderly';
import { applyApiError } from '../../../components/form-errors';
import { useLoaded } from '../../../hooks/useLoaded';
import { ElderPicker } from '../ElderPicker';

const noFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

/** 入住与离院: admit an older person from the register; discharge with a date and reason. */
export function ResidentsTab({ institutionId, beds, onChange }: { institutionId: number; beds: number; onChange: () => void }) {
  const [version, setVersion] = useState(0);
  const [show, setShow] = useState<'in' | 'all'>('in');
  const { data, loading, error } = useLoaded((s) => elderlyOps.residents(institutionId, s), [institutionId, version]);
  const [admitting, setAdmitting] = useState(false);
  const [leaving, setLeaving] = useState<Resident | null>(null);
  const [admitForm] = Form.useForm();
  const [leaveForm] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const rows = (data ?? []).filter((r) => show === 'all' || !r.dischargedOn);
  const inCare = (data ?? []).filter((r) => !r.dischargedOn).length;
  const done = () => { setVersion((v) => v + 1); onChange(); };

  const admit = async () => {
    const v = await admitForm.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await elderlyOps.admit(institutionId, { personId: v.personId, admittedOn: v.admittedOn.format('YYYY-MM-DD') });
      message.success('已办理入住登记');
      setAdmitting(false); done();
    } catch (e) { if (e instanceof ApiError) applyApiError(admitForm, e, message); else throw e; } finally { setSaving(false); }
  };
  const discharge = async () => {
    const v = await leaveForm.validateFields().catch(() => null);
    if (!v || !leaving) return;
    setSaving(true);
    try {
      await elderlyOps.discharge(leaving.id, { dischargedOn: v.dischargedOn.format('YYYY-MM-DD'), reason: v.reason.trim() });
      message.success(`${leaving.name ?? ''} 已办理离院`);
      setLeaving(null); done();
    } catch (e) { if (e instanceof ApiError) applyApiError(leaveForm, e, message); else throw e; } finally { setSaving(false); }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group optionType="button" value={show} onChange={(e) => setShow(e.target.value)} options={[{ value: 'in', label: `在院（${inCare}/${beds}）` }, { value: 'all', label: '全部记录' }]} />
        <Button type="primary" onClick={() => { admitForm.resetFields(); admitForm.setFieldsValue({ admittedOn: dayjs() }); setAdmitting(true); }}>入住登记</Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Resident> rowKey="id" size="small" loading={loading} dataSource={rows} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }} columns={[
        { title: '姓名', dataIndex: 'name', render: (n: string | null, r) => <Link to={`/elderly/persons/${r.personId}`}>{n ?? r.personId}</Link> },
        { title: '性别', dataIndex: 'gender', width: 60, render: (g: string | null) => (g === 'M' ? '男' : g === 'F' ? '女' : '—') },
        { title: '年龄', dataIndex: 'age', width: 60 },
        { title: '身份证号', dataIndex: 'idNumber' },
        { title: '入住日期', dataIndex: 'admittedOn', sorter: (a, b) => a.admittedOn.localeCompare(b.admittedOn) },
        { title: '离院', dataIndex: 'dischargedOn', render: (d: string | null, r) => (d ? `${d}（${r.dischargeReason ?? ''}）` : <Tag color="green">在院</Tag>) },
        { title: '操作', key: 'op', width: 80, render: (_, r) => (!r.dischargedOn && <a onClick={() => { leaveForm.resetFields(); leaveForm.setFieldsValue({ dischargedOn: dayjs() }); setLeaving(r); }}>离院</a>) },
      ]} />
      <Modal open={admitting} title="入住登记" onOk={admit} confirmLoading={saving} onCancel={() => setAdmitting(false)} okText="登记入住" destroyOnHidden>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="入住后，按参数规定停发的居家养老补贴将同时停发。" />
        <Form form={admitForm} layout="vertical">
          <Form.Item name="personId" label="入住老人" rules={[{ required: true, message: '请从老年人名册中选择入住老人' }]}><ElderPicker /></Form.Item>
          <Form.Item name="admittedOn" label="入住日期" rules={[{ required: true, message: '请选择入住日期' }]}><DatePicker disabledDate={noFuture} style={{ width: '100%' }} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!leaving} title={`离院登记 · ${leaving?.name ?? ''}`} onOk={discharge} confirmLoading={saving} onCancel={() => setLeaving(null)} okText="登记离院" destroyOnHidden>
        <Form form={leaveForm} layout="vertical">
          <Form.Item name="dischargedOn" label="离院日期" rules={[{ required: true, message: '请选择离院日期' }]}><DatePicker disabledDate={noFuture} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="reason" label="离院原因" rules={[{ required: true, whitespace: true, message: '请填写离院原因' }, { max: 200 }]}><Input placeholder="如：回家居住、转院、去世" /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
