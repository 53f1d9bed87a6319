import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useLoaded } from '../hooks/useLoaded';
import { personsApi, type PersonQuery } from '../api/endpoints';
import type { PersonListItem } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { DivisionSelect } from '../components/DivisionSelect';
import { PageContainer } from '../components/PageContainer';
import { PersonFormDrawer } from '../components/PersonFormDrawer';
import { genderLabel, STATUS_OPTIONS, StatusTag } from '../components/StatusTag';

const FILTER_KEYS = ['q', 'divisionCode', 'status', 'gender', 'ageMin', 'ageMax'] as const;
const SORT_COLUMNS: Record<string, string> = { name: 'name', idNumberMasked: 'idNumber', age: 'birthDate', birthDate: 'birthDate' };

interface Filters {
  q?: string;
  divisionCode?: string;
  status?: string;
  gender?: string;
  ageMin?: number;
  ageMax?: number;
}

function readQuery(sp: URLSearchParams): PersonQuery {
  const num = (k: string) => (sp.get(k) ? Number(sp.get(k)) : undefined);
  return {
    q: sp.get('q') ?? undefined,
    divisionCode: sp.get('divisionCode') ?? undefined,
    status: sp.get('status') ?? undefined,
    gender: sp.get('gender') ?? undefined,
    ageMin: num('ageMin'),
    ageMax: num('ageMax'),
    page: num('page') ?? 1,
    pageSize: num('pageSize') ?? 20,
    sort: sp.get('sort') ?? undefined,
    order: (sp.get('order') as 'asc' | 'desc' | null) ?? undefined,
  };
}

function writeQuery(q: PersonQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if ((k === 'page' && v === 1) || (k === 'pageSize' && v === 20)) continue;
    out[k] = String(v);
  }
  return out;
}

export function PersonsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const query = useMemo(() => readQuery(sp), [sp]);
  const [form] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(sp.get('new') === '1' && can.writeRegistry);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    form.setFieldsValue({
      q: query.q,
      divisionCode: query.divisionCode,
      status: query.status,
      gender: query.gender,
      ageMin: query.ageMin as number | undefined,
      ageMax: query.ageMax as number | undefined,
    });
  }, [query, form]);

  const { data, loading, error } = useLoaded((signal) => personsApi.list(query, signal), [query, reload]);

  const search = (v: Filters) => {
    const next: PersonQuery = { ...query, page: 1 };
    for (const k of FILTER_KEYS) (next as Record<string, unknown>)[k] = typeof v[k] === 'string' ? (v[k] as string).trim() || undefined : v[k];
    setSp(writeQuery(next));
  };

  const resetFilters = () => {
    form.resetFields();
    setSp({});
  };

  const onTableChange: TableProps<PersonListItem>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = s?.order ? SORT_COLUMNS[String(s.field ?? s.columnKey)] : undefined;
    // age ascending = birthDate descending
    let order: 'asc' | 'desc' | undefined = s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined;
    if (field === 'birthDate' && s?.columnKey === 'age' && order) order = order === 'asc' ? 'desc' : 'asc';
    const sortChanged = field !== query.sort || order !== query.order;
    setSp(
      writeQuery({
        ...query,
        page: sortChanged ? 1 : pagination.current,
        pageSize: pagination.pageSize,
        sort: field,
        order: field ? order : undefined,
      }),
    );
  };

  const sortOrderOf = (key: string): 'ascend' | 'descend' | null => {
    if (key === 'age' && query.sort === 'birthDate') return query.order === 'asc' ? 'descend' : 'ascend';
    if (SORT_COLUMNS[key] === query.sort && key !== 'age') return query.order === 'desc' ? 'descend' : 'ascend';
    return null;
  };

  const columns: TableProps<PersonListItem>['columns'] = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      width: 110,
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (n: string, r) => <Link to={`/persons/${r.id}`}>{n}</Link>,
    },
    {
      title: '公民身份号码',
      dataIndex: 'idNumberMasked',
      key: 'idNumberMasked',
      width: 190,
      sorter: true,
      sortOrder: sortOrderOf('idNumberMasked'),
      render: (v: string) => <span className="mz-mono">{v}</span>,
    },
    { title: '性别', dataIndex: 'gender', width: 64, render: genderLabel },
    { title: '年龄', dataIndex: 'age', key: 'age', width: 80, align: 'right', sorter: true, sortOrder: sortOrderOf('age') },
    { title: '户籍地', dataIndex: 'divisionName', ellipsis: true },
    { title: '联系电话', dataIndex: 'phoneMasked', width: 140, render: (v: string | null) => (v ? <span className="mz-mono">{v}</span> : '—') },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <StatusTag status={s} /> },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={12}>
          <Link to={`/persons/${r.id}`}>查看</Link>
          {r.householdId && <Link to={`/households/${r.householdId}`}>家庭</Link>}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title="人员查询"
      subTitle="辖区内户籍人员信息；证件号与电话已脱敏"
      crumbs={[{ title: '基础信息' }, { title: '人员查询' }]}
    >
      <Card size="small" style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4, paddingTop: 16 } }}>
        <Form form={form} onFinish={search} className="mz-filter" labelCol={{ flex: '72px' }}>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="q" label="关键字">
                <Input allowClear placeholder="姓名 / 身份证号 / 电话" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="divisionCode" label="区划">
                <DivisionSelect placeholder="全部（本辖区）" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="status" label="状态">
                <Select allowClear placeholder="全部" options={STATUS_OPTIONS} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="年龄" style={{ marginBottom: 12 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="ageMin" noStyle>
                    <InputNumber min={0} max={150} placeholder="最小" style={{ width: '50%' }} />
                  </Form.Item>
                  <Form.Item name="ageMax" noStyle>
                    <InputNumber min={0} max={150} placeholder="最大" style={{ width: '50%' }} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="gender" label="性别">
                <Select allowClear placeholder="全部" options={[{ value: 'M', label: '男' }, { value: 'F', label: '女' }]} />
              </Form.Item>
            </Col>
            <Col span={8} style={{ textAlign: 'right' }}>
              <Space>
                <Button onClick={resetFilters}>重置</Button>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  查询
                </Button>
              </Space>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card
        size="small"
        title={
          <Space>
            人员列表
            {data && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>共 {data.total.toLocaleString()} 人</Typography.Text>}
          </Space>
        }
        extra={
          <Space>
            {can.writeRegistry && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                新增人员
              </Button>
            )}
            {can.importRoster && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/import')}>
                导入
              </Button>
            )}
            {can.exportRoster && (
              <Button icon={<DownloadOutlined />} href={personsApi.exportUrl(query)} download>
                导出
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} aria-label="刷新" />
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<PersonListItem>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.items}
          onChange={onTableChange}
          scroll={{ x: 1000 }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showQuickJumper: true,
            showTotal: (t, [a, b]) => `第 ${a}-${b} 条 / 共 ${t.toLocaleString()} 条`,
          }}
        />
      </Card>
      <PersonFormDrawer
        open={creating}
        defaultDivisionCode={query.divisionCode && query.divisionCode.length === 12 ? query.divisionCode : undefined}
        onClose={() => setCreating(false)}
        onSaved={(p) => {
          setCreating(false);
          navigate(`/persons/${p.id}`);
        }}
      />
    </PageContainer>
  );
}
