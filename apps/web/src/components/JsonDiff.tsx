import { Col, Row, Typography } from 'antd';

function lines(value: unknown): { key: string | null; text: string }[] {
  if (value === null || value === undefined) return [{ key: null, text: '（无）' }];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ key: null, text: JSON.stringify(value, null, 2) }];
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return [{ key: null, text: '{}' }];
  return entries.map(([k, v]) => ({ key: k, text: `${k}: ${JSON.stringify(v)}` }));
}

function changedKeys(before: unknown, after: unknown): Set<string> {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const out = new Set<string>();
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[k]) !== JSON.stringify(a[k])) out.add(k);
  }
  return out;
}

/** Before/after of an audited change side by side; changed keys highlighted. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  // a record created (or read) has nothing to compare against: show it plainly
  const comparable = before != null && after != null;
  const changed = comparable ? changedKeys(before, after) : new Set<string>();
  const afterTitle = !comparable
    ? before == null ? '内容' : '变更后（无）'
    : `变更后${changed.size ? `（${changed.size} 项变化：${[...changed].join('、')}）` : '（无变化）'}`;
  const pane = (title: string, value: unknown, cls: string) => (
    <Col span={12}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}
      </Typography.Text>
      <pre className={`mz-diff ${cls}`}>
        {lines(value).map((l, i) => (
          <div key={i} className={`mz-diff-line ${l.key && changed.has(l.key) ? 'mz-diff-changed' : ''}`}>
            {l.text}
          </div>
        ))}
      </pre>
    </Col>
  );
  return (
    <Row gutter={16}>
      {pane('变更前', before, 'mz-diff-before')}
      {pane(afterTitle, after, 'mz-diff-after')}
    </Row>
  );
}
