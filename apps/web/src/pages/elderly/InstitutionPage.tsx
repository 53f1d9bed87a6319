import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Tabs, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { PageContainer } from '../../components/PageContainer';
import { useLoaded } from '../../hooks/useLoaded';
import { elderlyOps, FIRE_SAFETY, OWNERSHIP } from '../../api/elderly';
import { InstitutionFormDrawer } from './institutions/InstitutionFormDrawer';
import { ResidentsTab } from './institutions/ResidentsTab';
import { InspectionsTab } from './institutions/InspectionsTab';
import { HazardsTable } from './institutions/HazardsTable';
import { ComplaintsTab } from './institutions/ComplaintsTab';

/** 一家养老机构: its record, residents (admission and discharge), inspections, hazards and complaints. */
export function InstitutionPage() {
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const { data: inst, error } = useLoaded((s) => elderlyOps.institution(id, s), [id, version]);
  const bump = () => setVersion((v) => v + 1);

  return (
    <PageContainer title={inst?.name ?? '养老机构'} crumbs={[{ title: '养老服务' }, { title: '养老机构', to: '/elderly/institutions' }, { title: inst?.name ?? String(id) }]}
      extra={inst && <Button onClick={() => setEditing(true)}>修改机构信息</Button>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {inst && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={4} items={[
            { label: '性质', children: <>{OWNERSHIP[inst.ownership]}{inst.comprehensive && <Tag color="red" style={{ marginLeft: 4 }}>区域养老服务中心</Tag>}</> },
            { label: '区划代码', children: inst.divisionCode },
            { label: '地址', children: inst.address ?? '—', span: 2 },
            { label: '许可/备案号', children: inst.licenceNo ?? '未登记' },
            { label: '有效期至', children: inst.licenceExpiresOn ?? '—' },
            { label: '床位 / 护理型', children: `${inst.beds} / ${inst.nursingBeds}` },
            { label: '工作人员', children: inst.staff },
            { label: '消防安全', children: FIRE_SAFETY[inst.fireSafety] },
            { label: '等级评定', children: inst.rating ? '★'.repeat(inst.rating) : '未评定' },
          ]} />
        </Card>
      )}
      {inst && (
        <Card size="small">
          <Tabs items={[
            { key: 'residents', label: '入住老人', children: <ResidentsTab institutionId={id} beds={inst.beds} onChange={bump} /> },
            { key: 'inspections', label: '监督检查', children: <InspectionsTab institutionId={id} /> },
            { key: 'hazards', label: '安全隐患', children: <HazardsTable query={{ institutionId: id }} /> },
            { key: 'complaints', label: '投诉', children: <ComplaintsTab institutionId={id} /> },
          ]} />
        </Card>
      )}
      <InstitutionFormDrawer open={editing} institution={inst} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); bump(); }} />
    </PageContainer>
  );
}
