import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { DivisionSelect } from '../../components/DivisionSelect';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyApi, FLAGS, LEVEL_COLORS, LEVEL_LABELS, LIVING_SITUATIONS, type RegisterRow } from '../../api/elderly';

type Filters = Record<string, string | number | undefined>;

/** 老年人名册: every resident aged 60 or more in the jurisdiction, filtered and paged on the server. */
export function RegisterPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, loading, error } = useLoaded((s) => elderlyApi.register({ ...filters, ...page }, s), [filters, page]);
  const [form] = Form.useForm();

  const columns = [
    { title: '姓名', dataIndex: 'name', render: (v: string, r: RegisterRow) => <Link to={`/elderly/persons/${r.personId}`}>{v}</Link> },
    { title: '性别', dataIndex: 'gender', width: 60, render: (g: string) => (g === 'M' ? '男' : '女') },
    { title: '年龄', dataIndex: 'age', width: 60 },
    { title: '身份证号', dataIndex: 'idNumber' },
    { title: '区划', dataIndex: 'divisionCode' },
    { title: '居住状况', dataIndex: 'livingSituation', render: (v: string) => LIVING_SITUATIONS[v] ?? v },
    { title: '特殊困难', dataIndex: 'flags', render: (f: string[]) => f.map((x) => <Tag key={x} color="volcano">{FLAGS[x] ?? x}</Tag>) },
    { title: '能力等级', dataIndex: 'level', render: (l: number | null) => (l == null ? <Tag>未评估</Tag> : <Tag color={LEVEL_COLORS[l]}>{LEVEL_LABELS[l]}</Tag>) },
    { title: '下次评估', dataIndex: 'nextAssessmentDue', render: (d: string | null) => d ?? '—' },
    {
      title: '操作', key: 'op', width: 140, render: (_: unknown, r: RegisterRow) => (
        <Space><Link to={`/elderly/persons/${r.personId}`}>档案</Link><Link to={`/elderly/assess?personId=${r.personId}`}>评估</Link></Space>
      ),
    },
  ];

  return (
    <PageContainer title="老年人名册" subTitle="户籍 60 周岁以上老年人" crumbs={[{ title: '养老服务' }, { title: '老年人名册' }]}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => { setFilters(v); setPage((p) => ({ ...p, page: 1 })); }}>
          <Row gutter={12}>
            <Col span={6}><Form.Item name="divisionCode" label="区划"><DivisionSelect placeholder="全部（本辖区）" /></Form.Item></Col>
            <Col span={4}><Form.Item name="q" label="姓名"><Input allowClear placeholder="姓名开头" /></Form.Item></Col>
            <Col span={4}><Form.Item name="livingSituation" label="居住状况">
              <Select allowClear options={Object.entries(LIVING_SITUATIONS).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col span={4}><Form.Item name="flag" label="特殊困难">
              <Select allowClear options={Object.entries(FLAGS).map(([value, label]) => ({ value, label }))} /></Form.Item></Col>
            <Col span={3}><Form.Item name="level" label="能力等级">
              <Select allowClear options={LEVEL_LABELS.map((label, value) => ({ value, label }))} /></Form.Item></Col>
            <Col span={3}><Form.Item label="年龄">
              <Space.Compact><Form.Item name="ageFrom" noStyle><InputNumber min={60} max={130} placeholder="从" /></Form.Item>
                <Form.Item name="ageTo" noStyle><InputNumber min={60} max={130} placeholder="到" /></Form.Item></Space.Compact>
            </Form.Item></Col>
          </Row>
          <Space><Button type="primary" htmlType="submit">查询</Button><Button onClick={() => { form.resetFields(); setFilters({}); }}>重置</Button></Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<RegisterRow> rowKey="personId" size="middle" loading={loading} dataSource={data?.rows ?? []} columns={columns}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`,
          onChange: (p, s) => setPage({ page: p, pageSize: s }) }} />
    </PageContainer>
  );
}
