import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, Card, Col, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  SearchOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { divisionsApi } from '../api/endpoints';
import type { Division } from '../api/types';
import { useAuth, useUser } from '../auth/AuthContext';
import { roleLabel } from '../auth/roles';
import { LEVEL_LABELS } from '../components/StatusTag';

const ChildrenChart = lazy(() => import('../components/ChildrenChart').then((m) => ({ default: m.ChildrenChart })));

function greeting(): string {
  const h = dayjs().hour();
  return h < 11 ? '上午好' : h < 13 ? '中午好' : h < 18 ? '下午好' : '晚上好';
}

export function HomePage() {
  const user = useUser();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [division, setDivision] = useState<Division | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    divisionsApi
      .get(user.divisionCode)
      .then(setDivision)
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  }, [user.divisionCode]);

  const childLevel = division?.children[0]?.level;
  const avg = division?.persons && division.households ? (division.persons / division.households).toFixed(2) : '—';

  const links = [
    { to: '/persons', icon: <SearchOutlined />, title: '人员查询', desc: '按姓名、证件号、区划检索', show: can.readRegistry },
    { to: '/persons?new=1', icon: <UserAddOutlined />, title: '新增人员', desc: '登记新的辖区居民', show: can.writeRegistry },
    { to: '/divisions', icon: <ApartmentOutlined />, title: '行政区划', desc: '逐级查看村(社区)人口', show: can.readRegistry },
    { to: '/import', icon: <CloudUploadOutlined />, title: '批量导入', desc: '按模板导入人员花名册', show: can.importRoster },
    { to: '/audit', icon: <AuditOutlined />, title: '审计日志', desc: '查看操作留痕', show: can.readAudit },
  ].filter((l) => l.show);

  return (
    <div style={{ paddingTop: 16 }}>
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Row align="middle" gutter={24}>
          <Col flex="auto">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {greeting()}，{user.displayName}
            </Typography.Title>
            <Typography.Text type="secondary">
              {user.divisionName} · {roleLabel(user.role)} · 今天是 {dayjs().format('YYYY年M月D日 dddd')}
            </Typography.Text>
          </Col>
          <Col>
            <Space size={40}>
              <Statistic title="辖区在册人员" value={division?.persons ?? '—'} suffix={division?.persons != null ? '人' : ''} loading={!division && !error} />
              <Statistic title="家庭户" value={division?.households ?? '—'} suffix={division?.households != null ? '户' : ''} loading={!division && !error} />
              <Statistic title="户均人口" value={avg} loading={!division && !error} />
            </Space>
          </Col>
        </Row>
      </Card>
      {error && <Alert type="error" showIcon title={`辖区统计加载失败：${error}`} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col span={16}>
          <Card
            title={
              <Space>
                <HomeOutlined />
                辖区概况 · {division?.name ?? user.divisionName}
                {division && <Tag>{LEVEL_LABELS[division.level]}</Tag>}
              </Space>
            }
            extra={<Link to="/divisions">查看区划</Link>}
            style={{ marginBottom: 16 }}
          >
            {!division ? (
              <Skeleton active />
            ) : division.children.length === 0 ? (
              <Typography.Text type="secondary">本辖区无下级区划</Typography.Text>
            ) : (
              <Row gutter={16}>
                <Col span={13}>
                  <Suspense fallback={<Skeleton active />}>
                    <ChildrenChart items={division.children} />
                  </Suspense>
                </Col>
                <Col span={11}>
                  <Table
                    size="small"
                    rowKey="code"
                    dataSource={division.children}
                    pagination={false}
                    scroll={{ y: 330 }}
                    onRow={(r) => ({ style: { cursor: 'pointer' }, onClick: () => navigate(`/divisions?code=${r.code}`) })}
                    columns={[
                      { title: LEVEL_LABELS[childLevel ?? 0] ?? '下级区划', dataIndex: 'name', ellipsis: true },
                      { title: '人员', dataIndex: 'persons', align: 'right', width: 80, render: (v?: number) => v?.toLocaleString() ?? '—' },
                      { title: '户数', dataIndex: 'households', align: 'right', width: 80, render: (v?: number) => v?.toLocaleString() ?? '—' },
                    ]}
                  />
                </Col>
              </Row>
            )}
          </Card>
        </Col>
        <Col span={8}>
          <Card title="快捷入口" style={{ marginBottom: 16 }} styles={{ body: { padding: 8 } }}>
            {links.map((l) => (
              <div key={l.to} className="mz-quick-link" onClick={() => navigate(l.to)} role="link">
                <div className="mz-quick-icon">{l.icon}</div>
                <div>
                  <div className="mz-quick-title">{l.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>{l.desc}</Typography.Text>
                </div>
              </div>
            ))}
          </Card>
          <Card title="工作提示">
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              <TeamOutlined /> 身份证号与电话默认脱敏显示，确需查看完整信息时须填写事由，系统将记录审计日志。
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              人员与家庭信息“一数一源”：各业务模块均从此处读取，请及时更新死亡、迁移等变动。
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
