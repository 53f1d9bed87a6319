import { useCallback, useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { divisionsApi } from '../api/endpoints';
import type { DivisionChild } from '../api/types';
import { useUser } from '../auth/AuthContext';

interface FlatNode {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

interface Props {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Only allow picking nodes at or below this level (e.g. 5 for a person's village). */
  minLevel?: number;
  rootCode?: string;
  style?: React.CSSProperties;
  disabled?: boolean;
}

function childNode(parent: string, c: DivisionChild, minLevel: number): FlatNode & { selectable: boolean } {
  return { id: c.code, pId: parent, value: c.code, title: c.name, isLeaf: !c.hasChildren, selectable: c.level >= minLevel };
}

/** Division picker limited to the user's scope; loads each level on demand. */
export function DivisionSelect({ value, onChange, placeholder = '请选择区划', allowClear = true, minLevel = 0, rootCode, style, disabled }: Props) {
  const user = useUser();
  const root = rootCode ?? user.divisionCode;
  const [nodes, setNodes] = useState<(FlatNode & { selectable?: boolean })[]>([]);
  const loaded = useRef(new Set<string>());

  const load = useCallback(
    async (code: string) => {
      if (loaded.current.has(code)) return;
      loaded.current.add(code);
      const d = await divisionsApi.get(code, false);
      setNodes((prev) => {
        const have = new Set(prev.map((n) => n.id));
        const next = [...prev];
        if ((code === root || code === user.divisionCode) && !have.has(code) && !prev.length) {
          next.push({ id: d.code, pId: null, value: d.code, title: d.name, isLeaf: d.children.length === 0, selectable: d.level >= minLevel });
        }
        for (const c of d.children) if (!have.has(c.code)) next.push(childNode(code, c, minLevel));
        return next;
      });
      return d;
    },
    [root, minLevel, user.divisionCode],
  );

  useEffect(() => {
    loaded.current = new Set();
    setNodes([]);
    void load(root).catch(() => {
      // a root outside the user's scope (e.g. the city for a move) may be refused: fall back to the scope
      if (root !== user.divisionCode) {
        loaded.current.delete(root);
        void load(user.divisionCode).catch(() => undefined);
      }
    });
  }, [root, load, user.divisionCode]);

  // Make a preset value (from the URL or a record) show its name: load the chain down to it.
  useEffect(() => {
    if (!value || value === root || !value.startsWith(root)) return;
    let cancelled = false;
    void (async () => {
      const d = await divisionsApi.get(value, false).catch(() => null);
      if (!d || cancelled) return;
      for (const step of d.path) {
        if (step.code.length >= root.length && step.code !== value && step.code.startsWith(root)) await load(step.code).catch(() => undefined);
      }
      if (d.parentCode) await load(d.parentCode).catch(() => undefined);
    })();
    return () => {
      cancelled = true;
    };
  }, [value, root, load]);

  return (
    <TreeSelect
      style={{ width: '100%', ...style }}
      value={value || undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      treeDataSimpleMode
      treeData={nodes}
      loadData={async (node) => {
        await load(String(node.value));
      }}
      showSearch
      treeNodeFilterProp="title"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: 'auto', minWidth: 280 } } }}
      treeDefaultExpandedKeys={[root]}
    />
  );
}
