import { useEffect, useState } from 'react';
import { Select, Tag } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { divisionsApi } from '../api/endpoints';
import type { ChangeKind } from '../api/types';
import { useUser } from '../auth/AuthContext';

export const CHANGE: Record<ChangeKind, { label: string; color: string }> = {
  new: { label: '新增', color: 'green' },
  changed: { label: '变更', color: 'orange' },
  stopped: { label: '停发', color: 'red' },
  unchanged: { label: '不变', color: 'default' },
};

export const CHANGE_OPTIONS = (Object.keys(CHANGE) as ChangeKind[]).map((k) => ({ value: k, label: CHANGE[k].label }));

export function ChangeTag({ change }: { change: ChangeKind }) {
  const c = CHANGE[change] ?? { label: change, color: 'default' };
  return <Tag color={c.color}>{c.label}</Tag>;
}

export function RunStatusTag({ status }: { status: string }) {
  return status === 'signed' ? (
    <Tag color="green" icon={<LockOutlined />}>已签发</Tag>
  ) : (
    <Tag color="blue">草稿</Tag>
  );
}

export const PHASE_LABELS: Record<string, string> = {
  queued: '排队中',
  compute: '计算当月待遇',
  persist: '写入名册明细',
  diff: '与上月比对',
  succeeded: '已完成',
  failed: '失败',
};

/** County names the user may pick: a city user picks among its counties; others have their own county. */
export function useCounties(): { value: string; label: string }[] {
  const user = useUser();
  const [opts, setOpts] = useState<{ value: string; label: string }[]>(() =>
    user.divisionCode.length >= 6 ? [{ value: user.divisionCode.slice(0, 6), label: user.divisionCode.length === 6 ? user.divisionName : user.divisionCode.slice(0, 6) }] : [],
  );
  useEffect(() => {
    if (user.divisionCode.length >= 6) {
      if (user.divisionCode.length > 6) {
        // below the county the name may be out of reach; try, and keep the code otherwise
        divisionsApi.get(user.divisionCode, false).then((d) => {
          const c = d.path.find((p) => p.code.length === 6);
          if (c) setOpts([{ value: c.code, label: c.name }]);
        }).catch(() => undefined);
      }
      return;
    }
    divisionsApi
      .get(user.divisionCode, false)
      .then((d) => setOpts(d.children.filter((c) => c.code.length === 6).map((c) => ({ value: c.code, label: c.name }))))
      .catch(() => undefined);
  }, [user.divisionCode]);
  return opts;
}

export function CountySelect(props: { value?: string; onChange?: (v: string | undefined) => void; allowClear?: boolean; placeholder?: string }) {
  const options = useCounties();
  return <Select {...props} options={options} showSearch optionFilterProp="label" placeholder={props.placeholder ?? '选择县（区）'} />;
}
