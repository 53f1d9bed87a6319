import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Popconfirm, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLoaded } from '../../../hooks/useLoaded';
import { ApiError } from '../../../api/client';
import { yuan } from '../../../components/money';
import { homeServicesApi, type Settlement, type StatementRow } from '../../../api/elderly-services';

/** 服务券月度结算: a provider's month — orders, voucher and co-pay — confirmed by the county, then closed; xlsx export. */
export function SettlementTab({ canConfirm }: { canConfirm: boolean }) {
  const [providerId, setProviderId] = useState<number | undefined>();
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const [version, setVersion] = useState(0);
  const providers = useLoaded((s) => homeServicesApi.providers({ pageSize: 100 }, s), []);
  const m = month.format('YYYY-MM');
  const statement = useLoaded((s) => (providerId ? homeServicesApi.statement(providerId, m, s) : Promise.resolve(null)), [providerId, m, version]);
  const history = useLoaded((s) => homeServicesApi.settlements({ pageSize: 12, providerId }, s), [providerId, version]);
  const { message } = App.useApp();
  const st = statement.data;

  const confirm = async () => {
    try {
      const r = await homeServicesApi.confirm(providerId!, m);
      message.success(`${r.month} 结算已确认：${r.orders} 单，服务券 ${yuan(r.voucherFen)} 元`);
      setVersion((v) => v + 1);
    } catch (e) { message.error(e instanceof ApiError ? e.title : String(e)); }
  };

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select style={{ width: 320 }} placeholder="选择服务商" value={providerId} onChange={setProviderId} showSearch={{ optionFilterProp: 'label' }}
          options={(providers.data?.rows ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} />
        {st && <Button href={homeServicesApi.statementXlsxUrl(st.provider.id, m)}>导出结算单（xlsx）</Button>}
        {st && !st.settled && canConfirm && (
          <Popconfirm title={`确认 ${st.provider.name} ${m} 的服务券结算？`} description="确认后该月工单不能再登记或修改。" onConfirm={confirm} okText="确认结算">
            <Button type="primary" disabled={st.totals.orders === 0 || m >= dayjs().format('YYYY-MM')}>确认结算</Button>
          </Popconfirm>
        )}
      </Space>
      {statement.error && <Alert type="error" showIcon message={statement.error} style={{ marginBottom: 16 }} />}
      {!providerId && <Empty description="请选择服务商与月份" />}
      {st && (
        <Card size="small" style={{ marginBottom: 16 }} title={<>{st.provider.name} {m} {st.settled ? <Tag color="green">已结算</Tag> : <Tag>草稿</Tag>}</>}>
          <Descriptions size="small" column={4} items={[
            { key: 'o', label: '工单数', children: st.totals.orders },
            { key: 'a', label: '服务金额', children: `${yuan(st.totals.amountFen)} 元` },
            { key: 'v', label: '服务券（政府购买）', children: `${yuan(st.totals.voucherFen)} 元` },
            { key: 'c', label: '个人自付', children: `${yuan(st.totals.copayFen)} 元` },
            ...(st.settled ? [{ key: 's', label: '确认', children: `${st.settled.confirmedByName} ${dayjs(st.settled.confirmedAt).format('YYYY-MM-DD HH:mm')}` }] : []),
            ...(st.openOrders ? [{ key: 'p', label: '本月未完成工单', children: <Tag color="gold">{st.openOrders} 单</Tag> }] : []),
          ]} />
          {m >= dayjs().format('YYYY-MM') && !st.settled && <Alert type="info" showIcon message="本月尚未结束，月末之后才能确认结算。" style={{ marginTop: 8 }} />}
        </Card>
      )}
      {st && (
        <Table<StatementRow> rowKey="id" size="small" dataSource={st.rows} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 单` }} columns={[
          { title: '工单号', dataIndex: 'id' }, { title: '完成日期', dataIndex: 'completedOn' }, { title: '老人', dataIndex: 'name' }, { title: '身份证号', dataIndex: 'idNumber' },
          { title: '服务项目', dataIndex: 'itemName' }, { title: '数量', key: 'q', render: (_, r) => `${r.quantity} ${r.unit}` }, { title: '服务人员', dataIndex: 'workerName' },
          { title: '金额', dataIndex: 'amountFen', align: 'right', render: (f: number) => yuan(f) }, { title: '服务券', dataIndex: 'voucherFen', align: 'right', render: (f: number) => yuan(f) },
          { title: '自付', dataIndex: 'copayFen', align: 'right', render: (f: number) => yuan(f) },
          { title: '', dataIndex: 'inInstitution', render: (x: boolean) => (x ? <Tag color="volcano">机构入住</Tag> : null) },
        ]} />
      )}
      <Card size="small" title="已确认的结算" style={{ marginTop: 16 }}>
        <Table<Settlement> rowKey="id" size="small" loading={history.loading} dataSource={history.data?.rows ?? []} pagination={false} columns={[
          { title: '月份', dataIndex: 'month' }, { title: '服务商', dataIndex: 'providerName' }, { title: '工单数', dataIndex: 'orders' },
          { title: '服务金额', dataIndex: 'amountFen', align: 'right', render: (f: number) => yuan(f) }, { title: '服务券', dataIndex: 'voucherFen', align: 'right', render: (f: number) => yuan(f) },
          { title: '个人自付', dataIndex: 'copayFen', align: 'right', render: (f: number) => yuan(f) },
          { title: '确认人', dataIndex: 'confirmedByName' }, { title: '确认时间', dataIndex: 'confirmedAt', render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm') },
        ]} />
      </Card>
    </>
  );
}
