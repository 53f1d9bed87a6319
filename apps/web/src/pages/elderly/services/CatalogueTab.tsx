import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Switch, Table, Tag } from 'antd';
import { useLoaded } from '../../../hooks/useLoaded';
import { ApiError } from '../../../api/client';
import { toFen, yuan } from '../../../components/money';
import { homeServicesApi, type ServiceItem } from '../../../api/elderly-services';
import { applyFieldErrors } from './form-errors';

/** 服务目录: the city's home-service items and unit prices (set by the city; orders keep their price). */
export function CatalogueTab({ canEdit }: { canEdit: boolean }) {
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => homeServicesApi.items(s), [version]);
  const [editing, setEditing] = useState<ServiceItem | 'new' | null>(null);
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<string | null>(null);
  const { message } = App.useApp();
  const open = (it: ServiceItem | 'new') => {
    setEditing(it);
    setFormError(null);
    form.setFieldsValue(it === 'new' ? { code: '', name: '', unit: '次', price: 0, active: true, description: '' } : { ...it, price: it.unitPriceFen / 100 });
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      await homeServicesApi.saveItem({ code: v.code, name: v.name, unit: v.unit, unitPriceFen: toFen(v.price), description: v.description || null, active: v.active });
      message.success('服务项目已保存');
      setEditing(null);
      setVersion((x) => x + 1);
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(form, e); setFormError(e.title); } else setFormError(String(e));
    }
  };
  return (
    <>
      {canEdit && <Button type="primary" style={{ marginBottom: 16 }} onClick={() => open('new')}>新增服务项目</Button>}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<ServiceItem> rowKey="id" size="middle" loading={loading} dataSource={data ?? []} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 项` }} columns={[
        { title: '代码', dataIndex: 'code' }, { title: '名称', dataIndex: 'name' },
        { title: '单价', dataIndex: 'unitPriceFen', align: 'right', render: (f: number, r) => `${yuan(f)} 元/${r.unit}` },
        { title: '说明', dataIndex: 'description' },
        { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
        ...(canEdit ? [{ title: '操作', key: 'op', render: (_: unknown, r: ServiceItem) => <a onClick={() => open(r)}>修改</a> }] : []),
      ]} />
      <Modal open={!!editing} title={editing === 'new' ? '新增服务项目' : '修改服务项目'} onOk={save} onCancel={() => setEditing(null)} destroyOnHidden>
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="code" label="项目代码" rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,31}$/, message: '小写字母、数字和下划线' }]}><Input disabled={editing !== 'new'} /></Form.Item>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="unit" label="计量单位" rules={[{ required: true, message: '请填写单位' }]}><Input maxLength={10} placeholder="次、餐、小时" /></Form.Item>
          <Form.Item name="price" label="单价（元）" rules={[{ required: true, message: '请填写单价' }]}><InputNumber min={0} max={10000} precision={2} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="description" label="服务内容说明"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
