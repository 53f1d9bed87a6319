import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { FileTextOutlined, PrinterOutlined, SolutionOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { applicationsApi } from '../api/endpoints';
import type { ApplicationMember } from '../api/types';
import { DOCUMENT_TITLES, type ProgrammeApplication } from '../api/programmes';
import { ProgrammeDetailsCard } from '../components/ProgrammeDetailsCard';
import { CaseStateTag, DaysLeft } from '../components/CaseBits';
import { INCOME_KINDS, PROGRAMMES } from '../components/assistance-codes';
import { yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';
import { ResultCard } from './CalculatorPage';

export const DOCUMENTS: Record<string, string> = DOCUMENT_TITLES;

/** What the decision is called in each programme. */
const DECISION_NAMES: Record<string, { approved: string; refused: string }> = {
  dibao: { approved: '纳入低保', refused: '不予纳入' },
  tekun: { approved: '认定为特困人员', refused: '不予认定' },
  temporary: { approved: '给予临时救助', refused: '不予救助' },
};

const SOURCES: Record<string, string> = {
  household_registration: '户籍', tax: '税务', social_insurance: '社会保险', real_estate: '不动产', business_registration: '市场主体登记',
  housing_fund: '住房公积金', vehicles: '车辆', bank_deposits: '银行存款', commercial_insurance: '商业保险', securities: '证券',
  marriage: '婚姻登记', death_cremation: '死亡火化', medical_insurance: '医疗保险',
};

const fmt = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const incomeKind = (k: string) => INCOME_KINDS.find((x) => x.value === k)?.label ?? k;
const programmeLabel = (p: string) => PROGRAMMES.find((x) => x.value === p)?.label ?? p;

export function ApplicationPage() {
  const { id = '' } = useParams();
  const [a, setA] = useState<ProgrammeApplication | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    applicationsApi.get(id).then((x) => setA(x as ProgrammeApplication)).catch((e) => (e instanceof ApiError ? setError(e) : Promise.reject(e)));
  }, [id]);

  const crumbs = [{ title: '社会救助' }, { title: '救助申请' }, { title: a ? `${a.applicantName} 的申请` : `申请 ${id}` }];
  if (error) {
    return (
      <PageContainer title="救助申请" crumbs={crumbs}>
        <Card>
          <Result status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'} title={error.status === 404 ? '未找到该申请' : error.title} extra={<Link to="/inbox"><Button type="primary">返回待办</Button></Link>} />
        </Card>
      </PageContainer>
    );
  }
  if (!a) {
    return (
      <PageContainer title="救助申请" crumbs={crumbs}>
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      </PageContainer>
    );
  }
  const c = a.case;
  const nameOf = (pid: number) => a.members.find((m) => m.personId === pid)?.name ?? `人员 ${pid}`;
  const decisionName = DECISION_NAMES[a.programme] ?? DECISION_NAMES.dibao;
  const shown = a.calculation ?? a.proposal ?? a.estimate;

  return (
    <PageContainer
      title={
        <Space>
          {a.applicantName} · {programmeLabel(a.programme)}申请
          {c && <CaseStateTag label={c.stateLabel} final={c.final} overdue={c.overdue} />}
          {a.decision === 'approved' && <Tag color="green">{decisionName.approved}</Tag>}
          {a.decision === 'refused' && <Tag color="red">{decisionName.refused}</Tag>}
        </Space>
      }
      subTitle={`申请编号 ${a.id} · 户籍 ${a.divisionCode} · ${a.receivedByName ?? '—'} 于 ${fmt(a.createdAt)} 受理`}
      crumbs={crumbs}
      extra={
        <Space>
          {c && (
            <Link to={`/cases/${c.id}`}>
              <Button type="primary" icon={<SolutionOutlined />}>{c.actions.length ? `办理（${c.actions.map((x) => x.label).join('、')}）` : '查看办件'}</Button>
            </Link>
          )}
          {a.decision === 'refused' && (
            <Button icon={<PrinterOutlined />} href={applicationsApi.refusalNoticeUrl(a.id)} target="_blank">不予确认告知书</Button>
          )}
          <Link to={`/households/${a.householdId}`}><Button icon={<FileTextOutlined />}>家庭档案</Button></Link>
        </Space>
      }
    >
      {c && !c.final && (
        <Alert
          type={c.overdue ? 'error' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={<Space>当前环节：{c.stateLabel}　环节期限 {c.dueAt ?? '—'}　剩余 <DaysLeft days={c.daysLeft} overdue={c.overdue} /></Space>}
        />
      )}
      <Row gutter={16}>
        <Col span={14}>
          <ProgrammeDetailsCard a={a} />
          <Card size="small" title={`家庭成员（计入 ${a.members.filter((m) => m.included).length} 人）`} style={{ marginBottom: 16 }}>
            <Table<ApplicationMember>
              size="small"
              rowKey="personId"
              pagination={false}
              dataSource={a.members}
              columns={[
                { title: '姓名', dataIndex: 'name', render: (n: string, m) => <Link to={`/persons/${m.personId}`}>{n}</Link> },
                { title: '身份证号', dataIndex: 'idNumberMasked', render: (v: string) => <span className="mz-mono">{v}</span> },
                { title: '年龄', dataIndex: 'age', width: 60, align: 'right' },
                { title: '是否计入', dataIndex: 'included', width: 90, render: (v: boolean) => (v ? <Tag color="green">计入</Tag> : <Tag>不计入</Tag>) },
                { title: '不计入原因', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </Card>
          <Card size="small" title="申报收入与财产" style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={a.incomes}
              locale={{ emptyText: '无申报收入' }}
              columns={[
                { title: '成员', dataIndex: 'personId', render: nameOf },
                { title: '收入项目', dataIndex: 'kind', render: incomeKind },
                { title: '月收入（元）', dataIndex: 'monthlyFen', align: 'right', render: (v: number) => yuan(v) },
              ]}
            />
            <Descriptions size="small" column={3} style={{ marginTop: 12 }}>
              <Descriptions.Item label="金融资产">{yuan(a.assets.financialFen)} 元</Descriptions.Item>
              <Descriptions.Item label="机动车">{a.assets.vehicles} 辆</Descriptions.Item>
              <Descriptions.Item label="其他住房">{a.assets.extraHousing} 套</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title="经济状况核对" style={{ marginBottom: 16 }}>
            {a.verification ? (
              <>
                <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
                  <Descriptions.Item label="报告编号">{a.verification.reportNo ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="核实月收入">{yuan(a.verification.totals.monthlyIncomeFen)} 元</Descriptions.Item>
                  <Descriptions.Item label="核实金融资产">{yuan(a.verification.totals.financialAssetsFen)} 元</Descriptions.Item>
                </Descriptions>
                <Table
                  size="small"
                  rowKey={(_, i) => String(i)}
                  pagination={false}
                  dataSource={a.verification.sources}
                  columns={[
                    { title: '来源', dataIndex: 'source', width: 110, render: (s: string) => SOURCES[s] ?? s },
                    { title: '核对结果', dataIndex: 'finding' },
                    { title: '月收入（元）', dataIndex: 'monthlyIncomeFen', width: 110, align: 'right', render: (v?: number) => (v === undefined ? '—' : yuan(v)) },
                    { title: '财产（元）', dataIndex: 'assetsFen', width: 110, align: 'right', render: (v?: number) => (v === undefined ? '—' : yuan(v)) },
                  ]}
                />
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记核对结果" />
            )}
          </Card>
          <Card size="small" title={a.programme === 'dibao' ? '入户调查' : '调查核实'}>
            {a.homeVisit ? (
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="调查日期">{a.homeVisit.visitedOn}</Descriptions.Item>
                <Descriptions.Item label="调查人员">{a.homeVisit.investigators.map((i) => `${i.name}${i.signed ? '（已签字）' : ''}`).join('、')}</Descriptions.Item>
                <Descriptions.Item label="住房情况" span={2}>{a.homeVisit.findings.housing}</Descriptions.Item>
                <Descriptions.Item label="生活状况" span={2}>{a.homeVisit.findings.livingConditions}</Descriptions.Item>
                {(a.homeVisit.findings as { supporters?: string }).supporters && (
                  <Descriptions.Item label="义务人核实" span={2}>{(a.homeVisit.findings as { supporters?: string }).supporters}</Descriptions.Item>
                )}
                {a.homeVisit.findings.incomeMatchesDeclaration !== undefined && (
                  <Descriptions.Item label="收入与申报">{a.homeVisit.findings.incomeMatchesDeclaration ? '一致' : <Typography.Text type="danger">不一致</Typography.Text>}</Descriptions.Item>
                )}
                <Descriptions.Item label="备注">{a.homeVisit.findings.notes ?? '—'}</Descriptions.Item>
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未入户调查" />
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title="申请材料与授权" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="已交材料">
                <Space size={[4, 4]} wrap>{a.documents.map((d) => <Tag key={d.code} color="blue">{DOCUMENTS[d.code] ?? d.code}</Tag>)}</Space>
              </Descriptions.Item>
              <Descriptions.Item label="核对授权">
                <Space size={[4, 4]} wrap>
                  {a.consents.map((x) => (
                    <Tag key={x.personId} color="green">{nameOf(x.personId)} · {x.kind === 'electronic' ? '电子确认' : '签字授权书'}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="受理窗口">{a.receivingDivisionCode}</Descriptions.Item>
            </Descriptions>
          </Card>
          {a.decision && (
            <Card size="small" title="审核确认" style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="决定">{a.decision === 'approved' ? decisionName.approved : a.decision === 'refused' ? decisionName.refused : a.decision}</Descriptions.Item>
                <Descriptions.Item label="决定时间">{fmt(a.decidedAt)}</Descriptions.Item>
                {a.fromMonth && <Descriptions.Item label="发放起始月">{a.fromMonth}</Descriptions.Item>}
                {a.refusalReasons && <Descriptions.Item label={`${decisionName.refused}理由`}>{a.refusalReasons}</Descriptions.Item>}
              </Descriptions>
            </Card>
          )}
          {shown ? (
            <>
              {!a.calculation && !a.proposal && (
                <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`按目前登记的情况测算${a.estimate?.month ? `（${a.estimate.month}）` : ''}，尚未作出决定`} />
              )}
              <ResultCard r={shown} />
            </>
          ) : (
            <Card size="small" title="救助金测算">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="入户调查后按核实情况测算" />
            </Card>
          )}
        </Col>
      </Row>
    </PageContainer>
  );
}
