import { useState } from 'react';
import { App, Button, Card, Form, Input, Result } from 'antd';
import { ApiError } from '../../api/client';
import { verificationApi } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { applyApiError } from '../../components/form-errors';

interface Values { name: string; idNumber?: string; situation: string; phone?: string }

/** 主动发现上报: a phone-sized form for village helpers; the report becomes an alert for the township. */
export function OutreachPage() {
  const { user } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [sent, setSent] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (v: Values) => {
    setSaving(true);
    try {
      await verificationApi.outreach({ ...v, idNumber: v.idNumber || undefined, phone: v.phone || undefined, divisionCode: user!.divisionCode });
      setSent(v.name);
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message);
      else message.error(String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }}>
      <Card title="主动发现上报" size="small">
        {sent ? (
          <Result status="success" title="已上报" subTitle={`${sent} 的情况已报送乡镇（街道），将安排走访核实`} extra={<Button type="primary" onClick={() => setSent(null)}>继续上报</Button>} />
        ) : (
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input size="large" /></Form.Item>
            <Form.Item name="idNumber" label="身份证号（知道时填写）"><Input size="large" maxLength={18} /></Form.Item>
            <Form.Item name="phone" label="联系电话"><Input size="large" inputMode="tel" maxLength={11} /></Form.Item>
            <Form.Item name="situation" label="困难情况" rules={[{ required: true, message: '请描述困难情况' }]}><Input.TextArea rows={4} maxLength={1000} placeholder="如：独居老人、突发重病、失去收入来源……" /></Form.Item>
            <Button type="primary" size="large" block htmlType="submit" loading={saving}>上报</Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
