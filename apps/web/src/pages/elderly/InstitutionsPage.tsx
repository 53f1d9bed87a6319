import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { DivisionSelect } from '../../components/DivisionSelect';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, FIRE_SAFETY, LICENCE_WARNINGS, OWNERSHIP, type Institution } from '../../api/elderly';
import { InstitutionFormDrawer } from './institutions/InstitutionFormDrawer';

const FIRE_COLOR: Record<string, string> = { passed: 'success', rectifying: 'warning', failed: 'error' };

/** 养老机构: licence and its expiry, beds, nursing beds, residents, staff, fire safety and rating; register and edit. */
export function InstitutionsPage() {
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [version, setVersion] = useState(0);
  const { data, loading, error } = useLoaded((s) => elderlyOps.institutions(s, filters), [filters, version]);
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const rows = data ?? [];
  const totals = rows.reduce((a, r) => ({ beds: a.beds + r.beds, nursing: a.nursing + r.nursingBeds, residents: a.residents + r.residents }), { beds: 0, nursing: 0, residents: 0 });

  return (
    <PageContainer title="养老机构" subTitle="设立许可、床位、入住、消防与等级" crumbs={[{ title: '养老服务' }, { title: '养老机构' }]}
      extra={<Space><Link to="/elderly/facilities">社区居家养老设施</Link><Button type="primary" onClick={() => setCreating(true)}>登记养老机构</Button></Space>}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => setFilters(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x == null || x === '' ? undefined : String(x)])))}>
          <Row gutter={12}>
            <Col span={6}><Form.Item name="q" label="机构名称"><Input allowClear placeholder="名称包含" /></Form.Item></Col>
            <Col span={6}><Form.Item name="divisionCode" label="区划"><DivisionSelect placeholder="全部（本辖区）" /></Form.Item></Col>
            <Col span={4}><Form.Item name="ownership" label="性质"><Select allowClear options={Object.entries(OWNERSHIP).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col span={4}><Form.Item name="warning" label="许可预警"><Select allowClear options={[{ value: 'any', label: '全部预警' }, ...Object.entries(LICENCE_WARNINGS).map(([value, [label]]) => ({ value, label }))]} /></Form.Item></Col>
            <Col span={4}><Form.Item label=" "><Space><Button type="primary" htmlType="submit">查询</Button><Button onClick={() => { form.resetFields(); setFilters({}); }}>重置</Button></Space></Form.Item></Col>
          </Row>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Institution> rowKey="id" size="small" loading={loading} dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (t) => `共 ${t} 家，床位 ${totals.beds} 张（护理型 ${totals.nursing}），在院 ${totals.residents} 人` }}
        onRow={(r) => ({ onDoubleClick: () => navigate(`/elderly/institutions/${r.id}`) })}
        columns={[
          { title: '名称', dataIndex: 'name', render: (n: string, r) => <><Link to={`/elderly/institutions/${r.id}`}>{n}</Link>{r.comprehensive && <Tag color="red" style={{ marginLeft: 4 }}>区域中心</Tag>}</> },
          { title: '性质', dataIndex: 'ownership', width: 90, render: (o: string) => OWNERSHIP[o] ?? o },
          { title: '区划', dataIndex: 'divisionName', render: (n: string | null, r) => n ?? r.divisionCode },
          { title: '许可/备案', dataIndex: 'licenceNo', render: (n: string | null, r) => <>{n ?? '—'}{r.licenceExpiresOn ? `（至 ${r.licenceExpiresOn}）` : ''}{r.licenceWarning && <Tag color={LICENCE_WARNINGS[r.licenceWarning][1]} style={{ marginLeft: 4 }}>{LICENCE_WARNINGS[r.licenceWarning][0]}</Tag>}</> },
          { title: '床位', dataIndex: 'beds', width: 70, sorter: (a, b) => a.beds - b.beds }, { title: '护理型', dataIndex: 'nursingBeds', width: 70 },
          { title: '在院', dataIndex: 'residents', width: 70, sorter: (a, b) => a.residents - b.residents }, { title: '工作人员', dataIndex: 'staff', width: 80 },
          { title: '消防', dataIndex: 'fireSafety', width: 80, render: (f: string) => <Tag color={FIRE_COLOR[f]}>{FIRE_SAFETY[f] ?? f}</Tag> },
          { title: '等级', dataIndex: 'rating', width: 90, render: (r: number) => (r ? '★'.repeat(r) : '未评定') },
        ]} />
      <InstitutionFormDrawer open={creating} onClose={() => setCreating(false)} onSaved={(i) => { setCreating(false); setVersion((v) => v + 1); navigate(`/elderly/institutions/${i.id}`); }} />
    </PageContainer>
  );
}
