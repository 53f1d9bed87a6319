import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Progress, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { useUser } from '../../auth/AuthContext';
import { SKILL_LEVELS, workforceApi, type CareWorker } from '../../api/elderly-services';
import { WorkerDialog, type WorkerStep } from './services/WorkerDialog';

const WRITERS = ['city_admin', 'county_approver', 'township_caseworker'];
const pct = (perMille: number) => `${(perMille / 10).toFixed(1)}%`;

/** 养老护理员: workers, skill levels, training records, and “十四五”期间全员轮训一遍 per county. */
export function WorkforcePage() {
  const user = useUser();
  const canWrite = WRITERS.includes(user.role);
  const [filters, setFilters] = useState<Record<string, string | undefined>>({ active: 'true' });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [version, setVersion] = useState(0);
  const coverage = useLoaded((s) => workforceApi.coverage(s), [version]);
  const { data, loading, error } = useLoaded((s) => workforceApi.list({ ...filters, ...page }, s), [filters, page, version]);
  const [dialog, setDialog] = useState<{ step: WorkerStep; worker?: CareWorker } | null>(null);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const c = coverage.data;

  return (
    <PageContainer title="养老护理员" subTitle="护理员、技能等级与培训；规划目标：“十四五”期间全市养老护理员轮训一遍" crumbs={[{ title: '养老服务' }, { title: '养老护理员' }]}
      extra={canWrite && <Button type="primary" onClick={() => setDialog({ step: 'create' })}>登记护理员</Button>}>
      {c && (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={8}><Card size="small"><Statistic title={`轮训覆盖率（${c.period.from.slice(0, 4)}–${c.period.to.slice(0, 4)} 年内参训）`} value={pct(c.perMille)} />
            <Progress percent={c.perMille / 10} showInfo={false} /><span style={{ color: '#888' }}>在岗 {c.workers} 人，已轮训 {c.trained} 人</span></Card></Col>
          <Col span={16}><Card size="small" title="分县（区）">
            <Table size="small" rowKey="code" pagination={false} dataSource={c.counties} columns={[
              { title: '县（区）', dataIndex: 'name' }, { title: '在岗', dataIndex: 'workers' }, { title: '已轮训', dataIndex: 'trained' },
              { title: '覆盖率', dataIndex: 'perMille', render: (v: number) => pct(v) },
              { title: '技能等级', dataIndex: 'bySkill', render: (b: Record<string, number>) => SKILL_LEVELS.filter((l) => b[l]).map((l) => `${l} ${b[l]}`).join('，') },
            ]} />
          </Card></Col>
        </Row>
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" initialValues={{ active: 'true' }} onFinish={(v) => { setFilters(v); setPage((x) => ({ ...x, page: 1 })); }}>
          <Form.Item name="q" label="姓名"><Input allowClear style={{ width: 140 }} /></Form.Item>
          <Form.Item name="skillLevel" label="技能等级"><Select allowClear style={{ width: 120 }} options={SKILL_LEVELS.map((l) => ({ value: l, label: l }))} /></Form.Item>
          <Form.Item name="trained" label="轮训"><Select allowClear style={{ width: 120 }} options={[{ value: 'true', label: '已轮训' }, { value: 'false', label: '未轮训' }]} /></Form.Item>
          <Form.Item name="active" label="在岗"><Select allowClear style={{ width: 100 }} options={[{ value: 'true', label: '在岗' }, { value: 'false', label: '离岗' }]} /></Form.Item>
          <Space><Button type="primary" htmlType="submit">查询</Button><Button onClick={() => { form.resetFields(); setFilters({ active: 'true' }); }}>重置</Button></Space>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<CareWorker> rowKey="id" size="middle" loading={loading} dataSource={data?.rows ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`, onChange: (pg, s) => setPage({ page: pg, pageSize: s }) }}
        columns={[
          { title: '姓名', dataIndex: 'name' }, { title: '身份证号', dataIndex: 'idNumber', render: (v: string | null) => v ?? '—' },
          { title: '所在单位', dataIndex: 'employer' }, { title: '区划', dataIndex: 'divisionCode' },
          { title: '技能等级', dataIndex: 'skillLevel', render: (l: string) => <Tag color="blue">{l}</Tag> },
          { title: '证书编号', dataIndex: 'certificateNo', render: (v: string | null) => v ?? '—' },
          { title: '培训', key: 't', render: (_, r) => <>{r.trainedInPlan ? <Tag color="green">已轮训</Tag> : <Tag color="orange">未轮训</Tag>}{r.lastTrainedOn ? `最近 ${r.lastTrainedOn}，累计 ${r.trainingHours} 学时` : ''}</> },
          { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? '在岗' : <Tag>离岗</Tag>) },
          {
            title: '操作', key: 'op', width: 180, render: (_, r) => (
              <Space size={4}>
                <a onClick={() => setDialog({ step: 'trainings', worker: r })}>培训记录</a>
                {canWrite && <a onClick={() => setDialog({ step: 'training', worker: r })}>登记培训</a>}
                {canWrite && <a onClick={() => setDialog({ step: 'edit', worker: r })}>修改</a>}
              </Space>
            ),
          },
        ]} />
      {dialog && <WorkerDialog step={dialog.step} worker={dialog.worker} onClose={() => setDialog(null)}
        onDone={(msg) => { message.success(msg); setDialog(null); setVersion((v) => v + 1); }} />}
    </PageContainer>
  );
}
