import type { Role, User } from '../api/types';

export const ROLE_LABELS: Record<Role, string> = {
  city_admin: '市级管理员',
  county_approver: '县级审批',
  township_caseworker: '乡镇经办',
  village_helper: '村居协理员',
  leader: '领导(只读)',
  auditor: '审计员',
};

export const ROLE_COLORS: Record<Role, string> = {
  city_admin: 'magenta',
  county_approver: 'geekblue',
  township_caseworker: 'blue',
  village_helper: 'cyan',
  leader: 'gold',
  auditor: 'purple',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

/** What the console lets a user see and do; the server enforces the same rules. */
export interface Abilities {
  readRegistry: boolean;
  writeRegistry: boolean;
  reveal: boolean;
  importRoster: boolean;
  exportRoster: boolean;
  readAudit: boolean;
  manageUsers: boolean;
  /** 待办 and cases: staff who act on cases */
  handleCases: boolean;
  /** 受理救助申请 at a township window */
  receiveApplications: boolean;
  /** 救助测算 */
  calculate: boolean;
  /** 救助标准 (city administrator) */
  setStandards: boolean;
  /** 发放名册: read / run and sign / bank files and returns / resolve failures */
  readPayments: boolean;
  runPayments: boolean;
  bankPayments: boolean;
  adjustPayments: boolean;
}

export function abilitiesOf(user: User | null): Abilities {
  if (!user) {
    return {
      readRegistry: false, writeRegistry: false, reveal: false, importRoster: false, exportRoster: false, readAudit: false, manageUsers: false,
      handleCases: false, receiveApplications: false, calculate: false, setStandards: false, readPayments: false, runPayments: false, bankPayments: false, adjustPayments: false,
    };
  }
  const perms = new Set(user.permissions ?? []);
  const role = user.role;
  const readOnly = role === 'leader' || role === 'auditor';
  return {
    readRegistry: role !== 'auditor' && (perms.has('registry:read') || perms.size === 0),
    writeRegistry: !readOnly && perms.has('registry:write'),
    reveal: role !== 'auditor' && perms.has('registry:reveal'),
    importRoster: !readOnly && perms.has('registry:import'),
    exportRoster: perms.has('registry:export'),
    readAudit: (role === 'auditor' || role === 'city_admin') && (perms.has('audit:read') || perms.size === 0),
    manageUsers: role === 'city_admin' && (perms.has('users:manage') || perms.size === 0),
    handleCases: !readOnly,
    receiveApplications: role === 'township_caseworker' && perms.has('registry:write'),
    calculate: role !== 'auditor',
    setStandards: role === 'city_admin',
    // payments keeps its own role table on the server (payments.access.ts); the console mirrors it
    readPayments: role === 'city_admin' || role === 'county_approver' || role === 'township_caseworker' || role === 'leader',
    runPayments: role === 'city_admin' || role === 'county_approver',
    bankPayments: role === 'city_admin' || role === 'county_approver',
    adjustPayments: role === 'city_admin' || role === 'county_approver',
  };
}
