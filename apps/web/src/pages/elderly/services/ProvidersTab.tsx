import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useLoaded } from '../../../hooks/useLoaded';
import { ApiError } from '../../../api/client';
import { divisionsApi } from '../../../api/endpoints';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { homeServicesApi, type Provider } from '../../../api/elderly-services';
import { applyFieldErrors } from './form-errors';

/** 服务商: the providers each county contracts, their townships, items and contract period. */
export function ProvidersTab({ canEdit }: { canEdit: boolean }) {
  const [q, setQ] = useState<{ q?: string; status?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => homeServicesApi.providers({ ...q, ...page }, s), [q, page, version]);
  const items = useLoaded((s) => homeServicesApi.items(s), []);
  const itemName = (c: string) => items.data?.find((i) => i.code === c)?.name ?? c;
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [form] = Form.useForm();
  const county = Form.useWatch('divisionCode', form) as string | undefined;
  const [townships, setTownships] = useState<{ value: string; label: string }[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const { message } = App.useApp();

  useEffect(() => {
    if (!county || county.length !== 6) { setTownships([]); return; }
    divisionsApi.get(county, false).then((d) => setTownships(d.children.map((c) => ({ value: c.code, label: c.name })))).catch(() => setTownships([]));
  }, [county]);
  useEffect(() => {
    setFormError(null);
    if (editing && editing !== 'new') form.setFieldsValue({ ...editing, contract: [dayjs(editing.contractFrom), dayjs(editing.contractTo)] });
    else form.resetFields();
  }, [editing, form]);

  const save = async () => {
    const v = await form.validateFields();
    const body = { name: v.name, creditCode: v.creditCode, divisionCode: v.divisionCode, townships: v.townships, itemCodes: v.itemCodes, contactName: v.contactName,
      contactPhone: v.contactPhone, contractFrom: v.contract[0].format('YYYY-MM-DD'), contractTo: v.contract[1].format('YYYY-MM-DD') };
    try {
      if (editing === 'new') await homeServicesApi.createProvider(body);
      else await homeServicesApi.updateProvider((editing as Provider).id, { ...body, status: v.status });
      message.success('已保存');
      setEditing(null);
      setVersion((x) => x + 1);
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(form, e); setFormError(e.title); } else setFormError(String(e));
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="服务商名称" onSearch={(v) => { setQ((x) => ({ ...x, q: v || undefined })); setPage((p) => ({ ...p, page: 1 })); }} style={{ width: 240 }} />
        <Select allowClear placeholder="状态" style={{ width: 120 }} onChange={(v) => setQ((x) => ({ ...x, status: v }))} options={[{ value: 'active', label: '服务中' }, { value: 'suspended', label: '已暂停' }]} />
        {canEdit && <Button type="primary" onClick={() => setEditing('new')}>登记服务商</Button>}
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Provider> rowKey="id" size="middle" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showTotal: (t) => `共 ${t} 家`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '名称', dataIndex: 'name' }, { title: '统一社会信用代码', dataIndex: 'creditCode' }, { title: '签约县（区）', dataIndex: 'divisionCode' },
          { title: '服务乡镇', dataIndex: 'townships', render: (t: string[]) => `${t.length} 个` },
          { title: '服务项目', dataIndex: 'itemCodes', render: (c: string[]) => c.map((x) => <Tag key={x}>{itemName(x)}</Tag>) },
          { title: '联系人', key: 'c', render: (_, r) => `${r.contactName} ${r.contactPhone}` },
          { title: '合同期', key: 'k', render: (_, r) => `${r.contractFrom} 至 ${r.contractTo}` },
          { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'active' ? <Tag color="green">服务中</Tag> : <Tag color="red">已暂停</Tag>) },
          ...(canEdit ? [{ title: '操作', key: 'op', render: (_: unknown, r: Provider) => <a onClick={() => setEditing(r)}>修改</a> }] : []),
        ]} />
      <Drawer open={!!editing} width={520} title={editing === 'new' ? '登记服务商' : '修改服务商'} onClose={() => setEditing(null)}
        extra={<Button type="primary" onClick={save}>保存</Button>} destroyOnHidden>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="name" label="名称" rules={[{ required: true, min: 2, message: '请填写服务商名称' }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="creditCode" label="统一社会信用代码" rules={[{ required: true, len: 18, message: '统一社会信用代码为 18 位' }]}><Input maxLength={18} /></Form.Item>
          <Form.Item name="divisionCode" label="签约县（区）" rules={[{ required: true, len: 6, message: '请选择县（区）' }]}><DivisionSelect minLevel={3} /></Form.Item>
          <Form.Item name="townships" label="服务的乡镇（街道）" rules={[{ required: true, message: '请选择服务范围' }]}><Select mode="multiple" options={townships} /></Form.Item>
          <Form.Item name="itemCodes" label="服务项目" rules={[{ required: true, message: '请选择服务项目' }]}>
            <Select mode="multiple" options={(items.data ?? []).map((i) => ({ value: i.code, label: i.name }))} />
          </Form.Item>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: '请填写联系人' }]} style={{ width: '40%' }}><Input /></Form.Item>
            <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]} style={{ width: '60%' }}><Input /></Form.Item>
          </Space.Compact>
          <Form.Item name="contract" label="合同期" rules={[{ required: true, message: '请选择合同期' }]}><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item>
          {editing !== 'new' && <Form.Item name="status" label="状态"><Select options={[{ value: 'active', label: '服务中' }, { value: 'suspended', label: '暂停服务' }]} /></Form.Item>}
        </Form>
      </Drawer>
    </>
  );
}
