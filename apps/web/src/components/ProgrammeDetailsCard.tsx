import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import {
  CARE_ABILITIES, CARE_GRADES, SUPPORT_MODES, TEMPORARY_CAUSES, TEMPORARY_KINDS, isTekun, isTemporary,
  type CareAbility, type ProgrammeApplication, type TemporaryGrant,
} from '../api/programmes';
import { DISABILITY_KINDS, SCHOOLING, SUPPORTER_STATUS } from './assistance-codes';
import { yuan } from './money';

const label = (list: { value: string | number; label: string }[], v: unknown) => list.find((x) => x.value === v)?.label ?? (v == null ? '—' : String(v));

/** The programme's own record on the application: tekun's mode, supporters and care grade; temporary assistance's need and grants. */
export function ProgrammeDetailsCard({ a }: { a: ProgrammeApplication }) {
  if (isTekun(a)) {
    const d = a.details;
    const lost = d.careAssessment ? (Object.keys(CARE_ABILITIES) as CareAbility[]).filter((k) => !d.careAssessment![k]) : [];
    return (
      <Card size="small" title="特困人员认定信息" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label="供养方式">{label(SUPPORT_MODES, d.mode)}{d.institution ? `（${d.institution}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="残疾">{d.disabilityKind ? `${label(DISABILITY_KINDS, d.disabilityKind)} ${d.disabilityGrade} 级` : '无'}</Descriptions.Item>
          <Descriptions.Item label="在学情况">{d.schooling ? label(SCHOOLING, d.schooling) : '不在学'}</Descriptions.Item>
          <Descriptions.Item label="孤儿">{d.orphan ? <Tag color="orange">符合孤儿认定条件</Tag> : '否'}</Descriptions.Item>
          <Descriptions.Item label="生活自理能力" span={2}>
            {d.careGrade ? (
              <Space direction="vertical" size={0}>
                <Tag color={d.careGrade === 'self_caring' ? 'green' : d.careGrade === 'partly_dependent' ? 'gold' : 'red'}>{CARE_GRADES[d.careGrade]}（调查评估）</Tag>
                {d.careGradeText && <Typography.Text type="secondary">{d.careGradeText}</Typography.Text>}
              </Space>
            ) : (
              <Typography.Text type="secondary">
                待调查评估{d.careAssessment ? `；申请人自述${lost.length ? `不能${lost.map((k) => CARE_ABILITIES[k]).join('、')}` : '六项均能完成'}` : ''}
              </Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={d.supporters}
          locale={{ emptyText: '无法定赡养、抚养、扶养义务人' }}
          columns={[
            { title: '义务人', dataIndex: 'name' },
            { title: '关系', dataIndex: 'relation', width: 90 },
            { title: '履行能力', dataIndex: 'status', render: (v: string) => (v === 'able' ? <Tag color="red">有赡养能力</Tag> : <Tag>{label(SUPPORTER_STATUS, v)}</Tag>) },
          ]}
        />
      </Card>
    );
  }
  if (isTemporary(a)) {
    const d = a.details;
    return (
      <Card size="small" title="临时救助信息" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label="救助类型">{label(TEMPORARY_KINDS, d.kind)}</Descriptions.Item>
          <Descriptions.Item label="困难原因">{label(TEMPORARY_CAUSES, d.cause)}</Descriptions.Item>
          <Descriptions.Item label="申请月数">{d.months} 个月</Descriptions.Item>
          <Descriptions.Item label="刚性支出">{d.expenseFen ? `${yuan(d.expenseFen)} 元` : '—'}</Descriptions.Item>
          <Descriptions.Item label="困难情况" span={2}>{d.description}</Descriptions.Item>
        </Descriptions>
        <Table<TemporaryGrant>
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={d.grants ?? []}
          locale={{ emptyText: '尚未发放' }}
          columns={[
            { title: '发放', dataIndex: 'kind', render: (k: string) => (k === 'advance' ? <Tag color="orange">先行救助</Tag> : <Tag color="green">审批救助</Tag>) },
            { title: '审批层级', dataIndex: 'level', render: (l: string) => (l === 'county' ? '县级' : '乡镇（街道）') },
            { title: '月数', dataIndex: 'months', align: 'right' },
            { title: '本次金额（元）', dataIndex: 'amountFen', align: 'right', render: (v: number) => yuan(v) },
            { title: '随名册发放', dataIndex: 'month' },
            { title: '经办', dataIndex: 'by' },
          ]}
        />
      </Card>
    );
  }
  return null;
}
