import {
  AccountBookOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  SolutionOutlined,
  CalculatorOutlined,
  InboxOutlined,
  SettingOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  TeamOutlined,
  UserSwitchOutlined,
  HeartOutlined,
  FileSearchOutlined,
  AlertOutlined,
  SyncOutlined,
  DatabaseOutlined,
  MobileOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Abilities } from '../auth/roles';

export interface MenuEntry {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  group: string;
  allow?: keyof Abilities;
}

export const MENU: MenuEntry[] = [
  { key: 'inbox', path: '/inbox', label: '我的待办', icon: <InboxOutlined />, group: '', allow: 'handleCases' },
  { key: 'home', path: '/', label: '工作台', icon: <HomeOutlined />, group: '', allow: 'readRegistry' },
  { key: 'divisions', path: '/divisions', label: '行政区划', icon: <ApartmentOutlined />, group: '基础信息', allow: 'readRegistry' },
  { key: 'persons', path: '/persons', label: '人员查询', icon: <TeamOutlined />, group: '基础信息', allow: 'readRegistry' },
  { key: 'import', path: '/import', label: '批量导入', icon: <CloudUploadOutlined />, group: '基础信息', allow: 'importRoster' },
  { key: 'calculator', path: '/assistance/calculator', label: '救助测算', icon: <CalculatorOutlined />, group: '社会救助', allow: 'calculate' },
  { key: 'standards', path: '/assistance/standards', label: '救助标准', icon: <SettingOutlined />, group: '社会救助', allow: 'setStandards' },
  { key: 'low-income', path: '/assistance/low-income', label: '低收入人口', icon: <SolutionOutlined />, group: '社会救助', allow: 'readRegistry' },
  { key: 'reports', path: '/assistance/reports', label: '救助统计', icon: <BarChartOutlined />, group: '社会救助', allow: 'readPayments' },
  { key: 'verification-requests', path: '/verification/requests', label: '核对报告', icon: <FileSearchOutlined />, group: '核对与监测', allow: 'readPayments' },
  { key: 'verification-batches', path: '/verification/batches', label: '批量复核', icon: <SyncOutlined />, group: '核对与监测', allow: 'readPayments' },
  { key: 'verification-alerts', path: '/verification/alerts', label: '监测预警', icon: <AlertOutlined />, group: '核对与监测', allow: 'readRegistry' },
  { key: 'verification-outreach', path: '/verification/outreach', label: '主动发现上报', icon: <MobileOutlined />, group: '核对与监测', allow: 'handleCases' },
  { key: 'verification-sources', path: '/verification/sources', label: '数据来源', icon: <DatabaseOutlined />, group: '核对与监测', allow: 'readPayments' },
  { key: 'payroll', path: '/payments/runs', label: '发放名册', icon: <AccountBookOutlined />, group: '资金发放', allow: 'readPayments' },
  { key: 'failures', path: '/payments/failures', label: '发放失败', icon: <AccountBookOutlined />, group: '资金发放', allow: 'readPayments' },
  { key: 'elderly-register', path: '/elderly/register', label: '老年人名册', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-subsidies', path: '/elderly/subsidies', label: '老年人补贴', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-visits', path: '/elderly/visits', label: '探访关爱', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-institutions', path: '/elderly/institutions', label: '养老机构', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-home-services', path: '/elderly/home-services', label: '居家养老服务', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-adaptations', path: '/elderly/adaptations', label: '适老化改造', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-workforce', path: '/elderly/workforce', label: '养老护理员', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-map', path: '/elderly/map', label: '养老设施地图', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-supervision', path: '/elderly/supervision', label: '养老监管', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'elderly-dashboard', path: '/elderly/dashboard', label: '养老服务指标', icon: <HeartOutlined />, group: '养老服务', allow: 'readRegistry' },
  { key: 'audit', path: '/audit', label: '审计日志', icon: <AuditOutlined />, group: '系统管理', allow: 'readAudit' },
  { key: 'users', path: '/users', label: '用户管理', icon: <UserSwitchOutlined />, group: '系统管理', allow: 'manageUsers' },
];

/** Which menu entry a location belongs to (detail pages light up their list). */
export function menuKeyFor(pathname: string): string {
  if (pathname.startsWith('/persons') || pathname.startsWith('/households')) return 'persons';
  if (pathname.startsWith('/elderly/persons') || pathname.startsWith('/elderly/assess')) return 'elderly-register';
  if (pathname.startsWith('/elderly/visit')) return 'elderly-visits';
  if (pathname.startsWith('/elderly/institutions') || pathname.startsWith('/elderly/facilities')) return 'elderly-institutions';
  if (pathname.startsWith('/cases') || pathname.startsWith('/assistance/applications')) return 'inbox';
  const hit = MENU.find((m) => m.path !== '/' && pathname.startsWith(m.path));
  return hit?.key ?? 'home';
}
