import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { personsApi } from '../api/endpoints';
import type { PersonListItem } from '../api/types';

interface Props {
  value?: string;
  onChange?: (id: string | undefined, person?: PersonListItem) => void;
  placeholder?: string;
  exclude?: string[];
}

/** Remote person search (name / ID number / phone) within the user's scope. */
export function PersonPicker({ value, onChange, placeholder = '输入姓名或身份证号搜索', exclude = [] }: Props) {
  const [options, setOptions] = useState<PersonListItem[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      setLoading(true);
      personsApi
        .list({ q: q.trim(), status: 'living', pageSize: 20 })
        .then((p) => setOptions(p.items))
        .catch(() => setOptions([]))
        .finally(() => setLoading(false));
    }, 300);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: search }}
      value={value}
      placeholder={placeholder}
      notFoundContent={loading ? <Spin size="small" /> : '无匹配人员'}
      onChange={(id) => onChange?.(id, options.find((o) => o.id === id))}
      allowClear
      options={options
        .filter((o) => !exclude.includes(o.id))
        .map((o) => ({
          value: o.id,
          label: `${o.name}　${o.idNumberMasked}　${o.divisionName}${o.householdId ? '（已有户）' : ''}`,
        }))}
    />
  );
}
