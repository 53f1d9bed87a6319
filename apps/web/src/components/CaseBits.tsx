import { Tag, Tooltip, Typography } from 'antd';

/** 剩余工作日: red when overdue, orange when three days or fewer remain. */
export function DaysLeft({ days, overdue, beyond }: { days: number | null; overdue: boolean; beyond?: boolean }) {
  if (days === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const text = overdue ? `逾期 ${Math.abs(days)} 个工作日` : days === 0 ? '今日到期' : `${days} 个工作日`;
  const color = overdue ? '#cf1322' : days <= 3 ? '#d46b08' : undefined;
  return (
    <span style={{ color, fontWeight: overdue ? 600 : undefined }}>
      {text}
      {beyond && (
        <Tooltip title="期限跨越尚未公布节假日安排的年份，按常规工作日推算，公布后可能调整">
          <Tag color="default" style={{ marginInlineStart: 6 }}>推算</Tag>
        </Tooltip>
      )}
    </span>
  );
}

export function CaseStateTag({ label, final, overdue }: { label: string; final?: boolean; overdue?: boolean }) {
  const color = final ? 'default' : overdue ? 'red' : 'processing';
  return <Tag color={color}>{label}</Tag>;
}
