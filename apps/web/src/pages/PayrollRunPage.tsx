import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, Descriptions, Dropdown, Form, Modal, Result, Row, Select, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography, Upload,
} from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, LockOutlined, ReloadOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { paymentsApi, type LineQuery } from '../api/endpoints';
import type { ChangeKind, PaymentFailure, PayrollLine, PayrollRun, ProgrammeTotal, ReturnReport } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';
import { ChangeTag, CHANGE_OPTIONS, RunStatusTag, useCounties } from '../components/PayrollBits';
import { FailuresTable } from './PaymentFailuresPage';

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

function readLineQuery(sp: URLSearchParams): LineQuery {
  return {
    change: (sp.get('change') as ChangeKind | null) ?? undefined,
    programme: sp.get('programme') ?? undefined,
    page: Number(sp.get('page') ?? 1) || 1,
    pageSize: Number(sp.get('pageSize') ?? 50) || 50,
  };
}

function ReturnReportView({ report }: { report: ReturnReport }) {
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={5}><Statistic title="回盘行数" value={report.rows} /></Col>
        <Col span={5}><Statistic title="成功" value={report.succeeded} valueStyle={{ color: '#389e0d' }} /></Col>
        <Col span={5}><Statistic title="失败" value={report.failed} valueStyle={{ color: report.failed ? '#cf1322' : undefined }} /></Col>
        <Col span={5}><Statistic title="新登记失败" value={report.flagged} /></Col>
        <Col span={4}><Statistic title="未回盘" value={report.unreported} valueStyle={{ color: report.unreported ? '#d46b08' : undefined }} /></Col>
      </Row>
      {report.alreadyFlagged > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${report.alreadyFlagged} 笔失败此前已登记，未重复登记`} />}
      {report.problems.length === 0 ? (
        <Alert type="success" showIcon title="回盘文件各行均与名册对应" />
      ) : (
        <Table
          size="small"
          rowKey={(p, i) => `${p.row}-${i}`}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={report.problems}
          columns={[
            { title: '行号', dataIndex: 'row', width: 70 },
            { title: '问题', dataIndex: 'message' },
            { title: '代码', dataIndex: 'code', width: 200, render: (c?: string) => <span className="mz-mono" style={{ fontSize: 12 }}>{c}</span> },
          ]}
        />
      )}
    </>
  );
}

export function PayrollRunPage() {
  const { id = '' } = useParams();
  const { user, can } = useAuth();
  const { message, modal } = App.useApp();
  const counties = useCounties();
  const [sp, setSp] = useSearchParams();
  const lineQuery = useMemo(() => readLineQuery(sp), [sp]);
  const tab = sp.get('tab') ?? 'lines';
  const [run, setRun] = useState<PayrollRun | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [lines, setLines] = useState<{ total: number; items: PayrollLine[] } | null>(null);
  const [linesLoading, setLinesLoading] = useState(false);
  const [report, setReport] = useState<ReturnReport | null>(null);
  const [uploading, setUploading] = useState(false);
  const [failuresKey, setFailuresKey] = useState(0);
  const [form] = Form.useForm<{ change?: ChangeKind; programme?: string }>();

  const load = useCallback(() => {
    setError(null);
    paymentsApi
      .run(id)
      .then(setRun)
      .catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);
  useEffect(load, [load]);

  useEffect(() => {
    form.setFieldsValue({ change: lineQuery.change, programme: lineQuery.programme });
    const ctl = new AbortController();
    setLinesLoading(true);
    paymentsApi
      .lines(id, lineQuery, ctl.signal)
      .then(setLines)
      .catch((e) => {
        if ((e as Error).name !== 'AbortError' && e instanceof ApiError) message.error(e.title);
      })
      .finally(() => !ctl.signal.aborted && setLinesLoading(false));
    return () => ctl.abort();
  }, [id, lineQuery, form, message]);

  const write = (next: Partial<LineQuery> & { tab?: string }) => {
    const q = { ...lineQuery, tab, ...next };
    const out: Record<string, string> = {};
    if (q.tab && q.tab !== 'lines') out.tab = q.tab;
    if (q.change) out.change = q.change;
    if (q.programme) out.programme = q.programme;
    if (q.page && q.page !== 1) out.page = String(q.page);
    if (q.pageSize && q.pageSize !== 50) out.pageSize = String(q.pageSize);
    setSp(out);
  };

  const countyName = (c: string) => counties.find((x) => x.value === c)?.label ?? c;
  const crumbs = [{ title: '资金发放' }, { title: '发放名册', to: '/payments/runs' }, { title: run ? `${run.month} ${countyName(run.countyCode)}` : `名册 ${id}` }];

  if (error) {
    return (
      <PageContainer title="发放名册" crumbs={crumbs}>
        <Card>
          <Result
            status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
            title={error.status === 404 ? '未找到该发放名册' : error.title}
            extra={<Link to="/payments/runs"><Button type="primary">返回名册列表</Button></Link>}
          />
        </Card>
      </PageContainer>
    );
  }
  if (!run) {
    return (
      <PageContainer title="发放名册" crumbs={crumbs}>
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      </PageContainer>
    );
  }

  const signed = run.status === 'signed';
  const who = (uid: number | null) => (uid === null ? '—' : user && String(user.id) === String(uid) ? user.displayName : `用户 #${uid}`);
  const summary = run.summary;
  const programmes = summary.byProgramme ?? [];

  const sign = () =>
    modal.confirm({
      title: `签发 ${run.month} ${countyName(run.countyCode)} 发放名册？`,
      icon: <LockOutlined />,
      width: 480,
      content: (
        <div>
          <p>共 {summary.lines ?? run.lines} 笔，合计 <b>{yuan(summary.totalFen ?? run.totalFen)}</b> 元；其中代发 {summary.payableLines ?? '—'} 笔 {yuan(summary.payableFen)} 元。</p>
          <Typography.Text type="warning">签发后名册不可更改，并据此生成银行代发文件。请确认已核对变动明细。</Typography.Text>
        </div>
      ),
      okText: '确认签发',
      cancelText: '取消',
      onOk: async () => {
        try {
          setRun(await paymentsApi.sign(run.id));
          message.success('名册已签发');
        } catch (e) {
          if (e instanceof ApiError) {
            modal.error({ title: '签发未成功', content: `${e.title}${e.detail ? `：${e.detail}` : ''}` });
          } else throw e;
        }
      },
    });

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const r = await paymentsApi.uploadReturn(run.id, file);
      setReport(r);
      setFailuresKey((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError) {
        modal.error({
          title: '回盘文件未能导入',
          content: (
            <div>
              <div>{e.title}</div>
              {e.errors.map((x, i) => <div key={i}>{x.message}</div>)}
            </div>
          ),
        });
      } else throw e;
    } finally {
      setUploading(false);
    }
    return false;
  };

  const programmeColumns: TableProps<ProgrammeTotal>['columns'] = [
    { title: '救助项目', dataIndex: 'name', render: (n: string, r) => <Typography.Link onClick={() => write({ programme: r.programme, page: 1, tab: 'lines' })}>{n}</Typography.Link> },
    { title: '笔数', dataIndex: 'lines', align: 'right', width: 80 },
    { title: '金额（元）', dataIndex: 'totalFen', align: 'right', width: 130, render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
    { title: '代发笔数', dataIndex: 'payableLines', align: 'right', width: 90 },
    { title: '代发金额（元）', dataIndex: 'payableFen', align: 'right', width: 130, render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
    { title: '新增', dataIndex: 'new', align: 'right', width: 64, render: (v: number) => <span style={{ color: '#389e0d' }}>{v}</span> },
    { title: '变更', dataIndex: 'changed', align: 'right', width: 64, render: (v: number) => <span style={{ color: '#d46b08' }}>{v}</span> },
    { title: '停发', dataIndex: 'stopped', align: 'right', width: 64, render: (v: number) => <span style={{ color: '#cf1322' }}>{v}</span> },
    { title: '暂停', dataIndex: 'held', align: 'right', width: 64 },
  ];

  const lineColumns: TableProps<PayrollLine>['columns'] = [
    { title: '户主', dataIndex: 'headName', width: 90, render: (n: string | null, r) => <Link to={`/households/${r.householdId}`}>{n ?? `户 ${r.householdId}`}</Link> },
    { title: '身份证号', dataIndex: 'headIdNumber', width: 180, render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
    { title: '项目', dataIndex: 'programmeName', width: 100 },
    { title: '区划', dataIndex: 'divisionCode', width: 120, render: (v: string) => <span className="mz-mono">{v}</span> },
    { title: '变动', dataIndex: 'change', width: 70, render: (c: ChangeKind) => <ChangeTag change={c} /> },
    { title: '待遇（元）', dataIndex: 'entitlementFen', width: 100, align: 'right', render: (v: number) => <span className="mz-num">{yuan(v)}</span> },
    { title: '调整（元）', dataIndex: 'adjustmentFen', width: 100, align: 'right', render: (v: number) => (v ? <span className="mz-num" style={{ color: v < 0 ? '#cf1322' : '#389e0d' }}>{yuan(v, { sign: true })}</span> : '—') },
    {
      title: '实发（元）',
      dataIndex: 'amountFen',
      width: 110,
      align: 'right',
      render: (v: number, r) => (
        <Space size={4}>
          <b className="mz-num">{yuan(v)}</b>
          {r.change === 'changed' && r.previousAmountFen !== null && (
            <Tooltip title={`上月 ${yuan(r.previousAmountFen)} 元`}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>({yuan(v - r.previousAmountFen, { sign: true })})</Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '开户行', dataIndex: 'bankName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: '账号', dataIndex: 'bankAccount', width: 170, render: (v: string | null) => <span className="mz-mono">{v ?? '—'}</span> },
    {
      title: '说明',
      key: 'note',
      width: 160,
      ellipsis: true,
      render: (_: unknown, r) =>
        r.holdReason ? <Tag color="warning">暂停：{r.holdReason}</Tag> : r.stopReason ? <Typography.Text type="danger">{r.stopReason}</Typography.Text> : '—',
    },
  ];

  const downloads = {
    items: [
      ...(can.bankPayments
        ? [
            { key: 'xlsx', icon: <FileExcelOutlined />, label: <a href={paymentsApi.bankFileUrl(run.id, 'xlsx')} download>银行代发文件（Excel）</a>, disabled: !signed },
            { key: 'csv', icon: <DownloadOutlined />, label: <a href={paymentsApi.bankFileUrl(run.id, 'csv')} download>银行代发文件（CSV）</a>, disabled: !signed },
          ]
        : []),
      { key: 'roster', icon: <FileExcelOutlined />, label: <a href={paymentsApi.rosterUrl(run.id)} download>公示名册（脱敏）</a> },
    ],
  };

  return (
    <PageContainer
      title={
        <Space>
          {run.month} {countyName(run.countyCode)} 发放名册
          <RunStatusTag status={run.status} />
          <Tag>第{run.revision}版</Tag>
        </Space>
      }
      subTitle={
        signed
          ? `由 ${who(run.signedBy)} 于 ${fmt(run.signedAt)} 签发，名册已锁定`
          : `草稿 · 由 ${who(run.ranBy)} 于 ${fmt(run.ranAt)} 生成${run.scope && run.scope !== run.countyCode ? ` · 显示范围 ${run.scope}` : ''}`
      }
      crumbs={crumbs}
      extra={
        <Space>
          {can.runPayments && !signed && (
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={sign} disabled={(summary.lines ?? run.lines) === 0 && false}>签发</Button>
          )}
          <Dropdown menu={downloads}>
            <Button icon={<DownloadOutlined />}>下载</Button>
          </Dropdown>
          {can.bankPayments && (
            <Tooltip title={signed ? '导入银行返回的代发结果（.xlsx / .csv）' : '名册签发后才能导入银行回盘'}>
              <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload} disabled={!signed}>
                <Button icon={<UploadOutlined />} loading={uploading} disabled={!signed}>导入银行回盘</Button>
              </Upload>
            </Tooltip>
          )}
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="刷新" />
        </Space>
      }
    >
      {signed && (
        <Alert
          type="success"
          showIcon
          icon={<LockOutlined />}
          style={{ marginBottom: 16 }}
          title={`已签发：${who(run.signedBy)} · ${fmt(run.signedAt)}`}
          description="签发后的名册不可更改；如需补发或追回，请在下月名册中录入调整。"
        />
      )}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}><Card size="small"><Statistic title="名册笔数" value={summary.lines ?? run.lines} suffix="笔" /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="金额合计（元）" value={yuan(summary.totalFen ?? run.totalFen)} /></Card></Col>
        <Col span={6}><Card size="small"><Statistic title="银行代发（元）" value={yuan(summary.payableFen)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{summary.payableLines ?? 0} 笔</Typography.Text>} /></Card></Col>
        <Col span={6}>
          <Card size="small">
            <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 4 }}>较上月变动</div>
            <Space size={14} className="mz-num" style={{ fontSize: 18 }}>
              <span style={{ color: '#389e0d' }}>新增 {summary.counts?.new ?? 0}</span>
              <span style={{ color: '#d46b08' }}>变更 {summary.counts?.changed ?? 0}</span>
              <span style={{ color: '#cf1322' }}>停发 {summary.counts?.stopped ?? 0}</span>
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title="按项目合计" style={{ marginBottom: 16 }}>
        <Table<ProgrammeTotal>
          size="small"
          rowKey="programme"
          pagination={false}
          dataSource={programmes}
          columns={programmeColumns}
          locale={{ emptyText: '本月无发放' }}
          summary={() =>
            programmes.length > 1 ? (
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{summary.lines}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{yuan(summary.totalFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{summary.payableLines}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{yuan(summary.payableFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} colSpan={4} />
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => write({ tab: k })}
          items={[
            {
              key: 'lines',
              label: `名册明细${lines ? `（${lines.total.toLocaleString()}）` : ''}`,
              children: (
                <>
                  <Form form={form} layout="inline" onFinish={(v) => write({ ...v, page: 1 })} style={{ marginBottom: 12, rowGap: 8 }}>
                    <Form.Item name="change" label="变动类型">
                      <Select allowClear placeholder="全部" options={CHANGE_OPTIONS} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name="programme" label="项目">
                      <Select allowClear placeholder="全部" options={programmes.map((p) => ({ value: p.programme, label: p.name }))} style={{ width: 160 }} />
                    </Form.Item>
                    <Space>
                      <Button onClick={() => { form.resetFields(); write({ change: undefined, programme: undefined, page: 1 }); }}>重置</Button>
                      <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>筛选</Button>
                    </Space>
                  </Form>
                  <Table<PayrollLine>
                    rowKey="id"
                    size="small"
                    loading={linesLoading}
                    columns={lineColumns}
                    dataSource={lines?.items}
                    scroll={{ x: 1400 }}
                    locale={{ emptyText: '没有符合条件的明细' }}
                    rowClassName={(r) => (r.change === 'stopped' ? 'mz-row-overdue' : '')}
                    onChange={(p) => write({ page: p.current ?? 1, pageSize: p.pageSize ?? 50 })}
                    pagination={{
                      current: lineQuery.page,
                      pageSize: lineQuery.pageSize,
                      total: lines?.total ?? 0,
                      showSizeChanger: true,
                      pageSizeOptions: [20, 50, 100, 200],
                      showQuickJumper: true,
                      showTotal: (t, [a, b]) => `第 ${a}-${b} 条 / 共 ${t.toLocaleString()} 条`,
                    }}
                  />
                </>
              ),
            },
            {
              key: 'failures',
              label: '发放失败',
              children: <FailuresTable key={failuresKey} runId={run.id} />,
            },
          ]}
        />
      </Card>
      <Modal open={!!report} title="银行回盘导入结果" footer={<Button type="primary" onClick={() => setReport(null)}>知道了</Button>} onCancel={() => setReport(null)} width={720}>
        {report && <ReturnReportView report={report} />}
      </Modal>
    </PageContainer>
  );
}

export type { PaymentFailure };
