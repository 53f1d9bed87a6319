import { useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch, Table } from 'antd';
import dayjs from 'dayjs';
import { ApiError } from '../../../api/client';
import { useLoaded } from '../../../hooks/useLoaded';
import { elderlyOps } from '../../../api/elderly';
import { homeServicesApi, SKILL_LEVELS, workforceApi, type CareWorker } from '../../../api/elderly-services';
import { applyFieldErrors } from './form-errors';

export type WorkerStep = 'create' | 'edit' | 'training' | 'trainings';
const TITLES: Record<WorkerStep, string> = { create: '登记护理员', edit: '修改护理员', training: '登记培训', trainings: '培训记录' };

interface Props { step: WorkerStep; worker?: CareWorker; onClose: () => void; onDone: (message: string) => void }

export function WorkerDialog({ step, worker, onClose, onDone }: Props) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const employerKind = Form.useWatch('employerKind', form) ?? 'institution';
  const institutions = useLoaded((s) => (step === 'create' ? elderlyOps.institutions(s) : Promise.resolve([])), [step]);
  const providers = useLoaded((s) => (step === 'create' ? homeServicesApi.providers({ pageSize: 100 }, s) : Promise.resolve(null)), [step]);
  const history = useLoaded((s) => (step === 'trainings' && worker ? workforceApi.trainings(worker.id, s) : Promise.resolve(null)), [step, worker]);
  const submit = async () => {
    if (step === 'trainings') { onClose(); return; }
    const v = await form.validateFields();
    setError(null);
    try {
      if (step === 'create') {
        await workforceApi.create({ name: v.name, idNumber: v.idNumber || undefined, phone: v.phone || undefined, skillLevel: v.skillLevel, certificateNo: v.certificateNo || undefined,
          hiredOn: v.hiredOn?.format('YYYY-MM-DD'), ...(v.employerKind === 'provider' ? { providerId: v.employerId } : { institutionId: v.employerId }) });
        onDone('护理员已登记');
      }
      if (step === 'edit') { await workforceApi.update(worker!.id, { skillLevel: v.skillLevel, certificateNo: v.certificateNo || null, phone: v.phone || null, active: v.active }); onDone('已保存'); }
      if (step === 'training') { await workforceApi.addTraining(worker!.id, { course: v.course, hours: v.hours, trainedOn: v.trainedOn.format('YYYY-MM-DD'), provider: v.provider || undefined }); onDone('培训已登记'); }
    } catch (e) {
      if (e instanceof ApiError) { applyFieldErrors(form, e); setError(e.title); } else setError(String(e));
    }
  };
  return (
    <Modal open title={`${TITLES[step]}${worker ? `：${worker.name}` : ''}`} onOk={submit} onCancel={onClose} width={step === 'trainings' ? 720 : 520} destroyOnHidden
      okText={step === 'trainings' ? '关闭' : '保存'} cancelButtonProps={{ style: step === 'trainings' ? { display: 'none' } : undefined }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {step === 'trainings' ? (
        <Table size="small" rowKey="id" loading={history.loading} dataSource={history.data?.trainings ?? []} pagination={false} columns={[
          { title: '日期', dataIndex: 'trainedOn' }, { title: '课程', dataIndex: 'course' }, { title: '学时', dataIndex: 'hours' }, { title: '培训机构', dataIndex: 'provider' },
        ]} />
      ) : (
        <Form form={form} layout="vertical" initialValues={{ employerKind: 'institution', skillLevel: worker?.skillLevel ?? '初级', certificateNo: worker?.certificateNo, active: worker?.active ?? true, trainedOn: dayjs(), hours: 40 }}>
          {step === 'create' && <>
            <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input maxLength={50} /></Form.Item>
            <Form.Item name="idNumber" label="身份证号"><Input maxLength={18} /></Form.Item>
            <Form.Item name="employerKind" label="所在单位类型"><Radio.Group options={[{ value: 'institution', label: '养老机构' }, { value: 'provider', label: '居家养老服务商' }]} /></Form.Item>
            <Form.Item name="employerId" label="所在单位" rules={[{ required: true, message: '请选择所在单位' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={employerKind === 'provider'
                ? (providers.data?.rows ?? []).map((p) => ({ value: p.id, label: p.name }))
                : (institutions.data ?? []).map((i) => ({ value: i.id, label: i.name }))} />
            </Form.Item>
            <Form.Item name="hiredOn" label="入职日期"><DatePicker style={{ width: 180 }} /></Form.Item>
          </>}
          {(step === 'create' || step === 'edit') && <>
            <Form.Item name="skillLevel" label="技能等级" rules={[{ required: true }]}><Select options={SKILL_LEVELS.map((l) => ({ value: l, label: l }))} /></Form.Item>
            <Form.Item name="certificateNo" label="职业技能等级证书编号"><Input maxLength={50} /></Form.Item>
            <Form.Item name="phone" label="手机号"><Input maxLength={11} /></Form.Item>
          </>}
          {step === 'edit' && <Form.Item name="active" label="在岗" valuePropName="checked"><Switch /></Form.Item>}
          {step === 'training' && <>
            <Form.Item name="course" label="培训课程" rules={[{ required: true, min: 2, message: '请填写培训课程' }]}><Input maxLength={100} placeholder="如：养老护理员职业技能提升培训" /></Form.Item>
            <Form.Item name="hours" label="学时" rules={[{ required: true, message: '请填写学时' }]}><InputNumber min={1} max={1000} precision={0} /></Form.Item>
            <Form.Item name="trainedOn" label="培训日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 180 }} /></Form.Item>
            <Form.Item name="provider" label="培训机构"><Input maxLength={100} /></Form.Item>
          </>}
        </Form>
      )}
    </Modal>
  );
}
