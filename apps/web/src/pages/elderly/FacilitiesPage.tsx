import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import { PageContainer } from '../../components/PageContainer';
import { DivisionSelect } from '../../components/DivisionSelect';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, FACILITY_KINDS, type Facility } from '../../api/elderly';
import { FacilityFormDrawer } from './institutions/FacilityFormDrawer';

type Filters = Record<string, string | undefined>;

/** 社区居家养老设施: day-care centres, A-type stations, canteens and home care beds, filtered and paged on the server. */
export function FacilitiesPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.facilities({ ...filters, ...page }, s), [filters, page, version]);
  const [editing, setEditing] = useState<Facility | null | undefined>(undefined);
  const [form] = Form.useForm();

  return (
    <PageContainer title="社区居家养老设施" subTitle="日间照料中心、A类养老服务站、老年餐厅、家庭养老床位"
      crumbs={[{ title: '养老服务' }, { title: '养老机构', to: '/elderly/institutions' }, { title: '社区居家养老设施' }]}
      extra={<Button type="primary" onClick={() => setEditing(null)}>登记设施</Button>}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => { setFilters({ kind: v.kind, divisionCode: v.divisionCode, q: v.q || undefined, includeClosed: v.includeClosed ? 'true' : undefined }); setPage((p) => ({ ...p, page: 1 })); }}>
          <Row gutter={12}>
            <Col span={5}><Form.Item name="kind" label="类型"><Select allowClear options={Object.entries(FACILITY_KINDS).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col span={6}><Form.Item name="divisionCode" label="区划"><DivisionSelect placeholder="全部（本辖区）" /></Form.Item></Col>
            <Col span={5}><Form.Item name="q" label="名称"><Input allowClear placeholder="名称包含" /></Form.Item></Col>
            <Col span={3}><Form.Item name="includeClosed" label=" " valuePropName="checked"><Checkbox>含已停用</Checkbox></Form.Item></Col>
            <Col span={5}><Form.Item label=" "><Space><Button type="primary" htmlType="submit">查询</Button><Button onClick={() => { form.resetFields(); setFilters({}); }}>重置</Button></Space></Form.Item></Col>
          </Row>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Facility> rowKey="id" size="small" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 处`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (k: string) => <Tag>{FACILITY_KINDS[k] ?? k}</Tag> },
          { title: '区划', dataIndex: 'divisionName', render: (n: string | null, r) => n ?? r.divisionCode },
          { title: '城乡', dataIndex: 'urbanRural', render: (u: string) => (u === 'urban' ? '城市' : '农村') },
          { title: '机构 / 老人', key: 'bed', render: (_, r) => (r.kind === 'home_bed' ? `${r.institution ?? ''} / ${r.personName ?? ''}` : '—') },
          { title: '启用', dataIndex: 'openedOn' },
          { title: '状态', dataIndex: 'closedOn', render: (c: string | null) => (c ? <Tag>{c} 停用</Tag> : <Tag color="green">运营中</Tag>) },
          { title: '操作', key: 'op', width: 70, render: (_, r) => <a onClick={() => setEditing(r)}>修改</a> },
        ]} />
      <FacilityFormDrawer open={editing !== undefined} facility={editing} onClose={() => setEditing(undefined)} onSaved={() => { setEditing(undefined); setVersion((v) => v + 1); }} />
    </PageContainer>
  );
}
