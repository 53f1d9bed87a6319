import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Space, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client';
import { personsApi } from '../api/endpoints';

const FIELD_LABEL = { idNumber: '公民身份号码', phone: '联系电话' } as const;

interface Props {
  personId: string;
  field: 'idNumber' | 'phone';
  masked: string | null;
  allowed: boolean;
}

/** A masked value with a “查看” link; revealing asks for a reason and is audited by the server. */
export function RevealField({ personId, field, masked, allowed }: Props) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();

  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;
  if (value) {
    return (
      <Space>
        <Typography.Text className="mz-mono" copyable>
          {value}
        </Typography.Text>
        <Typography.Link onClick={() => setValue(null)}>隐藏</Typography.Link>
      </Space>
    );
  }

  const submit = async () => {
    const fields = await form.validateFields().catch(() => null);
    if (!fields) return;
    const { reason } = fields;
    setBusy(true);
    try {
      const res = await personsApi.reveal(personId, field, reason.trim());
      setValue(res.value);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.title);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space>
      <span className="mz-mono">{masked}</span>
      {allowed && (
        <Typography.Link onClick={() => setOpen(true)} data-testid={`reveal-${field}`}>
          <EyeOutlined /> 查看
        </Typography.Link>
      )}
      <Modal
        title={`查看完整${FIELD_LABEL[field]}`}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={submit}
        okText="确认查看"
        confirmLoading={busy}
        destroyOnHidden
      >
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0 16px' }}
          title="查看完整个人信息将记入审计日志（查看人、时间、事由）。请仅在办理业务确有必要时查看。"
        />
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label="查看事由"
            rules={[
              { required: true, whitespace: true, message: '请填写查看事由' },
              { min: 4, message: '事由至少 4 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="例如：核对低保申请人身份信息" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
