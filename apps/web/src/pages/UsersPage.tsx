import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../api/client';
import { usersApi, type UserInput } from '../api/endpoints';
import type { ManagedUser, Role } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { useEnums } from '../auth/EnumsContext';
import { ROLE_COLORS, ROLE_LABELS, roleLabel } from '../auth/roles';
import { DivisionSelect } from '../components/DivisionSelect';
import { applyApiError, PASSWORD_RULES } from '../components/form-errors';
import { PageContainer } from '../components/PageContainer';


function UserFormModal({ user, open, onClose, onDone }: { user: ManagedUser | null; open: boolean; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<UserInput>();
  const enums = useEnums();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const roleOptions = enums.roles.length
    ? enums.options('roles')
    : (Object.entries(ROLE_LABELS) as [Role, string][]).map(([value, label]) => ({ value, label }));
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) form.setFieldsValue({ username: user.username, displayName: user.displayName, role: user.role, divisionCode: user.divisionCode });
  }, [open, user, form]);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (user) {
        await usersApi.update(user.id, { displayName: v.displayName, role: v.role as Role, divisionCode: v.divisionCode });
        message.success('用户已更新');
      } else {
        await usersApi.create({ ...v, username: v.username.trim() });
        message.success(`已创建用户 ${v.username}`);
      }
      onDone();
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={user ? `编辑用户 · ${user.username}` : '新建用户'} open={open} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item
          name="username"
          label="用户名"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: '3–64 位小写字母、数字或 . _ -' },
          ]}
        >
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={roleOptions} />
        </Form.Item>
        <Form.Item name="divisionCode" label="管辖区划" rules={[{ required: true, message: '请选择管辖区划' }]} extra="用户只能查看和办理本区划及下级区划的数据">
          <DivisionSelect allowClear={false} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label="初始密码" rules={PASSWORD_RULES} extra="请通过安全渠道告知本人，并提醒首次登录后修改">
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: ManagedUser | null; onClose: () => void }) {
  const [form] = Form.useForm<{ newPassword: string }>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await usersApi.resetPassword(user!.id, v.newPassword);
      message.success(`已重置 ${user!.displayName} 的密码`);
      onClose();
    } catch (e) {
      if (e instanceof ApiError) applyApiError(form, e, message);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`重置密码 · ${user?.displayName ?? ''}`} open={!!user} onCancel={onClose} onOk={submit} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="newPassword" label="新密码" rules={PASSWORD_RULES}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const me = useUser();
  const { message } = App.useApp();
  const [users, setUsers] = useState<ManagedUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ManagedUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<ManagedUser | null>(null);
  const [filter, setFilter] = useState('');
  const [roleFilter, setRoleFilter] = useState<string | undefined>();

  const load = useCallback(() => {
    setError(null);
    usersApi
      .list()
      .then((r) => setUsers(r.items))
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  }, []);
  useEffect(load, [load]);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      load();
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    }
  };

  const shown = (users ?? []).filter(
    (u) => (!filter || u.username.includes(filter) || u.displayName.includes(filter) || u.divisionName?.includes(filter)) && (!roleFilter || u.role === roleFilter),
  );
  const locked = (u: ManagedUser) => !!u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs());

  return (
    <PageContainer
      title="用户管理"
      subTitle="工作人员账号、角色与管辖区划"
      crumbs={[{ title: '系统管理' }, { title: '用户管理' }]}
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>新建用户</Button>}
    >
      <Card
        size="small"
        title={
          <Space>
            <Input.Search allowClear placeholder="用户名 / 姓名 / 区划" style={{ width: 240 }} onChange={(e) => setFilter(e.target.value.trim())} />
            <Select
              allowClear
              placeholder="全部角色"
              style={{ width: 160 }}
              value={roleFilter}
              onChange={setRoleFilter}
              options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Space>
        }
        extra={<Button icon={<ReloadOutlined />} onClick={load} aria-label="刷新" />}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<ManagedUser>
          size="small"
          rowKey="id"
          loading={!users && !error}
          dataSource={shown}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个用户`, hideOnSinglePage: true }}
          columns={[
            { title: '用户名', dataIndex: 'username', render: (v: string) => <span className="mz-mono">{v}</span> },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '角色', dataIndex: 'role', render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{roleLabel(r)}</Tag> },
            { title: '管辖区划', dataIndex: 'divisionName', render: (n: string, u) => <span title={u.divisionCode}>{n}</span> },
            {
              title: '状态',
              key: 'state',
              render: (_: unknown, u) =>
                u.disabled ? (
                  <Badge status="default" text="已停用" />
                ) : locked(u) ? (
                  <Badge status="error" text={`已锁定至 ${dayjs(u.lockedUntil).format('HH:mm')}`} />
                ) : u.failedLogins ? (
                  <Badge status="warning" text={`正常（连续 ${u.failedLogins} 次密码错误）`} />
                ) : (
                  <Badge status="success" text="正常" />
                ),
            },
            { title: '最近登录', dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">从未登录</Typography.Text>) },
            {
              title: '操作',
              key: 'op',
              width: 260,
              render: (_: unknown, u) => (
                <Space size={12}>
                  <Typography.Link onClick={() => setEditing(u)}>编辑</Typography.Link>
                  <Typography.Link onClick={() => setResetting(u)}>重置密码</Typography.Link>
                  {(locked(u) || !!u.failedLogins) && <Typography.Link onClick={() => act(() => usersApi.unlock(u.id), `已解锁 ${u.displayName}`)}>解锁</Typography.Link>}
                  {u.id !== me.id &&
                    (u.disabled ? (
                      <Typography.Link onClick={() => act(() => usersApi.update(u.id, { disabled: false }), `已启用 ${u.displayName}`)}>启用</Typography.Link>
                    ) : (
                      <Popconfirm title={`停用 ${u.displayName}？`} description="停用后该用户无法登录" onConfirm={() => act(() => usersApi.update(u.id, { disabled: true }), `已停用 ${u.displayName}`)}>
                        <Typography.Link type="danger">停用</Typography.Link>
                      </Popconfirm>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <UserFormModal user={editing === 'new' ? null : editing} open={!!editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); load(); }} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </PageContainer>
  );
}
