import { useEffect, useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Rate, Select } from 'antd';
import { ApiError } from '../../../api/client';
import { homeServicesApi, ORDER_ACTIONS, type Order, type OrderAction, type Provider } from '../../../api/elderly-services';
import { applyFieldErrors } from './form-errors';

interface Props { order: Order | null; action: OrderAction | null; onClose: () => void; onDone: (o: Order) => void }

/** One step of an order: dispatch, check-in, completion, rating or cancellation, each with its form. */
export function OrderActionModal({ order, action, onClose, onDone }: Props) {
  const [form] = Form.useForm();
  const [providers, setProviders] = useState<Provider[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.resetFields();
    setError(null);
    if (order && action === 'dispatch') {
      homeServicesApi.providers({ status: 'active', township: order.divisionCode.slice(0, 9), pageSize: 100 })
        .then((p) => setProviders(p.rows.filter((x) => x.itemCodes.includes(order.itemCode)))).catch(() => setProviders([]));
    }
  }, [order, action, form]);
  if (!order || !action) return null;
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const version = order.version;
      const done = action === 'dispatch' ? await homeServicesApi.dispatch(order.id, { providerId: v.providerId, workerName: v.workerName, version })
        : action === 'checkIn' ? await homeServicesApi.checkIn(order.id, { place: v.place, version })
          : action === 'complete' ? await homeServicesApi.complete(order.id, { quantity: v.quantity, durationMinutes: v.durationMinutes ?? undefined, version })
            : action === 'rate' ? await homeServicesApi.rate(order.id, { rating: v.rating, comment: v.comment, version })
              : await homeServicesApi.cancel(order.id, { reason: v.reason, version });
      onDone(done);
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(form, e); setError(e.title); } else setError(String(e));
    } finally { setBusy(false); }
  };
  return (
    <Modal open title={`${ORDER_ACTIONS[action]}：${order.name ?? ''} ${order.itemName}（工单 ${order.id}）`} onOk={submit} onCancel={onClose} confirmLoading={busy} okText={ORDER_ACTIONS[action]} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ quantity: 1, rating: 5, place: order.address ?? '' }}>
        {action === 'dispatch' && <>
          <Form.Item name="providerId" label="服务商" rules={[{ required: true, message: '请选择服务商' }]}
            extra={providers.length === 0 ? '没有服务该乡镇（街道）并提供此项目的在约服务商' : '仅列出服务范围含老人所在乡镇（街道）且提供此项目的服务商'}>
            <Select options={providers.map((p) => ({ value: p.id, label: `${p.name}（合同至 ${p.contractTo}）` }))} />
          </Form.Item>
          <Form.Item name="workerName" label="上门服务人员" rules={[{ required: true, message: '请填写服务人员' }]}><Input maxLength={50} /></Form.Item>
        </>}
        {action === 'checkIn' && <Form.Item name="place" label="签到地点" rules={[{ required: true, message: '请填写签到地点' }]}><Input maxLength={200} /></Form.Item>}
        {action === 'complete' && <>
          <Form.Item name="quantity" label={`服务数量（${order.unit}）`} rules={[{ required: true, message: '请填写服务数量' }]}
            extra={`单价 ${(order.unitPriceFen / 100).toFixed(2)} 元/${order.unit}；完成后按本月服务券额度计算券付与自付`}>
            <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="durationMinutes" label="服务时长（分钟）"><InputNumber min={1} max={1440} precision={0} style={{ width: 160 }} /></Form.Item>
        </>}
        {action === 'rate' && <>
          <Form.Item name="rating" label="老人评价" rules={[{ required: true, message: '请评价' }]}><Rate /></Form.Item>
          <Form.Item name="comment" label="评价内容"><Input.TextArea rows={2} maxLength={500} /></Form.Item>
        </>}
        {action === 'cancel' && <Form.Item name="reason" label="取消原因" rules={[{ required: true, message: '请填写取消原因' }]}><Input.TextArea rows={2} maxLength={200} /></Form.Item>}
      </Form>
    </Modal>
  );
}
