import { Suspense, useMemo, useState } from 'react';
import { Avatar, Dropdown, Layout, Menu, Space, Spin, Tag, Typography, type MenuProps } from 'antd';
import {
  EnvironmentOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useUser } from '../auth/AuthContext';
import { ROLE_COLORS, roleLabel } from '../auth/roles';
import { ChangePasswordModal } from './ChangePasswordModal';
import { MENU, menuKeyFor } from './menu';

const { Sider, Header, Content } = Layout;

export function ConsoleLayout() {
  const user = useUser();
  const { can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);

  const items = useMemo<MenuProps['items']>(() => {
    const visible = MENU.filter((m) => !m.allow || can[m.allow]);
    const out: NonNullable<MenuProps['items']> = [];
    const groups = new Map<string, typeof visible>();
    for (const m of visible) {
      if (!m.group) out.push({ key: m.key, icon: m.icon, label: m.label });
      else groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    }
    for (const [group, entries] of groups) {
      out.push({
        type: 'group',
        key: `g-${group}`,
        label: collapsed ? null : group,
        children: entries.map((m) => ({ key: m.key, icon: m.icon, label: m.label })),
      });
    }
    return out;
  }, [can, collapsed]);

  const onMenu: MenuProps['onClick'] = ({ key }) => {
    const entry = MENU.find((m) => m.key === key);
    if (entry) navigate(entry.path);
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick: async ({ key }) => {
      if (key === 'password') setPwdOpen(true);
      if (key === 'logout') {
        await logout();
        navigate('/login', { replace: true });
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={220} collapsible collapsed={collapsed} trigger={null} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
        <div className="mz-brand">
          <div className="mz-brand-logo">民</div>
          {!collapsed && (
            <div className="mz-brand-text">
              <b>民政一体化服务平台</b>
              <span>阳泉 · 工作人员端</span>
            </div>
          )}
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[menuKeyFor(location.pathname)]} items={items} onClick={onMenu} style={{ borderInlineEnd: 0, paddingTop: 8 }} />
      </Sider>
      <Layout>
        <Header className="mz-header">
          <Space size={12}>
            <span onClick={() => setCollapsed(!collapsed)} style={{ cursor: 'pointer', fontSize: 16 }} aria-label="折叠菜单">
              {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            </span>
            <Typography.Text strong style={{ fontSize: 15 }}>
              民政一体化服务平台 · 阳泉
            </Typography.Text>
          </Space>
          <Space size={16}>
            <Typography.Text type="secondary">
              <EnvironmentOutlined /> {user.divisionName} · {roleLabel(user.role)}
            </Typography.Text>
            <Dropdown menu={userMenu} placement="bottomRight">
              <div className="mz-header-user" data-testid="user-menu">
                <Avatar size={30} style={{ background: '#1453b8' }} icon={<UserOutlined />} />
                <span>{user.displayName}</span>
                <Tag color={ROLE_COLORS[user.role]} style={{ marginInlineEnd: 0 }}>
                  {roleLabel(user.role)}
                </Tag>
              </div>
            </Dropdown>
          </Space>
        </Header>
        <Content className="mz-content">
          <Suspense
            fallback={
              <div style={{ display: 'grid', placeItems: 'center', minHeight: 320 }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
          <div className="mz-footer">阳泉市民政局 · 民政一体化服务平台 · 个人信息受法律保护，查阅与导出均留痕审计</div>
        </Content>
      </Layout>
      <ChangePasswordModal open={pwdOpen} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}
