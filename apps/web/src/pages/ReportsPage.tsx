import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Radio, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { PROCESSED_PROGRAMMES, reportsApi, type ProcessedProgramme, type ProcessingReport } from '../api/assistance-reports';
import { DivisionBarChart, MonthlyByProgrammeChart, ProcessingMonthlyChart } from '../components/ReportCharts';
import { PageContainer } from '../components/PageContainer';
import { yuan } from '../components/money';
import { useLoaded } from '../hooks/useLoaded';
import { useAuth } from '../auth/AuthContext';

const PROGRAMMES = [
  { value: 'dibao', label: '最低生活保障' },
  { value: 'tekun', label: '特困人员救助供养' },
  { value: 'price_linkage', label: '价格临时补贴' },
  { value: 'temporary', label: '临时救助' },
];

function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = dayjs(`${from}-01`); m.format('YYYY-MM') <= to && out.length < 61; m = m.add(1, 'month')) out.push(m.format('YYYY-MM'));
  return out;
}

const days = (v: number | null) => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(1));

/** 救助统计: caseload and spending by month, programme and area, and application-to-decision time, with xlsx. */
export function ReportsPage() {
  const lastMonth = dayjs().subtract(1, 'month').startOf('month');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([lastMonth.subtract(11, 'month'), lastMonth]);
  const [programme, setProgramme] = useState<string | undefined>();
  const { user } = useAuth();
  // Inside a county, the bars that tell something are its townships.
  const [groupBy, setGroupBy] = useState<'county' | 'township'>((user?.divisionCode.length ?? 0) >= 6 ? 'township' : 'county');
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const months = useMemo(() => monthsOf(from, to), [from, to]);
  const [barMonth, setBarMonth] = useState<string | null>(null);
  const q = { from, to, groupBy, programme };
  const caseload = useLoaded((signal) => reportsApi.caseload(q, signal), [from, to, groupBy, programme]);
  // the processing report covers the programmes with a procedure; another programme chosen above shows all three
  const processed = PROCESSED_PROGRAMMES.some((p) => p.value === programme) ? (programme as ProcessedProgramme) : undefined;
  const pq = { from, to, groupBy, programme: processed };
  const processing = useLoaded((signal) => reportsApi.processing(pq, signal), [from, to, groupBy, processed]);
  const r = caseload.data;
  const latest = r?.totals.length ? r.totals[r.totals.length - 1] : null;
  const shownMonth = barMonth && months.includes(barMonth) ? barMonth : latest?.month ?? to;
  const total = r?.totals.reduce((a, t) => a + t.spendingFen, 0) ?? 0;

  return (
    <PageContainer
      title="救助统计"
      subTitle="据已签发的发放名册和办件记录，限本辖区"
      crumbs={[{ title: '社会救助' }, { title: '救助统计' }]}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} href={reportsApi.caseloadXlsx(q)}>对象与支出 xlsx</Button>
          <Button icon={<DownloadOutlined />} href={reportsApi.processingXlsx(pq)}>办理时效 xlsx</Button>
        </Space>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <span>统计期间 <DatePicker.RangePicker picker="month" allowClear={false} value={range}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(v) => v?.[0] && v?.[1] && setRange([v[0], v[1]])} /></span>
          <span>项目 <Select allowClear placeholder="全部项目" style={{ width: 180 }} value={programme} onChange={setProgramme} options={PROGRAMMES} /></span>
          <span>按 <Radio.Group optionType="button" value={groupBy} onChange={(e) => setGroupBy(e.target.value)} options={[{ value: 'county', label: '县（区）' }, { value: 'township', label: '乡镇（街道）' }]} /></span>
        </Space>
      </Card>
      {caseload.error && <Alert type="error" showIcon title={caseload.error} style={{ marginBottom: 16 }} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}><Card size="small" loading={caseload.loading && !r}><Statistic title={`${latest?.month ?? to} 救助户数`} value={latest?.households ?? 0} suffix="户" /></Card></Col>
        <Col span={6}><Card size="small" loading={caseload.loading && !r}><Statistic title={`${latest?.month ?? to} 救助人数`} value={latest?.persons ?? 0} suffix="人" /></Card></Col>
        <Col span={6}><Card size="small" loading={caseload.loading && !r}><Statistic title={`${latest?.month ?? to} 支出（元）`} value={yuan(latest?.spendingFen ?? 0)} /></Card></Col>
        <Col span={6}><Card size="small" loading={caseload.loading && !r}><Statistic title="期间支出合计（元）" value={yuan(total)} suffix={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{r?.signedRuns ?? 0} 份名册</Typography.Text>} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col span={15}>
          <Card size="small" title="逐月救助户数与支出（按项目）" loading={caseload.loading && !r}>
            {r && r.byProgramme.length ? <MonthlyByProgrammeChart report={r} months={months} /> : <Empty description="期间内没有已签发的发放名册" />}
          </Card>
        </Col>
        <Col span={9}>
          <Card
            size="small"
            title={`${groupBy === 'county' ? '各县（区）' : '各乡镇（街道）'}户数与支出`}
            loading={caseload.loading && !r}
            extra={<Select size="small" style={{ width: 110 }} value={shownMonth} onChange={setBarMonth} options={months.map((m) => ({ value: m, label: m }))} />}
          >
            {r && r.rows.some((x) => x.month === shownMonth) ? <DivisionBarChart report={r} month={shownMonth} /> : <Empty description={`${shownMonth} 没有发放`} />}
          </Card>
        </Col>
      </Row>
      <ProcessingCard report={processing.data} months={months} loading={processing.loading} error={processing.error} />
    </PageContainer>
  );
}

const figureColumns = [
  { title: '作出决定', dataIndex: 'decided', align: 'right' as const },
  { title: '批准', dataIndex: 'approved', align: 'right' as const },
  { title: '不予批准', dataIndex: 'refused', align: 'right' as const },
  { title: '中位数（工作日）', dataIndex: 'medianDays', align: 'right' as const, render: days },
  { title: '90 分位（工作日）', dataIndex: 'p90Days', align: 'right' as const, render: days },
  {
    title: '超期', dataIndex: 'overdue', align: 'right' as const,
    render: (v: number, c: { overdueDecided: number; overdueOpen: number }) => (v ? <Tag color="red">{v}（决定 {c.overdueDecided}，未决 {c.overdueOpen}）</Tag> : 0),
  },
];

function ProcessingCard({ report: p, months, loading, error }: { report: ProcessingReport | null; months: string[]; loading: boolean; error: string | null }) {
  const level = p?.groupBy === 'township' ? '乡镇（街道）' : '县（区）';
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      loading={loading && !p}
      title={<Space>{`${p?.programmeName ?? '低保、特困、临时救助'}申请办理时效`}<Tooltip title="受理至首次决定的工作日；超期：决定晚于办理总时限，或至今未决且已过总时限（按月统计时计入时限届满的月份）"><InfoCircleOutlined /></Tooltip></Space>}
      extra={p && <Typography.Text type="secondary">超期未决截至 {p.asOf}</Typography.Text>}
    >
      {error && <Alert type="error" showIcon title={error} />}
      {p && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={4}><Statistic title="作出决定" value={p.decided} suffix="件" /></Col>
            <Col span={4}><Statistic title="批准 / 不予批准" value={`${p.approved} / ${p.refused}`} /></Col>
            <Col span={4}><Statistic title="中位数" value={days(p.medianDays)} suffix="工作日" /></Col>
            <Col span={4}><Statistic title="90 分位" value={days(p.p90Days)} suffix="工作日" /></Col>
            <Col span={4}><Statistic title="超期决定" value={p.overdueDecided} suffix="件" styles={{ content: { color: p.overdueDecided ? '#cf1322' : undefined } }} /></Col>
            <Col span={4}><Statistic title="超期未决" value={p.overdueOpen} suffix="件" styles={{ content: { color: p.overdueOpen ? '#cf1322' : undefined } }} /></Col>
          </Row>
          {p.beyondKnownSchedule && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="部分日期超出已公布的节假日安排，工作日按周末推算" />}
          <Row gutter={16}>
            <Col span={12}>
              {p.byMonth.length ? <ProcessingMonthlyChart report={p} months={months} /> : <Empty description="期间内没有作出决定的申请" />}
            </Col>
            <Col span={12}>
              <Table
                size="small"
                rowKey="programme"
                pagination={false}
                dataSource={p.byProgramme}
                locale={{ emptyText: '期间内没有作出决定或超期未决的申请' }}
                columns={[{ title: '项目', dataIndex: 'programmeName' }, ...figureColumns]}
              />
            </Col>
          </Row>
          <Table
            size="small"
            style={{ marginTop: 12 }}
            rowKey="divisionCode"
            pagination={p.byDivision.length > 10 ? { pageSize: 10, size: 'small' } : false}
            dataSource={p.byDivision}
            locale={{ emptyText: '期间内没有作出决定或超期未决的申请' }}
            columns={[{ title: level, dataIndex: 'divisionName', render: (n: string | null, c: ProcessingReport['byDivision'][number]) => n ?? c.divisionCode }, ...figureColumns]}
          />
        </>
      )}
    </Card>
  );
}
