import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../api/client';
import { assistanceApi } from '../api/endpoints';
import type { StandardResult } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { DivisionSelect } from '../components/DivisionSelect';
import { applyApiError } from '../components/form-errors';
import { toFen, yuan } from '../components/money';
import { PageContainer } from '../components/PageContainer';

type Kind = 'fen' | 'ratio' | 'count';

/** The standards a city sets most often; the server knows the full list (assistance parameters). */
const KEYS: { key: string; title: string; kind: Kind; group: string }[] = [
  { key: 'dibao.standard.urban', title: '城市最低生活保障标准（元/人·月）', kind: 'fen', group: '低保' },
  { key: 'dibao.standard.rural', title: '农村最低生活保障标准（元/人·月）', kind: 'fen', group: '低保' },
  { key: 'dibao.floor.shareOfStandard', title: '低保金保底比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.addOn.elderly', title: '老年人分类加发比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.addOn.minor', title: '未成年人分类加发比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.addOn.severeDisability', title: '重度残疾人分类加发比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.addOn.seriousIllness', title: '重病患者分类加发比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.singlePerson.shareOfStandard', title: '单人保发放比例', kind: 'ratio', group: '低保' },
  { key: 'dibao.assets.financialMonthsOfStandard', title: '人均金融资产上限（月标准的倍数）', kind: 'count', group: '低保' },
  { key: 'tekun.basicStandard.urban', title: '城市特困人员基本生活标准（元/人·年）', kind: 'fen', group: '特困' },
  { key: 'tekun.basicStandard.ruralHomeBased', title: '农村分散供养特困人员基本生活标准（元/人·年）', kind: 'fen', group: '特困' },
  { key: 'tekun.basicStandard.ruralInstitutional', title: '农村集中供养特困人员基本生活标准（元/人·年）', kind: 'fen', group: '特困' },
  { key: 'tekun.careShare.selfCaring', title: '照料护理标准（生活自理）', kind: 'ratio', group: '特困' },
  { key: 'tekun.careShare.partlyDependent', title: '照料护理标准（部分失能）', kind: 'ratio', group: '特困' },
  { key: 'tekun.careShare.fullyDependent', title: '照料护理标准（完全失能）', kind: 'ratio', group: '特困' },
  { key: 'minimumWage.monthly', title: '月最低工资标准（元）', kind: 'fen', group: '其他' },
  { key: 'temporary.months.max', title: '临时救助月数上限', kind: 'count', group: '临时救助' },
  { key: 'temporary.months.townshipMax', title: '乡镇审批临时救助月数上限', kind: 'count', group: '临时救助' },
  { key: 'lowIncome.nearDibao.multiple', title: '低保边缘家庭收入倍数', kind: 'ratio', group: '低收入' },
];
const KIND_OF = Object.fromEntries(KEYS.map((k) => [k.key, k.kind]));

interface Values {
  key: string;
  divisionCode: string;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  value: number;
  source?: string;
  note?: string;
  reason?: string;
}

interface Done extends StandardResult {
  key: string;
  divisionCode: string;
  shown: string;
  at: string;
}

export function StandardsPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Done[]>([]);
  const key = Form.useWatch('key', form);
  const kind: Kind = KIND_OF[key] ?? 'fen';

  const submit = async (v: Values) => {
    setSaving(true);
    setRefusal(null);
    const value = kind === 'fen' ? toFen(v.value) : kind === 'ratio' ? String(v.value) : Math.round(v.value);
    try {
      const r = await assistanceApi.setStandard({
        key: v.key,
        divisionCode: v.divisionCode,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        effectiveTo: v.effectiveTo ? v.effectiveTo.format('YYYY-MM-DD') : null,
        value,
        source: v.source?.trim() || null,
        note: v.note?.trim() || null,
        reason: v.reason?.trim() || null,
      });
      message.success(r.action === 'unchanged' ? '标准与现行取值相同，未作变更' : '救助标准已设定，已记入审计');
      const shown = kind === 'fen' ? `${yuan(value as number)} 元` : String(value);
      setDone((d) => [{ ...r, key: v.key, divisionCode: v.divisionCode, shown, at: dayjs().format('HH:mm:ss') }, ...d]);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setRefusal(e);
      // a value refused by its rule (e.g. tekun below 1.3 × dibao) is reported on `value`
      applyApiError(form, e, message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageContainer
      title="救助标准"
      subTitle="按区划、按日期生效；新标准自起始日起替代原标准，原标准自动截止。每次设定均记入审计。"
      crumbs={[{ title: '社会救助' }, { title: '救助标准' }]}
    >
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title="设定标准">
            {refusal && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                title={refusal.title}
                description={
                  refusal.errors.some((e) => e.message !== refusal.title)
                    ? refusal.errors.map((e, i) => <div key={i}>{e.message}</div>)
                    : '请修改标红的字段后重新提交'
                }
              />
            )}
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ key: 'dibao.standard.urban', divisionCode: user.divisionCode, effectiveFrom: dayjs().add(1, 'month').startOf('month') }}
            >
              <Form.Item name="key" label="标准项目" rules={[{ required: true, message: '请选择标准项目' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={[...new Set(KEYS.map((k) => k.group))].map((g) => ({
                    label: g,
                    options: KEYS.filter((k) => k.group === g).map((k) => ({ value: k.key, label: k.title })),
                  }))}
                />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="divisionCode" label="适用区划" rules={[{ required: true, message: '请选择区划' }]} tooltip="下级区划未单独设定的，沿用上级标准">
                    <DivisionSelect allowClear={false} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name="value"
                    label={kind === 'fen' ? '标准金额' : kind === 'ratio' ? '比例（小数）' : '数值'}
                    rules={[{ required: true, message: '请填写取值' }]}
                    extra={kind === 'ratio' ? '如 0.1 表示 10%' : kind === 'fen' ? '以元填写，按分保存' : undefined}
                  >
                    <InputNumber
                      min={0}
                      precision={kind === 'fen' ? 2 : kind === 'ratio' ? 4 : 0}
                      step={kind === 'ratio' ? 0.05 : 10}
                      style={{ width: '100%' }}
                      suffix={kind === 'fen' ? '元' : undefined}
                    />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="effectiveFrom" label="起始日期" rules={[{ required: true, message: '请选择起始日期' }]}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="effectiveTo" label="终止日期" tooltip="不填为至下一次调整">
                    <DatePicker style={{ width: '100%' }} placeholder="长期有效" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="source" label="依据文件" rules={[{ max: 200 }]}>
                <Input placeholder="如：阳民发〔2025〕12号" />
              </Form.Item>
              <Form.Item name="reason" label="调整原因" rules={[{ max: 200 }]}>
                <Input.TextArea rows={2} placeholder="记入审计日志" showCount maxLength={200} />
              </Form.Item>
              <Form.Item name="note" label="备注" rules={[{ max: 200 }]}>
                <Input />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>设定标准</Button>
            </Form>
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title="设定规则" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="特困标准">不低于当地低保标准的 1.3 倍（按年计：低保月标准 × 12 × 1.3），调整低保标准时同样校验</Descriptions.Item>
              <Descriptions.Item label="生效方式">按起始日期生效，原标准截止至前一日；已签发的发放名册不受影响</Descriptions.Item>
              <Descriptions.Item label="权限">市级管理员设定本辖区的标准</Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              现行标准可在「救助测算」结果的「所用参数」中查看（含生效日期、依据与
              <Tag color="orange" style={{ margin: '0 4px' }}>示例值</Tag>标记）。
            </Typography.Text>
          </Card>
          <Card size="small" title="本次设定记录">
            <Table<Done>
              size="small"
              rowKey={(r) => `${r.id}-${r.at}`}
              pagination={false}
              dataSource={done}
              locale={{ emptyText: '尚未设定' }}
              columns={[
                { title: '项目', dataIndex: 'key', ellipsis: true, render: (k: string) => KEYS.find((x) => x.key === k)?.title.replace(/（.*$/, '') ?? k },
                { title: '取值', dataIndex: 'shown', width: 100 },
                { title: '起始', dataIndex: 'effectiveFrom', width: 100 },
                {
                  title: '结果',
                  dataIndex: 'action',
                  width: 80,
                  render: (a: string) => <Tag color={a === 'unchanged' ? 'default' : 'green'}>{a === 'unchanged' ? '未变' : a === 'updated' ? '已更新' : '已新增'}</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
