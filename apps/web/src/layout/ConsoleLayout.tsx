import { Suspense, useEffect, useMemo, useState } from 'react';
import { Avatar, Badge, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Tag, Typography, type MenuProps } from 'antd';
import {
  BellOutlined,
  EnvironmentOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { inboxApi } from '../api/endpoints';
import type { InboxSummary } from '../api/types';
import { useAuth, useUser } from '../auth/AuthContext';
import { ROLE_COLORS, roleLabel } from '../auth/roles';
import { ChangePasswordModal } from './ChangePasswordModal';
import { MENU, menuKeyFor } from './menu';
import './phone.css';

const { Sider, Header, Content } = Layout;

export function ConsoleLayout() {
  const user = useUser();
  const { can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // below antd's md breakpoint (768 px: phones) the side menu is a drawer opened from the header
  const narrow = Grid.useBreakpoint().md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  useEffect(() => setDrawerOpen(false), [location.pathname, narrow]);
  const [pwdOpen, setPwdOpen] = useState(false);
  const [inbox, setInbox] = useState<InboxSummary | null>(null);

  // the 待办 badge: refreshed on navigation and every two minutes
  useEffect(() => {
    if (!can.handleCases) return;
    let live = true;
    const fetch = () => inboxApi.summary().then((s) => live && setInbox(s)).catch(() => undefined);
    void fetch();
    const t = setInterval(fetch, 120_000);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [can.handleCases, location.pathname]);

  const items = useMemo<MenuProps['items']>(() => {
    const visible = MENU.filter((m) => !m.allow || can[m.allow]);
    const out: NonNullable<MenuProps['items']> = [];
    const groups = new Map<string, typeof visible>();
    const labelOf = (m: (typeof visible)[number]) =>
      m.key === 'inbox' && inbox && inbox.all > 0 ? (
        <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'space-between', width: '100%' }}>
          {m.label}
          <Badge count={inbox.all} overflowCount={999} color={inbox.overdue ? '#cf1322' : '#1453b8'} style={{ boxShadow: 'none' }} />
        </span>
      ) : (
        m.label
      );
    for (const m of visible) {
      if (!m.group) out.push({ key: m.key, icon: m.icon, label: labelOf(m) });
      else groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
    }
    for (const [group, entries] of groups) {
      out.push({
        type: 'group',
        key: `g-${group}`,
        label: collapsed && !narrow ? null : group,
        children: entries.map((m) => ({ key: m.key, icon: m.icon, label: labelOf(m) })),
      });
    }
    return out;
  }, [can, collapsed, narrow, inbox]);

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

  const brand = (small: boolean) => (
    <div className="mz-brand">
      <div className="mz-brand-logo">民</div>
      {!small && (
        <div className="mz-brand-text">
          <b>民政一体化服务平台</b>
          <span>阳泉 · 工作人员端</span>
        </div>
      )}
    </div>
  );
  const menu = (
    <Menu theme="dark" mode="inline" selectedKeys={[menuKeyFor(location.pathname)]} items={items} onClick={onMenu} style={{ borderInlineEnd: 0, paddingTop: 8 }} />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer className="mz-drawer" placement="left" size={264} open={drawerOpen} onClose={() => setDrawerOpen(false)} closable={false}>
          {brand(false)}
          {menu}
        </Drawer>
      ) : (
        <Sider width={220} collapsible collapsed={collapsed} trigger={null} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          {brand(collapsed)}
          {menu}
        </Sider>
      )}
      <Layout>
        <Header className="mz-header">
          {narrow ? (
            <Space size={4}>
              <button type="button" className="mz-menu-button" aria-label="打开菜单" onClick={() => setDrawerOpen(true)}>
                <MenuOutlined />
              </button>
              <span className="mz-header-brand">民政 · 阳泉</span>
            </Space>
          ) : (
            <Space size={12}>
              <span onClick={() => setCollapsed(!collapsed)} style={{ cursor: 'pointer', fontSize: 16 }} aria-label="折叠菜单">
                {collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              </span>
              <Typography.Text strong style={{ fontSize: 15 }} className="mz-header-title">
                民政一体化服务平台 · 阳泉
              </Typography.Text>
            </Space>
          )}
          <Space size={narrow ? 12 : 16}>
            {can.handleCases && (
              <Badge count={inbox?.all ?? 0} size="small" overflowCount={99} color={inbox?.overdue ? '#cf1322' : '#1453b8'}>
                <BellOutlined
                  style={{ fontSize: 17, cursor: 'pointer', color: 'rgba(0,0,0,0.65)' }}
                  aria-label="我的待办"
                  title={inbox ? `待办 ${inbox.all} 件，其中已逾期 ${inbox.overdue} 件` : '我的待办'}
                  onClick={() => navigate('/inbox')}
                />
              </Badge>
            )}
            <Typography.Text type="secondary" className="mz-header-where">
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
