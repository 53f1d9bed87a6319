import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Dropdown, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { DownOutlined, EditOutlined, HomeOutlined, SwapOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { householdsApi, personsApi } from '../api/endpoints';
import type { Person } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { useEnums } from '../auth/EnumsContext';
import { PageContainer } from '../components/PageContainer';
import { DeathModal, MoveModal } from '../components/PersonActions';
import { PersonFormDrawer } from '../components/PersonFormDrawer';
import { RevealField } from '../components/RevealField';
import { genderLabel, StatusTag } from '../components/StatusTag';

function fmtTime(s: string | null | undefined) {
  return s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—';
}

export function PersonDetailPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const enums = useEnums();
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'death' | 'move' | null>(null);
  const { modal, message } = App.useApp();
  const navigate = useNavigate();

  const formHousehold = (p: Person) =>
    modal.confirm({
      title: `以 ${p.name} 为户主建立家庭户？`,
      content: `家庭住址将沿用本人地址（${p.address ?? '未填写'}），建户后可在户页面添加成员。`,
      okText: '建立家庭',
      onOk: async () => {
        try {
          const h = await householdsApi.create({ headPersonId: p.id, address: p.address, urbanRural: p.urbanRural });
          message.success('家庭户已建立');
          navigate(`/households/${h.id}`);
        } catch (e) {
          message.error(e instanceof ApiError ? e.title : String(e));
        }
      },
    });

  const load = useCallback(() => {
    setError(null);
    personsApi
      .get(id)
      .then(setPerson)
      .catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);
  useEffect(load, [load]);

  const crumbs = [{ title: '基础信息' }, { title: '人员查询', to: '/persons' }, { title: person?.name ?? '人员详情' }];

  if (error) {
    return (
      <PageContainer title="人员详情" crumbs={crumbs}>
        <Card>
          <Result
            status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
            title={error.status === 404 ? '未找到该人员' : error.title}
            subTitle={error.status === 403 ? '该人员不在您的辖区内' : error.detail}
            extra={<Link to="/persons"><Button type="primary">返回人员查询</Button></Link>}
          />
        </Card>
      </PageContainer>
    );
  }
  if (!person) {
    return (
      <PageContainer title="人员详情" crumbs={crumbs}>
        <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>
      </PageContainer>
    );
  }

  const living = person.status === 'living';
  const done = () => {
    setDialog(null);
    load();
  };

  return (
    <PageContainer
      title={
        <Space>
          {person.name}
          <StatusTag status={person.status} />
          {person.disability && <Tag color="purple">残疾人</Tag>}
        </Space>
      }
      subTitle={`${genderLabel(person.gender)} · ${person.age} 岁 · ${person.divisionName}`}
      crumbs={crumbs}
      extra={
        can.writeRegistry && (
          <Space>
            <Button type="primary" icon={<EditOutlined />} onClick={() => setDialog('edit')}>
              编辑
            </Button>
            <Button icon={<SwapOutlined />} disabled={!living} onClick={() => setDialog('move')}>
              迁移
            </Button>
            <Dropdown
              disabled={!living}
              menu={{ items: [{ key: 'death', label: '登记死亡', danger: true }], onClick: () => setDialog('death') }}
            >
              <Button>
                更多 <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        )
      }
    >
      {!living && (
        <Alert
          type={person.status === 'deceased' ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={person.status === 'deceased' ? `该人员已于 ${person.deathDate ?? '—'} 死亡，信息仅供查阅` : '该人员已迁出本辖区'}
        />
      )}
      <Card size="small" title="基本信息" style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={3} styles={{ label: { width: 130 } }}>
          <Descriptions.Item label="姓名">{person.name}</Descriptions.Item>
          <Descriptions.Item label="公民身份号码" span={2}>
            <RevealField personId={person.id} field="idNumber" masked={person.idNumberMasked} allowed={can.reveal} />
          </Descriptions.Item>
          <Descriptions.Item label="性别">{genderLabel(person.gender)}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{person.birthDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="年龄">{person.age} 岁</Descriptions.Item>
          <Descriptions.Item label="民族">{enums.label('ethnicities', person.ethnicity)}</Descriptions.Item>
          <Descriptions.Item label="联系电话" span={2}>
            <RevealField personId={person.id} field="phone" masked={person.phoneMasked} allowed={can.reveal} />
          </Descriptions.Item>
          <Descriptions.Item label="人员状态"><StatusTag status={person.status} /></Descriptions.Item>
          <Descriptions.Item label="死亡日期">{person.deathDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="人员编号"><span className="mz-mono">{person.id}</span></Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="户籍与家庭" style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={3} styles={{ label: { width: 130 } }}>
          <Descriptions.Item label="户籍地" span={2}>
            {person.divisionName} <Typography.Text type="secondary" className="mz-mono">（{person.divisionCode}）</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="城乡分类">{enums.label('urbanRural', person.urbanRural)}</Descriptions.Item>
          <Descriptions.Item label="现居住地" span={2}>{person.residenceDivisionName ?? '同户籍地'}</Descriptions.Item>
          <Descriptions.Item label="详细地址">{person.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所在家庭" span={2}>
            {person.household ? (
              <Link to={`/households/${person.household.id}`}>
                <HomeOutlined /> 户主：{person.household.headName}（户编号 {person.household.id}）
              </Link>
            ) : (
              <Space>
                <Typography.Text type="secondary">未加入家庭户</Typography.Text>
                {can.writeRegistry && living && <Typography.Link onClick={() => formHousehold(person)}>以本人为户主建户</Typography.Link>}
              </Space>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="与户主关系">
            {person.household ? (person.household.relationName ?? enums.label('relations', person.household.relation)) : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="健康与劳动能力" style={{ marginBottom: 16 }}>
        <Descriptions bordered size="small" column={3} styles={{ label: { width: 130 } }}>
          <Descriptions.Item label="残疾情况" span={3}>
            {person.disability ? (
              <Space>
                <Tag color="purple">{enums.label('disabilityCategories', person.disability.category)}</Tag>
                <span>{typeof person.disability.grade === 'number' ? `${'一二三四'[person.disability.grade - 1] ?? person.disability.grade}级` : person.disability.grade}</span>
                <Typography.Text type="secondary">残疾证号：{person.disability.certificateNo ?? '—'}</Typography.Text>
              </Space>
            ) : (
              '无'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="健康状况" span={2}>
            {person.healthConditions?.length
              ? person.healthConditions.map((h) => <Tag key={h}>{enums.label('healthConditions', h)}</Tag>)
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="劳动能力">{enums.label('labourCapacities', person.labourCapacity)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="记录信息">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="登记时间">{fmtTime(person.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="最后更新">{fmtTime(person.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label="版本">{person.version}</Descriptions.Item>
        </Descriptions>
      </Card>
      <PersonFormDrawer
        open={dialog === 'edit'}
        person={person}
        onClose={() => setDialog(null)}
        onSaved={(p) => {
          setPerson(p);
          done();
        }}
      />
      <DeathModal person={person} open={dialog === 'death'} onClose={() => setDialog(null)} onDone={done} />
      <MoveModal person={person} open={dialog === 'move'} onClose={() => setDialog(null)} onDone={done} />
    </PageContainer>
  );
}
