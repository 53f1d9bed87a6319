import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Table, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { divisionsApi } from '../api/endpoints';
import type { Division, DivisionChild } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { PageContainer } from '../components/PageContainer';
import { DivisionKindTag, LEVEL_LABELS } from '../components/StatusTag';

function fmt(n: number | undefined): string {
  return n == null ? '—' : n.toLocaleString();
}

function NodeTitle({ d }: { d: Pick<DivisionChild, 'name' | 'level' | 'kind' | 'persons' | 'households'> }) {
  return (
    <span className="mz-tree-node">
      <span>{d.name}</span>
      <DivisionKindTag kind={d.kind} level={d.level} />
      {d.persons != null && (
        <span className="mz-tree-count">
          {fmt(d.persons)}人/{fmt(d.households)}户
        </span>
      )}
    </span>
  );
}

export function DivisionsPage() {
  const user = useUser();
  const root = user.divisionCode;
  const [params, setParams] = useSearchParams();
  const selected = params.get('code') && params.get('code')!.startsWith(root) ? params.get('code')! : root;
  const [rootNode, setRootNode] = useState<Division | null>(null);
  const [children, setChildren] = useState<Map<string, DivisionChild[]>>(new Map());
  const [expanded, setExpanded] = useState<string[]>([root]);
  const [detail, setDetail] = useState<Division | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

  const loadChildren = useCallback(async (code: string) => {
    const d = await divisionsApi.get(code);
    setChildren((prev) => new Map(prev).set(code, d.children));
    return d;
  }, []);

  useEffect(() => {
    divisionsApi
      .get(root)
      .then((d) => {
        setRootNode(d);
        setChildren((prev) => new Map(prev).set(root, d.children));
      })
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  }, [root]);

  useEffect(() => {
    setDetail(null);
    divisionsApi
      .get(selected)
      .then(async (d) => {
        setDetail(d);
        setChildren((prev) => new Map(prev).set(d.code, d.children));
        // open the tree down to the selected node
        const chain = d.path.map((p) => p.code).filter((c) => c.startsWith(root) && c !== d.code);
        for (const c of chain) await loadChildren(c).catch(() => undefined);
        setExpanded((prev) => [...new Set([...prev, ...chain])]);
      })
      .catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  }, [selected, root, loadChildren]);

  const treeData = useMemo<TreeDataNode[]>(() => {
    if (!rootNode) return [];
    const build = (c: DivisionChild): TreeDataNode => {
      const kids = children.get(c.code);
      return {
        key: c.code,
        title: <NodeTitle d={c} />,
        isLeaf: !c.hasChildren,
        children: kids?.filter((k) => !filter || k.name.includes(filter) || k.hasChildren).map(build),
      };
    };
    return [build({ ...rootNode, hasChildren: rootNode.children.length > 0 })];
  }, [rootNode, children, filter]);

  const select = (code: string) => setParams(code === root ? {} : { code });

  return (
    <PageContainer title="行政区划" subTitle="辖区内各级区划及在册人员、户数（按户籍地统计）" crumbs={[{ title: '基础信息' }, { title: '行政区划' }]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Row gutter={16} wrap={false}>
        <Col flex="400px">
          <Card title="区划树" size="small" styles={{ body: { padding: 8 } }}>
            <Input.Search allowClear placeholder="筛选已展开的村（社区）" size="small" style={{ marginBottom: 8 }} onChange={(e) => setFilter(e.target.value.trim())} />
            {!rootNode ? (
              <Skeleton active />
            ) : (
              <div style={{ height: 'calc(100vh - 290px)', minHeight: 360, overflow: 'auto' }}>
                <Tree
                  blockNode
                  showLine
                  treeData={treeData}
                  expandedKeys={expanded}
                  onExpand={(keys) => setExpanded(keys as string[])}
                  selectedKeys={[selected]}
                  onSelect={(keys) => keys[0] && select(String(keys[0]))}
                  loadData={async (node) => {
                    if (!children.has(String(node.key))) await loadChildren(String(node.key));
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Card
            size="small"
            title={detail ? <Space>{detail.name}<DivisionKindTag kind={detail.kind} level={detail.level} /></Space> : '区划信息'}
            extra={
              detail && (
                <Link to={`/persons?divisionCode=${detail.code}`}>
                  <Button type="primary" icon={<TeamOutlined />}>查看人员</Button>
                </Link>
              )
            }
            style={{ marginBottom: 16 }}
          >
            {!detail ? (
              <Skeleton active />
            ) : (
              <Descriptions bordered size="small" column={3}>
                <Descriptions.Item label="区划名称">{detail.name}</Descriptions.Item>
                <Descriptions.Item label="区划代码"><span className="mz-mono">{detail.code}</span></Descriptions.Item>
                <Descriptions.Item label="层级">{LEVEL_LABELS[detail.level] ?? detail.level}</Descriptions.Item>
                <Descriptions.Item label="上级区划" span={2}>
                  {detail.path.filter((p) => p.code !== detail.code).map((p) => p.name).join(' / ') || '—'}
                </Descriptions.Item>
                <Descriptions.Item label="类型">
                  {detail.level === 5 ? (detail.kind === 'community' ? '城市社区' : '行政村') : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="在册人员">
                  <Typography.Text strong>{fmt(detail.persons)}</Typography.Text> 人
                </Descriptions.Item>
                <Descriptions.Item label="家庭户">
                  <Typography.Text strong>{fmt(detail.households)}</Typography.Text> 户
                </Descriptions.Item>
                <Descriptions.Item label="下级区划">{detail.children.length} 个</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          <Card size="small" title={`下级区划${detail?.children.length ? `（${detail.children.length}）` : ''}`}>
            {detail && detail.children.length === 0 ? (
              <Empty description="已是最末级（村/社区）" />
            ) : (
              <Table
                size="small"
                rowKey="code"
                loading={!detail}
                dataSource={detail?.children}
                pagination={{ pageSize: 15, size: 'small', showTotal: (t) => `共 ${t} 个`, hideOnSinglePage: true }}
                columns={[
                  {
                    title: '名称',
                    dataIndex: 'name',
                    render: (_: string, r: DivisionChild) => (
                      <Space>
                        <Typography.Link onClick={() => select(r.code)}>{r.name}</Typography.Link>
                        <DivisionKindTag kind={r.kind} level={r.level} />
                      </Space>
                    ),
                  },
                  { title: '区划代码', dataIndex: 'code', render: (c: string) => <span className="mz-mono">{c}</span>, width: 150 },
                  { title: '层级', dataIndex: 'level', width: 110, render: (l: number) => <Tag variant="filled">{LEVEL_LABELS[l]}</Tag> },
                  { title: '人员', dataIndex: 'persons', align: 'right', width: 100, sorter: (a, b) => (a.persons ?? 0) - (b.persons ?? 0), render: fmt },
                  { title: '户数', dataIndex: 'households', align: 'right', width: 100, sorter: (a, b) => (a.households ?? 0) - (b.households ?? 0), render: fmt },
                  {
                    title: '操作',
                    width: 100,
                    render: (_: unknown, r: DivisionChild) => <Link to={`/persons?divisionCode=${r.code}`}>查看人员</Link>,
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
