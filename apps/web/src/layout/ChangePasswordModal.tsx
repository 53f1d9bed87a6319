import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { ApiError } from '../api/client';
import { authApi } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { applyApiError, PASSWORD_RULES } from '../components/form-errors';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const { logout } = useAuth();

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      await authApi.changePassword(v.oldPassword, v.newPassword);
      // the server ends every session of this user on a password change
      message.success('密码已修改，请使用新密码重新登录');
      form.resetFields();
      onClose();
      await logout().catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message, { oldPassword: 'oldPassword' });
      else throw e;
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title="修改密码" open={open} onOk={submit} onCancel={onClose} confirmLoading={saving} destroyOnHidden okText="确认修改">
      <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 16 }}>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少 10 位，须同时包含字母和数字"
          rules={PASSWORD_RULES}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
