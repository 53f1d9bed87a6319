import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useUser } from '../../auth/AuthContext';
import { OrdersTab } from './services/OrdersTab';
import { SettlementTab } from './services/SettlementTab';
import { ProvidersTab } from './services/ProvidersTab';
import { CatalogueTab } from './services/CatalogueTab';

const WRITERS = ['city_admin', 'county_approver', 'township_caseworker'];
const DECIDERS = ['city_admin', 'county_approver'];

/** 居家养老服务: orders, the monthly voucher settlement, providers and the catalogue. */
export function HomeServicesPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'orders';
  return (
    <PageContainer title="居家养老服务" subTitle="服务工单（派单、签到、完成、评价），政府购买服务券按月与服务商结算"
      crumbs={[{ title: '养老服务' }, { title: '居家养老服务' }]}>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={[
        { key: 'orders', label: '服务工单', children: <OrdersTab canWrite={WRITERS.includes(user.role)} /> },
        { key: 'settlement', label: '服务券结算', children: <SettlementTab canConfirm={DECIDERS.includes(user.role) && user.divisionCode.length <= 6} /> },
        { key: 'providers', label: '服务商', children: <ProvidersTab canEdit={DECIDERS.includes(user.role)} /> },
        { key: 'catalogue', label: '服务目录', children: <CatalogueTab canEdit={user.role === 'city_admin'} /> },
      ]} />
    </PageContainer>
  );
}
