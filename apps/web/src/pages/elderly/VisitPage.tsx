import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, List, Radio, Result, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useLoaded } from '../../hooks/useLoaded';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import { elderlyApi, elderlyOps } from '../../api/elderly';

const TIER_COLORS: Record<string, string> = { high: 'red', priority: 'orange', general: 'blue' };

/** 探访登记 (phone-sized): pick a due visit, say what was found, add photos, save. */
export function VisitPage() {
  const [params, setParams] = useSearchParams();
  const personId = Number(params.get('personId')) || null;
  const { user } = useAuth();
  const { message } = App.useApp();
  const due = useLoaded((s) => (personId ? Promise.resolve(null) : elderlyOps.schedule({ pageSize: 30 }, s)), [personId]);
  const file = useLoaded((s) => (personId ? elderlyApi.file(personId, s) : Promise.resolve(null)), [personId]);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await elderlyOps.recordVisit({
        personId: personId!, visitedOn: v.visitedOn.format('YYYY-MM-DD'), visitorName: v.visitorName, condition: v.condition, findings: v.findings,
        photos: photos.map((p) => (p.response as { sha256?: string } | undefined)?.sha256).filter((x): x is string => !!x),
      });
      setSaved(true);
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    } finally {
      setSaving(false);
    }
  };

  // A page of its own (outside the desk console's frame), sized for a helper's phone.
  const frame = (children: React.ReactNode) => (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>探访关爱</Typography.Title>
        <Link to="/elderly/visits">返回控制台</Link>
      </div>
      {children}
    </div>
  );
  if (saved) {
    return frame(<Result status="success" title="探访已登记" extra={[
      <Button key="next" type="primary" onClick={() => { setSaved(false); setPhotos([]); form.resetFields(); setParams({}); }}>继续探访</Button>,
      <Link key="file" to={`/elderly/persons/${personId}`}><Button>查看档案</Button></Link>,
    ]} />);
  }
  if (!personId) {
    return frame(
      <Card size="small" title="今日应访老人">
        {due.error && <Alert type="error" message={due.error} />}
        <List loading={due.loading} dataSource={due.data?.rows ?? []} renderItem={(r) => (
          <List.Item onClick={() => setParams({ personId: String(r.personId) })} style={{ cursor: 'pointer' }}
            extra={<Tag color={TIER_COLORS[r.tier]}>{r.tierLabel}</Tag>}>
            <List.Item.Meta title={`${r.name}（${r.age} 岁）`} description={`${r.overdue ? '已逾期，' : ''}应访日期 ${r.dueOn}${r.lastVisitedOn ? `；上次 ${r.lastVisitedOn}` : '；尚未探访'}`} />
          </List.Item>
        )} />
      </Card>,
    );
  }
  const p = file.data?.person;
  return frame(
    <Card size="small" title={p ? `探访 ${p.name}（${p.age} 岁）` : '探访登记'}>
      {file.error && <Alert type="error" message={file.error} />}
      <Form form={form} layout="vertical" size="large" initialValues={{ visitedOn: dayjs(), visitorName: user?.displayName, condition: 'normal' }}>
        <Form.Item name="visitedOn" label="探访日期" rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} inputReadOnly /></Form.Item>
        <Form.Item name="visitorName" label="探访人" rules={[{ required: true, message: '请填写探访人' }]}><Input /></Form.Item>
        <Form.Item name="condition" label="老人情况" rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'normal', label: '正常' }, { value: 'attention', label: '需关注' }, { value: 'urgent', label: '需紧急处置' }]} />
        </Form.Item>
        <Form.Item name="findings" label="发现的情况" rules={[{ required: true, message: '请填写探访发现的情况' }]}>
          <Input.TextArea rows={4} placeholder="身体、饮食、居住安全、精神状态、需求等" />
        </Form.Item>
        <Form.Item label="照片">
          <Upload action="/api/v1/elderly/visits/photos" name="file" accept="image/jpeg,image/png" listType="picture-card" withCredentials
            fileList={photos} onChange={({ fileList }) => setPhotos(fileList)} capture="environment">
            {photos.length < 9 ? '拍照' : null}
          </Upload>
        </Form.Item>
        <Button type="primary" block size="large" loading={saving} onClick={save}>保存探访记录</Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}><a onClick={() => setParams({})}>返回应访名单</a></Typography.Paragraph>
      </Form>
    </Card>,
  );
}
