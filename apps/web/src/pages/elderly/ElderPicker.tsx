import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import { elderlyApi, type RegisterRow } from '../../api/elderly';

interface Props {
  value?: number;
  onChange?: (personId: number | undefined, row?: RegisterRow) => void;
  placeholder?: string;
}

/** Picks an older person from the elderly register (name prefix, within the user's jurisdiction). */
export function ElderPicker({ value, onChange, placeholder = '输入姓名搜索老年人名册' }: Props) {
  const [options, setOptions] = useState<RegisterRow[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      setLoading(true);
      elderlyApi.register({ q: q.trim(), pageSize: 20 })
        .then((p) => setOptions(p.rows))
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
      notFoundContent={loading ? <Spin size="small" /> : '名册中无匹配的老年人'}
      onChange={(id) => onChange?.(id, options.find((o) => o.personId === id))}
      allowClear
      data-testid="elder-picker"
      options={options.map((o) => ({ value: o.personId, label: `${o.name}　${o.age} 岁　${o.idNumber}　${o.divisionCode}` }))}
    />
  );
}
