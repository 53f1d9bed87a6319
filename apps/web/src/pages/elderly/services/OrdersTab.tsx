import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { useLoaded } from '../../../hooks/useLoaded';
import { ApiError } from '../../../api/client';
import { yuan } from '../../../components/money';
import { homeServicesApi, ORDER_ACTIONS, ORDER_STATUS, ORDER_STATUS_COLORS, type Order, type OrderAction } from '../../../api/elderly-services';
import { ElderPicker } from '../ElderPicker';
import { OrderActionModal } from './OrderActionModal';
import { applyFieldErrors } from './form-errors';

type Filters = Record<string, string | number | undefined>;

/** 服务工单: every order in the jurisdiction, filtered and paged on the server, with each step's button. */
export function OrdersTab({ canWrite }: { canWrite: boolean }) {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => homeServicesApi.orders({ ...filters, ...page }, s), [filters, page, version]);
  const items = useLoaded((s) => homeServicesApi.items(s), []);
  const [acting, setActing] = useState<{ order: Order; action: OrderAction } | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [newForm] = Form.useForm();
  const [createError, setCreateError] = useState<string | null>(null);
  const { message } = App.useApp();

  const create = async () => {
    const v = await newForm.validateFields();
    setCreateError(null);
    try {
      const o = await homeServicesApi.createOrder({ personId: v.personId, itemCode: v.itemCode, scheduledOn: v.scheduledOn.format('YYYY-MM-DD'), address: v.address, note: v.note });
      message.success(`已下单：工单 ${o.id}${o.inInstitution ? '（该老人入住养老机构，已标记）' : ''}`);
      setCreating(false);
      newForm.resetFields();
      setVersion((x) => x + 1);
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(newForm, e); setCreateError(e.title); } else setCreateError(String(e));
    }
  };

  const columns = [
    { title: '工单号', dataIndex: 'id', width: 80 },
    { title: '老人', dataIndex: 'name', width: 130, render: (n: string, r: Order) => <><Link to={`/elderly/persons/${r.personId}`}>{n}</Link>{r.inInstitution && <Tooltip title="下单时该老人入住养老机构：服务券不予支付，请核实是否重复享受"><Tag color="volcano" style={{ marginLeft: 4 }}>机构入住</Tag></Tooltip>}</> },
    { title: '区划', dataIndex: 'divisionCode', width: 120 },
    { title: '服务项目', dataIndex: 'itemName', width: 130 },
    { title: '预约日期', dataIndex: 'scheduledOn', width: 110 },
    { title: '服务商 / 人员', key: 'p', render: (_: unknown, r: Order) => (r.providerName ? `${r.providerName} / ${r.workerName ?? ''}` : '—') },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Order['status']) => <Tag color={ORDER_STATUS_COLORS[s]}>{ORDER_STATUS[s]}</Tag> },
    { title: '金额', key: 'm', align: 'right' as const, render: (_: unknown, r: Order) => (r.amountFen == null ? '—' : <Tooltip title={`服务券 ${yuan(r.voucherFen)} 元，自付 ${yuan(r.copayFen)} 元`}>{yuan(r.amountFen)}</Tooltip>) },
    { title: '评价', dataIndex: 'rating', width: 70, render: (x: number | null) => (x ? '★'.repeat(x) : '—') },
    {
      title: '操作', key: 'op', width: 190, render: (_: unknown, r: Order) => (
        <Space size={4} wrap>{r.actions.filter((a) => canWrite || a !== 'cancel').map((a) => (
          <Button key={a} size="small" type={a === 'cancel' ? 'text' : 'link'} danger={a === 'cancel'} onClick={() => setActing({ order: r, action: a })}>{ORDER_ACTIONS[a]}</Button>
        ))}</Space>
      ),
    },
  ];

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => { setFilters({ ...v, month: v.month ? v.month.format('YYYY-MM') : undefined }); setPage((p) => ({ ...p, page: 1 })); }}>
          <Row gutter={12}>
            <Col span={4}><Form.Item name="q" label="老人姓名"><Input allowClear placeholder="姓名开头" /></Form.Item></Col>
            <Col span={4}><Form.Item name="status" label="状态"><Select allowClear options={Object.entries(ORDER_STATUS).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col span={4}><Form.Item name="itemCode" label="服务项目"><Select allowClear options={(items.data ?? []).map((i) => ({ value: i.code, label: i.name }))} /></Form.Item></Col>
            <Col span={4}><Form.Item name="month" label="月份"><DatePicker picker="month" style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={4}><Form.Item name="inInstitution" label="机构入住老人"><Select allowClear options={[{ value: 'true', label: '仅看机构入住' }, { value: 'false', label: '仅看居家' }]} /></Form.Item></Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit">查询</Button>
            <Button onClick={() => { form.resetFields(); setFilters({}); }}>重置</Button>
            {canWrite && <Button onClick={() => setCreating(true)}>新建工单</Button>}
          </Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Order> rowKey="id" size="middle" loading={loading} dataSource={data?.rows ?? []} columns={columns}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 单`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }} />
      <OrderActionModal order={acting?.order ?? null} action={acting?.action ?? null} onClose={() => setActing(null)}
        onDone={(o) => { message.success(`工单 ${o.id}：${ORDER_STATUS[o.status]}${o.status === 'completed' ? `，服务券 ${yuan(o.voucherFen)} 元，自付 ${yuan(o.copayFen)} 元` : ''}`); setActing(null); setVersion((x) => x + 1); }} />
      <Modal open={creating} title="新建居家养老服务工单" onOk={create} onCancel={() => setCreating(false)} okText="下单" destroyOnHidden>
        {createError && <Alert type="error" showIcon message={createError} style={{ marginBottom: 12 }} />}
        <Form form={newForm} layout="vertical" initialValues={{ scheduledOn: dayjs() }}>
          <Form.Item name="personId" label="老人（老年人名册）" rules={[{ required: true, message: '请选择老人' }]}><ElderPicker /></Form.Item>
          <Form.Item name="itemCode" label="服务项目" rules={[{ required: true, message: '请选择服务项目' }]}>
            <Select options={(items.data ?? []).filter((i) => i.active).map((i) => ({ value: i.code, label: `${i.name}（${yuan(i.unitPriceFen)} 元/${i.unit}）` }))} />
          </Form.Item>
          <Form.Item name="scheduledOn" label="预约日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="address" label="服务地址" extra="不填则用户籍登记的地址"><Input maxLength={200} /></Form.Item>
          <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
