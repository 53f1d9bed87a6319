import { Tag } from 'antd';
import type { PersonStatus } from '../api/types';

const STATUS: Record<PersonStatus, { label: string; color: string }> = {
  living: { label: '在册', color: 'green' },
  deceased: { label: '已死亡', color: 'default' },
  moved_out: { label: '已迁出', color: 'orange' },
};

export function StatusTag({ status }: { status: PersonStatus | string }) {
  const s = STATUS[status as PersonStatus] ?? { label: status, color: 'default' };
  return <Tag color={s.color}>{s.label}</Tag>;
}

export const STATUS_OPTIONS = Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }));

export function genderLabel(g: string | null | undefined): string {
  return g === 'M' ? '男' : g === 'F' ? '女' : '—';
}

export function DivisionKindTag({ kind, level }: { kind: string | null; level: number }) {
  if (level !== 5) return null;
  return kind === 'community' ? <Tag color="blue" variant="filled">社区</Tag> : <Tag color="green" variant="filled">村</Tag>;
}

export const LEVEL_LABELS: Record<number, string> = { 1: '省', 2: '市', 3: '县(区)', 4: '乡镇(街道)', 5: '村(社区)' };
