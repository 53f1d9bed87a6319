import { useState } from 'react';
import { Alert, Button, Form, Input, Table, Typography } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import '../layout/phone.css';

const DEMO_ACCOUNTS = [
  { username: 'admin', who: '市民政局 · 市级管理员' },
  { username: 'leader', who: '市民政局 · 领导(只读)' },
  { username: 'auditor', who: '市民政局 · 审计员' },
  { username: 'pingding', who: '平定县 · 县级审批' },
  { username: 'guanshan', who: '冠山镇 · 乡镇经办' },
  { username: 'guanshan-helper', who: '冠山镇东关街村 · 村居协理员' },
];
const DEMO_PASSWORD = 'minzheng-demo';

export function LoginPage() {
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const redirect = params.get('redirect');
  const target = redirect && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';

  if (user) return <Navigate to={target} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(target, { replace: true });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mz-login">
      <div className="mz-login-side">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <div className="mz-brand-logo" style={{ width: 40, height: 40, fontSize: 22 }}>民</div>
          <span style={{ fontSize: 16, letterSpacing: 2, opacity: 0.9 }}>阳泉市民政局</span>
        </div>
        <div>
          <h1>民政一体化服务平台 · 阳泉</h1>
          <p>社会救助 · 养老服务 · 儿童福利 · 社会事务 · 基层治理 —— 一门受理、协同办理</p>
          <div className="mz-login-stats" style={{ display: 'flex', gap: 40, marginTop: 40 }}>
            {[
              ['5', '县(区)'],
              ['43', '乡镇(街道)'],
              ['777', '村(社区)'],
            ].map(([n, l]) => (
              <div key={l}>
                <div style={{ fontSize: 30, fontWeight: 600 }}>{n}</div>
                <div style={{ opacity: 0.7, fontSize: 13 }}>{l}</div>
              </div>
            ))}
          </div>
        </div>
        <div className="mz-login-note" style={{ opacity: 0.55, fontSize: 12 }}>
          <SafetyCertificateOutlined /> 本系统仅限授权工作人员使用，所有操作均留痕审计
        </div>
      </div>
      <div className="mz-login-panel">
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          工作人员登录
        </Typography.Title>
        <Typography.Paragraph type="secondary">请使用本人账号登录</Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={error.title}
            description={error.detail}
            data-testid="login-error"
          />
        )}
        <Form form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登 录
          </Button>
        </Form>
        <Alert
          type="info"
          style={{ marginTop: 24 }}
          title={
            <span>
              演示账号（密码均为 <Typography.Text code>{DEMO_PASSWORD}</Typography.Text>，点击填入）
            </span>
          }
          description={
            <Table
              size="small"
              pagination={false}
              showHeader={false}
              rowKey="username"
              dataSource={DEMO_ACCOUNTS}
              style={{ marginTop: 8, background: 'transparent' }}
              onRow={(r) => ({
                style: { cursor: 'pointer' },
                onClick: () => form.setFieldsValue({ username: r.username, password: DEMO_PASSWORD }),
              })}
              columns={[
                { dataIndex: 'username', render: (u: string) => <Typography.Text code>{u}</Typography.Text> },
                { dataIndex: 'who', render: (w: string) => <Typography.Text type="secondary">{w}</Typography.Text> },
              ]}
            />
          }
        />
      </div>
    </div>
  );
}
