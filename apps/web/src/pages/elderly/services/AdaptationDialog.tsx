import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Upload } from 'antd';
import dayjs from 'dayjs';
import { ApiError } from '../../../api/client';
import { toFen } from '../../../components/money';
import { adaptationApi, type Adaptation, type Eligibility } from '../../../api/elderly-services';
import { ElderPicker } from '../ElderPicker';
import { applyFieldErrors } from './form-errors';

export type AdaptationStep = 'apply' | 'start' | 'accept' | 'reject';
const TITLES: Record<AdaptationStep, string> = { apply: '受理适老化改造申请', start: '开工', accept: '竣工验收', reject: '不予改造' };

interface Props { step: AdaptationStep; row?: Adaptation; items: Record<string, string>; onClose: () => void; onDone: (message: string) => void }

/** Apply (with the eligibility check shown as soon as the person is chosen), start, accept with photos, or refuse. */
export function AdaptationDialog({ step, row, items, onClose, onDone }: Props) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const today = dayjs();
  const check = (personId?: number) => {
    setEligibility(null);
    if (personId) adaptationApi.eligibility(personId).then(setEligibility).catch((e) => setError(e instanceof ApiError ? e.title : String(e)));
  };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (step === 'apply') { const r = await adaptationApi.apply({ personId: v.personId, items: v.items, appliedOn: v.date.format('YYYY-MM-DD') }); onDone(`已受理：第 ${r.id} 号`); }
      if (step === 'start') { await adaptationApi.start(row!.id, { contractor: v.contractor, startedOn: v.date.format('YYYY-MM-DD') }); onDone('已开工'); }
      if (step === 'accept') { await adaptationApi.accept(row!.id, { acceptedOn: v.date.format('YYYY-MM-DD'), acceptedBy: v.acceptedBy, spendFen: toFen(v.spend), photos }); onDone('已验收，计入规划目标'); }
      if (step === 'reject') { await adaptationApi.reject(row!.id, v.reason); onDone('已作不予改造处理'); }
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(form, e); setError(e.title); } else setError(String(e));
    } finally { setBusy(false); }
  };
  return (
    <Modal open title={`${TITLES[step]}${row ? `：${row.name}` : ''}`} onOk={submit} onCancel={onClose} confirmLoading={busy}
      okButtonProps={{ disabled: step === 'apply' && eligibility?.eligible === false }} destroyOnHidden>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ date: today, items: [] }}>
        {step === 'apply' && <>
          <Form.Item name="personId" label="老人（老年人名册）" rules={[{ required: true, message: '请选择老人' }]}><ElderPicker onChange={(id) => { form.setFieldValue('personId', id); check(id); }} /></Form.Item>
          {eligibility && <Alert type={eligibility.eligible ? 'success' : 'warning'} showIcon message={eligibility.eligible ? '符合改造条件' : '不符合改造条件'} description={eligibility.reason} style={{ marginBottom: 12 }} />}
          <Form.Item name="items" label="基础改造项目" rules={[{ required: true, message: '请至少选择一项' }]}>
            <Checkbox.Group options={Object.entries(items).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </>}
        {step === 'start' && <Form.Item name="contractor" label="施工单位" rules={[{ required: true, min: 2, message: '请填写施工单位' }]}><Input maxLength={100} /></Form.Item>}
        {step === 'accept' && <>
          <Form.Item name="acceptedBy" label="验收人" rules={[{ required: true, message: '请填写验收人' }]}><Input maxLength={100} placeholder="如：冠山镇民政办 李明、村委会 王强" /></Form.Item>
          <Form.Item name="spend" label="改造支出（元）" rules={[{ required: true, message: '请填写改造支出' }]}><InputNumber min={0.01} max={100000} precision={2} style={{ width: 180 }} /></Form.Item>
          <Form.Item label="验收照片（可选）">
            <Upload accept="image/jpeg,image/png" listType="picture" maxCount={9}
              customRequest={({ file, onSuccess, onError }) => { adaptationApi.uploadPhoto(file as File).then((r) => { setPhotos((p) => [...p, r.sha256]); onSuccess?.(r); }).catch((e) => onError?.(e)); }}>
              <Button>上传照片</Button>
            </Upload>
          </Form.Item>
        </>}
        {step === 'reject' && <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写理由' }]}><Input.TextArea rows={3} maxLength={300} /></Form.Item>}
        {step !== 'reject' && <Form.Item name="date" label={step === 'apply' ? '申请日期' : step === 'start' ? '开工日期' : '验收日期'} rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(today, 'day')} style={{ width: 180 }} />
        </Form.Item>}
      </Form>
    </Modal>
  );
}
