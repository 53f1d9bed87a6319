import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { elderlyApi, LEVEL_COLORS, LIVING_SITUATIONS, PROPOSAL_STATUS } from '../../api/elderly';
import { formatFen } from './format';

/** 老年人档案: registry facts, living situation and carers, and the history across services. */
export function PersonFilePage() {
  const { id } = useParams();
  const personId = Number(id);
  const [version, setVersion] = useState(0);
  const { data, error } = useLoaded((s) => elderlyApi.file(personId, s), [personId, version]);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const { message } = App.useApp();

  const save = async () => {
    const v = await form.validateFields();
    try {
      await elderlyApi.setProfile(personId, { ...v, carers: (v.carers ?? []).filter((c: { name?: string }) => c?.name) });
      setEditing(false);
      setVersion((x) => x + 1);
      message.success('已保存');
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    }
  };

  const p = data?.person;
  return (
    <PageContainer title={p ? `${p.name} 的档案` : '老年人档案'} crumbs={[{ title: '老年人名册', to: '/elderly/register' }, { title: p?.name ?? '' }]}
      extra={<Space><Link to={`/elderly/assess?personId=${personId}`}><Button type="primary">能力评估</Button></Link>
        <Link to={`/elderly/visit?personId=${personId}`}><Button>登记探访</Button></Link></Space>}>
      {error && <Alert type="error" showIcon message={error} />}
      {p && (
        <Card size="small" style={{ marginBottom: 16 }} extra={<Button size="small" onClick={() => { form.setFieldsValue(data?.profile ?? { livingSituation: 'with_family', familyPlanningSpecial: false, carers: [] }); setEditing(true); }}>编辑居住状况与照护人</Button>}>
          <Descriptions size="small" column={3} items={[
            { key: 'n', label: '姓名', children: p.name }, { key: 'g', label: '性别', children: p.gender === 'M' ? '男' : '女' },
            { key: 'a', label: '年龄', children: `${p.age} 岁（${p.birthDate}）` }, { key: 'i', label: '身份证号', children: p.idNumber },
            { key: 'ph', label: '电话', children: p.phone ?? '—' }, { key: 'd', label: '户籍区划', children: p.divisionCode },
            { key: 'ds', label: '残疾等级', children: p.disabilityGrade ? `${p.disabilityGrade} 级` : '—' },
            { key: 's', label: '状态', children: p.status === 'living' ? '在世' : `已故 ${p.deathDate ?? ''}` },
            { key: 'l', label: '居住状况', children: LIVING_SITUATIONS[data?.profile?.livingSituation ?? 'with_family'] },
            { key: 'f', label: '计生特殊家庭', children: data?.profile?.familyPlanningSpecial ? '是' : '否' },
            { key: 'c', label: '照护联系人', span: 2, children: (data?.profile?.carers ?? []).map((c) => `${c.name}${c.relation ? `（${c.relation}）` : ''} ${c.phone ?? ''}`).join('；') || '—' },
          ]} />
        </Card>
      )}
      {data && (
        <Tabs items={[
          { key: 'a', label: `能力评估（${data.assessments.length}）`, children: (
            <Table size="small" rowKey="id" pagination={false} dataSource={data.assessments} columns={[
              { title: '评估日期', dataIndex: 'assessedOn' }, { title: '总分', dataIndex: 'total' },
              { title: '等级', dataIndex: 'level', render: (l: number, r) => <Tag color={LEVEL_COLORS[l]}>{l} 级 {r.levelLabel}</Tag> },
              { title: '下次评估', dataIndex: 'nextDueOn' },
              { title: '报告', key: 'r', render: (_, r) => <a href={elderlyApi.reportUrl(r.id)} target="_blank" rel="noreferrer">打印</a> },
            ]} />) },
          { key: 's', label: `补贴（${data.subsidies.length}）`, children: (
            <Table size="small" rowKey="id" pagination={false} dataSource={data.subsidies} columns={[
              { title: '项目', dataIndex: 'programme', render: (v: string) => ({ elderly_longevity: '高龄津贴', elderly_service: '服务补贴', elderly_care: '护理补贴' } as Record<string, string>)[v] ?? v },
              { title: '月标准', dataIndex: 'monthlyAmountFen', render: formatFen }, { title: '起始', dataIndex: 'fromMonth' },
              { title: '状态', dataIndex: 'status', render: (s: string) => PROPOSAL_STATUS[s] ?? s },
              { title: '说明', key: 'x', render: (_, r) => r.stopReason ?? r.explanation?.reasons?.join('；') },
              { title: '办件', dataIndex: 'instanceId', render: (i: number | null) => (i ? <Link to={`/cases/${i}`}>查看</Link> : '—') },
            ]} />) },
          { key: 'v', label: `探访（${data.visits.length}）`, children: (
            <Table size="small" rowKey="id" pagination={false} dataSource={data.visits} columns={[
              { title: '日期', dataIndex: 'visitedOn' }, { title: '探访人', dataIndex: 'visitorName' },
              { title: '情况', dataIndex: 'condition', render: (c: string) => ({ normal: '正常', attention: '需关注', urgent: '需紧急处置' } as Record<string, string>)[c] ?? c },
              { title: '发现', dataIndex: 'findings' },
            ]} />) },
          { key: 'i', label: `入住机构（${data.admissions.length}）`, children: (
            <Table size="small" rowKey="id" pagination={false} dataSource={data.admissions} columns={[
              { title: '机构', dataIndex: 'institutionId' }, { title: '入住', dataIndex: 'admittedOn' }, { title: '离院', dataIndex: 'dischargedOn', render: (d: string | null) => d ?? '在院' },
            ]} />) },
          { key: 'p', label: `待遇发放（${data.payments.length}）`, children: (
            <Table size="small" rowKey={(r) => `${r.programme}:${r.fromMonth}`} pagination={false} dataSource={data.payments} columns={[
              { title: '项目', dataIndex: 'programme' }, { title: '月金额', dataIndex: 'monthlyAmountFen', render: formatFen },
              { title: '起始', dataIndex: 'fromMonth' }, { title: '截止', dataIndex: 'toMonth', render: (m: string | null) => m ?? '至今' },
            ]} />) },
        ]} />
      )}
      <Modal open={editing} title="居住状况与照护联系人" onOk={save} onCancel={() => setEditing(false)} okText="保存">
        <Form form={form} layout="vertical">
          <Form.Item name="livingSituation" label="居住状况" rules={[{ required: true }]}>
            <Select options={Object.entries(LIVING_SITUATIONS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="familyPlanningSpecial" valuePropName="checked"><Checkbox>计划生育特殊家庭</Checkbox></Form.Item>
          <Form.Item name="lifeThreateningIllness" valuePropName="checked"><Checkbox>患危重疾病</Checkbox></Form.Item>
          <Form.List name="carers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '姓名' }]}><Input placeholder="姓名" /></Form.Item>
                    <Form.Item name={[f.name, 'relation']}><Input placeholder="关系" style={{ width: 80 }} /></Form.Item>
                    <Form.Item name={[f.name, 'phone']}><Input placeholder="电话" /></Form.Item>
                    <a onClick={() => remove(f.name)}>删除</a>
                  </Space>
                ))}
                <Button onClick={() => add({})} disabled={fields.length >= 5}>添加照护联系人</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </PageContainer>
  );
}
