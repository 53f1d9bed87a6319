import { Alert, Table, Tag } from 'antd';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, type Institution } from '../../api/elderly';

const OWNERSHIP: Record<string, string> = { public: '公办', private: '民办', public_private: '公建民营' };
const FIRE: Record<string, [string, string]> = { passed: ['合格', 'success'], rectifying: ['整改中', 'warning'], failed: ['不合格', 'error'] };
const WARN: Record<string, [string, string]> = { expired: ['许可已过期', 'error'], expiring: ['许可即将到期', 'warning'], missing: ['未登记许可', 'default'] };

/** 养老机构: licence and its expiry, beds, nursing beds, residents, staff, fire safety and rating. */
export function InstitutionsPage() {
  const { data, loading, error } = useLoaded((s) => elderlyOps.institutions(s), []);
  return (
    <PageContainer title="养老机构" crumbs={[{ title: '养老服务' }, { title: '养老机构' }]}>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<Institution> rowKey="id" size="small" loading={loading} dataSource={data ?? []} pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 家` }}
        columns={[
          { title: '名称', dataIndex: 'name', render: (n: string, r) => <>{n}{r.comprehensive && <Tag color="red" style={{ marginLeft: 4 }}>区域中心</Tag>}</> },
          { title: '性质', dataIndex: 'ownership', render: (o: string) => OWNERSHIP[o] ?? o },
          { title: '区划', dataIndex: 'divisionCode' },
          { title: '许可/备案', dataIndex: 'licenceNo', render: (n: string | null, r) => <>{n ?? '—'}{r.licenceExpiresOn ? `（至 ${r.licenceExpiresOn}）` : ''}{r.licenceWarning && <Tag color={WARN[r.licenceWarning][1]} style={{ marginLeft: 4 }}>{WARN[r.licenceWarning][0]}</Tag>}</> },
          { title: '床位', dataIndex: 'beds' }, { title: '护理型床位', dataIndex: 'nursingBeds' },
          { title: '入住', dataIndex: 'residents' }, { title: '工作人员', dataIndex: 'staff' },
          { title: '消防', dataIndex: 'fireSafety', render: (f: string) => <Tag color={FIRE[f]?.[1]}>{FIRE[f]?.[0] ?? f}</Tag> },
          { title: '等级', dataIndex: 'rating', render: (r: number) => (r ? '★'.repeat(r) : '未评定') },
        ]} />
    </PageContainer>
  );
}
