import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { elderlyOps, type Complaint } from '../../../api/elderly';
import { applyApiError } from '../../../components/form-errors';
import { useLoaded } from '../../../hooks/useLoaded';

/** 投诉: record one against an institution (when given) and resolve it with the finding. */
export function ComplaintsTab({ institutionId }: { institutionId?: number }) {
  const [status, setStatus] = useState<'open' | 'resolved' | 'all'>('open');
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.complaints({ institutionId, status: status === 'all' ? undefined : status }, s), [institutionId, status, version]);
  const [recording, setRecording] = useState(false);
  const [resolving, setResolving] = useState<Complaint | null>(null);
  const [form] = Form.useForm();
  const [resolveForm] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();

  const record = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !institutionId) return;
    setSaving(true);
    try {
      await elderlyOps.recordComplaint({ institutionId, receivedOn: v.receivedOn.format('YYYY-MM-DD'), complainant: v.complainant.trim(), content: v.content.trim() });
      message.success('投诉已登记'); setRecording(false); setVersion((x) => x + 1);
    } catch (e) { if (e instanceof ApiError) applyApiError(form, e, message); else throw e; } finally { setSaving(false); }
  };
  const resolve = async () => {
    const v = await resolveForm.validateFields().catch(() => null);
    if (!v || !resolving) return;
    setSaving(true);
    try {
      await elderlyOps.resolveComplaint(resolving.id, v.resolution.trim());
      message.success('投诉已办结'); setResolving(null); setVersion((x) => x + 1);
    } catch (e) { if (e instanceof ApiError) applyApiError(resolveForm, e, message); else throw e; } finally { setSaving(false); }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Radio.Group optionType="button" value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: 'open', label: '待办' }, { value: 'resolved', label: '已办结' }, { value: 'all', label: '全部' }]} />
        {institutionId && <Button type="primary" onClick={() => { form.resetFields(); form.setFieldsValue({ receivedOn: dayjs() }); setRecording(true); }}>登记投诉</Button>}
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Complaint> rowKey="id" size="small" loading={loading} dataSource={data ?? []} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 件` }} columns={[
        ...(institutionId ? [] : [{ title: '机构', dataIndex: 'institution', render: (n: string, r: Complaint) => <Link to={`/elderly/institutions/${r.institutionId}`}>{n}</Link> }]),
        { title: '受理日期', dataIndex: 'receivedOn', width: 110 },
        { title: '投诉人', dataIndex: 'complainant', width: 100 },
        { title: '内容', dataIndex: 'content' },
        { title: '处理', dataIndex: 'status', render: (s: string, r) => (s === 'open' ? <Space><Tag color="warning">待办</Tag><a onClick={() => { resolveForm.resetFields(); setResolving(r); }}>办结</a></Space> : r.resolution) },
      ]} />
      <Modal open={recording} title="登记投诉" onOk={record} confirmLoading={saving} onCancel={() => setRecording(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="receivedOn" label="受理日期" rules={[{ required: true, message: '请选择受理日期' }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="complainant" label="投诉人" rules={[{ required: true, whitespace: true, message: '请填写投诉人' }, { max: 50 }]}><Input /></Form.Item>
          <Form.Item name="content" label="投诉内容" rules={[{ required: true, whitespace: true, message: '请填写投诉内容' }, { max: 2000 }]}><Input.TextArea rows={4} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!resolving} title="办结投诉" onOk={resolve} confirmLoading={saving} onCancel={() => setResolving(null)} destroyOnHidden>
        <Form form={resolveForm} layout="vertical">
          <Form.Item name="resolution" label="核查处理情况" rules={[{ required: true, whitespace: true, message: '请填写核查处理情况' }, { max: 1000 }]}><Input.TextArea rows={4} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
