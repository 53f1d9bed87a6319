import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Input, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { verificationApi, SEVERITY, type Discrepancy, type Finding, type ReportView } from '../../api/verification';
import { PageContainer } from '../../components/PageContainer';

const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`);
const KIND: Record<string, string> = { death: '死亡', income: '收入', pension: '养老金', unemployment: '失业登记', medical_expense: '医疗自付费用', property: '不动产', vehicle: '机动车', business: '市场主体', housing_fund: '住房公积金缴存', deposit: '存款', securities: '证券' };
const DEFAULT_PURPOSE = '审核低保申请';

export function ReportPage() {
  const { id = '' } = useParams();
  const [purpose, setPurpose] = useState(DEFAULT_PURPOSE);
  const [asked, setAsked] = useState(DEFAULT_PURPOSE);
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Discrepancy | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    verificationApi.report(id, asked, ctl.signal).then((v) => { setView(v); setError(null); })
      .catch((e) => { if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e.title : String(e)); });
    return () => ctl.abort();
  }, [id, asked, tick]);
  // while departments are still answering, look again every two seconds
  useEffect(() => {
    if (view?.request.status !== 'pending') return;
    const t = setTimeout(() => setTick((n) => n + 1), 2000);
    return () => clearTimeout(t);
  }, [view]);

  const crumbs = [{ title: '核对与监测' }, { title: '核对报告', to: '/verification/requests' }, { title: view?.request.reportNo ?? `报告 ${id}` }];
  if (error) return <PageContainer title="核对报告" crumbs={crumbs}><Alert type="error" showIcon title={error} /></PageContainer>;
  if (!view) return <PageContainer title="核对报告" crumbs={crumbs}><Card><Skeleton active /></Card></PageContainer>;
  const { request: r, queries, findings } = view;
  const report = r.report;
  const name = (pid: number) => r.persons.find((p) => p.personId === pid)?.name ?? pid;
  const sourceName = (code: string) => report?.sources.find((s) => s.code === code)?.name ?? code;
  const related = (d: Discrepancy): Finding[] => findings.filter((f) => d.sourceCodes.includes(f.sourceCode) && (d.personId == null || f.personId === d.personId));

  return (
    <PageContainer
      title={<Space>家庭经济状况核对报告 {r.reportNo}{r.status === 'complete' ? <Tag color="green">已出具</Tag> : <Tag color="processing">部门应答中</Tag>}</Space>}
      subTitle={`核对事由：${r.purpose} · 发起人 ${r.requestedByName}`}
      crumbs={crumbs}
      extra={
        <Space>
          <Input style={{ width: 220 }} value={purpose} onChange={(e) => setPurpose(e.target.value)} onPressEnter={() => setAsked(purpose)} prefix="查看目的：" />
          <Button icon={<ReloadOutlined />} onClick={() => setAsked(purpose)}>按此目的查看</Button>
          <Button icon={<PrinterOutlined />} disabled={!report} href={verificationApi.printUrl(id, asked)} target="_blank">打印报告</Button>
          <Link to={`/assistance/applications/${r.subjectId}`}><Button>查看申请</Button></Link>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">每次查看均记入审计日志（含查看目的）。</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={10}>
          <Card size="small" title="核对对象" style={{ marginBottom: 16 }}>
            <Table size="small" rowKey="personId" pagination={false} dataSource={r.persons}
              columns={[{ title: '姓名', dataIndex: 'name' }, { title: '公民身份号码', dataIndex: 'idNumberMasked', render: (v: string) => <span className="mz-mono">{v}</span> }, { title: '年龄', dataIndex: 'age' }]} />
          </Card>
          <Card size="small" title="各部门应答">
            <Table size="small" rowKey="id" pagination={false} dataSource={queries}
              columns={[
                { title: '数据来源', dataIndex: 'sourceCode', render: (c: string) => sourceName(c) },
                { title: '状态', dataIndex: 'status', render: (s: string, q) => (s === 'answered' ? <Tag color="green">已应答</Tag> : s === 'failed' ? <Tag color="red" title={q.error ?? ''}>未应答</Tag> : <Tag color="processing">查询中</Tag>) },
                { title: '结果', key: 'summary', render: (_: unknown, q) => report?.sources.find((s) => s.code === q.sourceCode)?.summary ?? '—' },
              ]} />
          </Card>
        </Col>
        <Col span={14}>
          {!report ? (
            <Card><Empty description="报告将在所有部门应答后自动生成" /></Card>
          ) : (
            <>
              <Card size="small" title="汇总与比对" style={{ marginBottom: 16 }}>
                <Descriptions size="small" bordered column={1} styles={{ label: { width: 170 } }}>
                  <Descriptions.Item label="家庭月收入">申报 {yuan(r.declared.monthlyIncomeFen)} · 核实 <b>{yuan(report.totals.monthlyIncomeFen)}</b> · 低保标准合计 {yuan(report.limits.incomeLimitFen)}</Descriptions.Item>
                  <Descriptions.Item label="存款、证券">申报 {yuan(r.declared.financialFen)} · 核实 <b>{yuan(report.totals.financialAssetsFen)}</b> · 上限 {yuan(report.limits.financialLimitFen)}</Descriptions.Item>
                  <Descriptions.Item label="机动车">申报 {r.declared.vehicles} 辆 · 核实 <b>{report.totals.vehicles}</b> 辆 · 上限 {report.limits.maxVehicles} 辆</Descriptions.Item>
                  <Descriptions.Item label="唯一住房外住房">申报 {r.declared.extraHousing} 处 · 核实 <b>{report.totals.extraHousing}</b> 处 · 上限 {report.limits.maxExtraHousing} 处</Descriptions.Item>
                  <Descriptions.Item label="有效期至">{r.validUntil}</Descriptions.Item>
                </Descriptions>
                {!report.complete && <Alert style={{ marginTop: 8 }} type="warning" showIcon title="部分部门未应答，报告不完整，相关事项须线下补充核对" />}
              </Card>
              <Card size="small" title={`差异（${report.discrepancies.length}）`}>
                <Table<Discrepancy> size="small" rowKey={(d) => `${d.code}-${d.personId ?? ''}-${d.sourceCodes.join()}`} pagination={false} dataSource={report.discrepancies}
                  locale={{ emptyText: '未发现差异' }}
                  columns={[
                    { title: '程度', dataIndex: 'severity', width: 70, render: (s: string) => <Tag color={SEVERITY[s].color}>{SEVERITY[s].label}</Tag> },
                    { title: '事项', dataIndex: 'title', render: (t: string, d) => <Typography.Link onClick={() => setOpen(d)}>{t}</Typography.Link> },
                    { title: '说明', dataIndex: 'message' },
                  ]} />
              </Card>
            </>
          )}
        </Col>
      </Row>
      <Drawer open={!!open} width={640} title={open?.title} onClose={() => setOpen(null)}>
        {open && (
          <>
            <Alert type={open.severity === 'high' ? 'error' : open.severity === 'medium' ? 'warning' : 'info'} showIcon title={open.message} style={{ marginBottom: 16 }} />
            <Descriptions size="small" bordered column={1}>
              <Descriptions.Item label="申报">{open.declared ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="核实">{open.found ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="数据来源">{open.sourceCodes.map(sourceName).join('、') || '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>相关部门记录</Typography.Title>
            <Table<Finding> size="small" rowKey="id" pagination={false} dataSource={related(open)}
              columns={[
                { title: '来源', dataIndex: 'sourceCode', render: sourceName },
                { title: '成员', dataIndex: 'personId', render: name },
                { title: '类别', dataIndex: 'kind', render: (k: string) => KIND[k] ?? k },
                { title: '编号', dataIndex: 'reference' },
                { title: '金额', key: 'amt', render: (_: unknown, f) => (f.monthlyIncomeFen ? `${yuan(f.monthlyIncomeFen)}/月` : f.amountFen ? yuan(f.amountFen) : '—') },
                { title: '日期', dataIndex: 'eventDate' },
              ]} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>请在入户调查时当面核实，并在办件中记录核实结论。</Typography.Paragraph>
          </>
        )}
      </Drawer>
    </PageContainer>
  );
}
