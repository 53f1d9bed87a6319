import { Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CARE_ABILITIES, SUPPORT_MODES, TEMPORARY_CAUSES, TEMPORARY_KINDS } from '../api/programmes';
import { DISABILITY_KINDS, SCHOOLING, SUPPORTER_STATUS } from './assistance-codes';

/** 特困人员申请: support mode, the applicant's own facts, supporters and the declared care abilities. */
export function TekunIntakeFields() {
  return (
    <Card size="small" title="特困人员认定信息" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['tekun', 'mode']} label="供养方式" rules={[{ required: true, message: '请选择供养方式' }]}>
            <Select options={SUPPORT_MODES} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['tekun', 'disabilityKind']} label="残疾类别（残疾人证）">
            <Select allowClear options={DISABILITY_KINDS} placeholder="无" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['tekun', 'disabilityGrade']} label="残疾等级">
            <Select allowClear options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${g} 级` }))} placeholder="无" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['tekun', 'schooling']} label="在学情况">
            <Select allowClear options={SCHOOLING} placeholder="不在学" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name={['tekun', 'orphan']} valuePropName="checked" label=" ">
            <Checkbox>符合孤儿认定条件（按孤儿保障，不纳入特困）</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Form.List name={['tekun', 'supporters']}>
        {(fields, { add, remove }) => (
          <>
            <Typography.Text strong>法定赡养、抚养、扶养义务人</Typography.Text>
            <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => add({ status: 'able' })}>添加义务人</Button>
            {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无法定义务人" style={{ margin: '8px 0' }} />}
            {fields.map((f) => (
              <Row gutter={8} key={f.key}>
                <Col span={7}><Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]} style={{ marginBottom: 8 }}><Input size="small" placeholder="姓名" /></Form.Item></Col>
                <Col span={5}><Form.Item name={[f.name, 'relation']} rules={[{ required: true, message: '请填写关系' }]} style={{ marginBottom: 8 }}><Input size="small" placeholder="关系，如 儿子" /></Form.Item></Col>
                <Col span={11}><Form.Item name={[f.name, 'status']} style={{ marginBottom: 8 }}><Select size="small" options={SUPPORTER_STATUS} /></Form.Item></Col>
                <Col span={1}><Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除义务人" /></Col>
              </Row>
            ))}
          </>
        )}
      </Form.List>
      <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>生活自理能力（申请人自述，调查时评估确认）</Typography.Text>
      <Row>
        {Object.entries(CARE_ABILITIES).map(([k, label]) => (
          <Col span={8} key={k}>
            <Form.Item name={['tekun', 'careAssessment', k]} valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{label}</Checkbox>
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** 临时救助申请: kind, cause, the hardship in words, the months asked for and the expense. */
export function TemporaryIntakeFields() {
  return (
    <Card size="small" title="临时救助信息" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['temporary', 'kind']} label="救助类型" rules={[{ required: true, message: '请选择救助类型' }]}>
            <Select options={TEMPORARY_KINDS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['temporary', 'cause']} label="困难原因" rules={[{ required: true, message: '请选择困难原因' }]}>
            <Select options={TEMPORARY_CAUSES} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['temporary', 'months']} label="申请救助月数" rules={[{ required: true, message: '请填写月数' }]} extra="按低保标准 × 人数 × 月数计算">
            <InputNumber min={1} max={120} precision={0} suffix="个月" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name={['temporary', 'description']} label="困难情况说明" rules={[{ required: true, message: '请说明困难情况' }]}>
            <Input.TextArea rows={2} maxLength={2000} placeholder="如：住房失火，衣物口粮全部烧毁" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['temporary', 'expenseYuan']} label="已发生刚性支出（支出型）">
            <InputNumber min={0} precision={2} suffix="元" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
