import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tag, Timeline, Typography } from 'antd';
import { BranchesOutlined, EditOutlined, MergeCellsOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { householdsApi } from '../api/endpoints';
import type { Household, HouseholdMember } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useEnums } from '../auth/EnumsContext';
import { AddMemberModal, EditHouseholdModal, LeaveModal, MergeModal, SplitModal } from '../components/HouseholdDialogs';
import { PageContainer } from '../components/PageContainer';
import { genderLabel, StatusTag } from '../components/StatusTag';
import { HouseholdChainCard } from '../components/HouseholdChainCard';

type Dialog = 'edit' | 'add' | 'leave' | 'split' | 'merge' | null;

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { can, user } = useAuth();
  const enums = useEnums();
  const [hh, setHh] = useState<Household | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [leaving, setLeaving] = useState<HouseholdMember | null>(null);

  const load = useCallback(() => {
    setError(null);
    householdsApi
      .get(id)
      .then(setHh)
      .catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);
  useEffect(load, [load]);

  const crumbs = [{ title: '基础信息' }, { title: '人员查询', to: '/persons' }, { title: hh ? `${hh.head?.name ?? ''}户` : '家庭户' }];
  if (error) {
    return (
      <PageContainer title="家庭户" crumbs={crumbs}>
        <Card>
          <Result
            status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
            title={error.status === 404 ? '未找到该家庭户' : error.title}
            extra={<Link to="/persons"><Button type="primary">返回人员查询</Button></Link>}
          />
        </Card>
      </PageContainer>
    );
  }
  if (!hh) {
    return (
      <PageContainer title="家庭户" crumbs={crumbs}>
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      </PageContainer>
    );
  }

  const done = () => {
    setDialog(null);
    setLeaving(null);
    load();
  };
  const living = hh.members.filter((m) => m.status === 'living');
  const relationName = (code: string) => enums.label('relations', code);

  return (
    <PageContainer
      title={<Space>{`${hh.head?.name ?? '—'}户`}<Tag color={hh.urbanRural === 'urban' ? 'blue' : 'green'}>{enums.label('urbanRural', hh.urbanRural)}</Tag></Space>}
      subTitle={`户编号 ${hh.id} · ${hh.divisionName} · 在册成员 ${living.length} 人`}
      crumbs={crumbs}
      extra={
        can.writeRegistry && (
          <Space>
            <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('edit')}>编辑户信息</Button>
            <Button icon={<UserAddOutlined />} onClick={() => setDialog('add')}>添加成员</Button>
            <Button icon={<BranchesOutlined />} onClick={() => setDialog('split')} disabled={living.length < 2}>分户</Button>
            <Button icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')}>合户</Button>
            {can.receiveApplications && <Link to={`/assistance/applications/new?householdId=${hh.id}`}><Button>受理救助申请</Button></Link>}
          </Space>
        )
      }
    >
      <Card size="small" title="户信息" style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={3} styles={{ label: { width: 120 } }}>
          <Descriptions.Item label="户主">
            {hh.head ? <Link to={`/persons/${hh.head.id}`}>{hh.head.name}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="户籍地">{hh.divisionName}</Descriptions.Item>
          <Descriptions.Item label="城乡分类">{enums.label('urbanRural', hh.urbanRural)}</Descriptions.Item>
          <Descriptions.Item label="家庭住址" span={3}>{hh.address || '—'}</Descriptions.Item>
          <Descriptions.Item label="开户银行">{hh.bankName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="银行账号"><span className="mz-mono">{hh.bankAccountMasked ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label="账户名">{hh.bankAccountName ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col span={16}>
          <Card size="small" title={`家庭成员（${hh.members.length}）`}>
            <Table<HouseholdMember>
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={hh.members}
              columns={[
                { title: '姓名', dataIndex: 'name', render: (n: string, m) => <Link to={`/persons/${m.personId}`}>{n}</Link> },
                {
                  title: '与户主关系',
                  dataIndex: 'relation',
                  render: (r: string, m) => (
                    <Space size={4}>
                      {m.relationName || relationName(r)}
                      <Typography.Text type="secondary" className="mz-mono" style={{ fontSize: 12 }}>{r}</Typography.Text>
                    </Space>
                  ),
                },
                { title: '公民身份号码', dataIndex: 'idNumberMasked', render: (v: string) => <span className="mz-mono">{v}</span> },
                { title: '性别', dataIndex: 'gender', width: 60, render: genderLabel },
                { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
                { title: '状态', dataIndex: 'status', width: 80, render: (s: string) => <StatusTag status={s} /> },
                { title: '加入日期', dataIndex: 'joinedOn', width: 110 },
                ...(can.writeRegistry
                  ? [
                      {
                        title: '操作',
                        key: 'op',
                        width: 80,
                        render: (_: unknown, m: HouseholdMember) =>
                          m.personId !== hh.head?.id && m.status === 'living' ? (
                            <Typography.Link
                              type="danger"
                              onClick={() => {
                                setLeaving(m);
                                setDialog('leave');
                              }}
                            >
                              迁出
                            </Typography.Link>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title="成员变动记录">
            {hh.history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变动" />
            ) : (
              <Timeline
                style={{ marginTop: 8 }}
                items={hh.history
                  .flatMap((h, i) => [
                    { date: h.joinedOn, left: false, h, seq: i * 2 },
                    ...(h.leftOn ? [{ date: h.leftOn, left: true, h, seq: i * 2 + 1 }] : []),
                  ])
                  .sort((a, b) => (a.date === b.date ? b.seq - a.seq : a.date < b.date ? 1 : -1))
                  .map(({ date, left, h }) => ({
                    color: left ? 'gray' : 'blue',
                    content: (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{date}</Typography.Text>
                        <div>
                          {h.name}（{relationName(h.relation)}）{left ? '迁出本户' : '加入本户'}
                          {left && h.reason && <Typography.Text type="secondary">：{h.reason}</Typography.Text>}
                        </div>
                      </div>
                    ),
                  }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <HouseholdChainCard
        target={{ householdId: Number(hh.id), headName: hh.head?.name ?? '', members: living.map((m) => ({ personId: Number(m.personId), name: m.name, age: m.age })) }}
        canRecognise={['city_admin', 'county_approver', 'township_caseworker'].includes(user?.role ?? '')}
      />
      <EditHouseholdModal household={hh} open={dialog === 'edit'} onClose={() => setDialog(null)} onDone={done} />
      <AddMemberModal household={hh} open={dialog === 'add'} onClose={() => setDialog(null)} onDone={done} />
      <LeaveModal household={hh} member={leaving} open={dialog === 'leave'} onClose={() => setDialog(null)} onDone={done} />
      <SplitModal household={hh} open={dialog === 'split'} onClose={() => setDialog(null)} onDone={done} />
      <MergeModal household={hh} open={dialog === 'merge'} onClose={() => setDialog(null)} onDone={done} />
    </PageContainer>
  );
}
