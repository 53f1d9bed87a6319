import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { ReloadOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, type FieldError } from '../../api/client';
import { verificationApi, verificationAbilities, type Source } from '../../api/verification';
import { useAuth } from '../../auth/AuthContext';
import { useLoaded } from '../../hooks/useLoaded';
import { PageContainer } from '../../components/PageContainer';

const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');

function ConfigureModal({ source, onClose, onSaved }: { source: Source | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const adapter = Form.useWatch('adapter', form);
  const save = async () => {
    const v = await form.validateFields();
    const config = v.adapter === 'http' ? { url: v.url, keyId: v.keyId || undefined, secretEnv: v.secretEnv || undefined, timeoutMs: v.timeoutMs, retries: v.retries } : {};
    try {
      await verificationApi.configureSource(source!.code, { adapter: v.adapter, enabled: v.enabled, config });
      message.success('已保存');
      onSaved();
    } catch (e) {
      message.error(e instanceof ApiError ? e.title : String(e));
    }
  };
  const c = (source?.config ?? {}) as Record<string, unknown>;
  return (
    <Modal open={!!source} title={`配置数据来源：${source?.name ?? ''}`} onCancel={onClose} onOk={save} okText="保存" destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ adapter: source?.adapter, enabled: source?.enabled, url: c.url, keyId: c.keyId, secretEnv: c.secretEnv, timeoutMs: c.timeoutMs ?? 10000, retries: c.retries ?? 3 }}>
        <Form.Item name="adapter" label="对接方式" rules={[{ required: true }]}>
          <Select options={[{ value: 'file', label: '文件交换（上传或监视目录）' }, { value: 'http', label: 'HTTP 接口（签名请求）' }, { value: 'simulated', label: '模拟部门（演示数据）' }]} />
        </Form.Item>
        <Form.Item name="enabled" label="启用" valuePropName="checked"><Switch /></Form.Item>
        {adapter === 'http' && (
          <>
            <Form.Item name="url" label="接口地址" rules={[{ required: true, type: 'url', message: '请填写有效的接口地址' }]}><Input placeholder="https://…/registry/search" /></Form.Item>
            <Form.Item name="keyId" label="密钥编号"><Input /></Form.Item>
            <Form.Item name="secretEnv" label="签名密钥所在环境变量" extra="密钥不存入数据库，由服务器环境变量提供"><Input placeholder={`MZ_SOURCE_SECRET_${source?.code.toUpperCase()}`} /></Form.Item>
            <Space>
              <Form.Item name="timeoutMs" label="超时（毫秒）"><InputNumber min={100} max={120000} /></Form.Item>
              <Form.Item name="retries" label="重试次数"><InputNumber min={0} max={10} /></Form.Item>
            </Space>
          </>
        )}
      </Form>
    </Modal>
  );
}

export function SourcesPage() {
  const { user } = useAuth();
  const can = verificationAbilities(user?.role);
  const { message, modal } = App.useApp();
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<Source | null>(null);
  const { data, loading, error } = useLoaded((s) => verificationApi.sources(s), [tick]);
  const reload = () => setTick((t) => t + 1);

  const upload = async (source: Source, file: File) => {
    try {
      const r = await verificationApi.uploadExtract(source.code, file);
      message.success(`已导入 ${r.rows} 条记录`);
      reload();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      modal.error({
        title: e.title, width: 640,
        content: e.errors.length ? (
          <Table<FieldError> size="small" rowKey="field" pagination={{ pageSize: 10 }} dataSource={e.errors} columns={[{ title: '错误', dataIndex: 'message' }]} />
        ) : undefined,
      });
      reload();
    }
    return false;
  };

  return (
    <PageContainer title="数据来源" subTitle="十类部门数据：对接方式、状态与最近交换" crumbs={[{ title: '核对与监测' }, { title: '数据来源' }]}
      extra={<Button icon={<ReloadOutlined />} onClick={reload}>刷新</Button>}>
      <Card>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Table<Source> rowKey="code" loading={loading} dataSource={data?.items ?? []} pagination={false}
          columns={[
            { title: '数据来源', dataIndex: 'name', render: (n: string, r) => <Space direction="vertical" size={0}><b>{n}</b><Typography.Text type="secondary">{r.department}</Typography.Text></Space> },
            { title: '对接方式', dataIndex: 'adapter', render: (a: string) => <Tag>{data?.adapters[a] ?? a}</Tag> },
            { title: '启用', dataIndex: 'enabled', render: (e: boolean) => (e ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
            { title: '状态', dataIndex: 'lastStatus', render: (s: string | null) => (s === 'ok' ? <Tag color="green">正常</Tag> : s === 'error' ? <Tag color="red">异常</Tag> : <Tag>未交换</Tag>) },
            { title: '最近交换', dataIndex: 'lastExchangeAt', render: fmt },
            { title: '持有记录', dataIndex: 'recordCount', align: 'right' },
            { title: '最近错误', dataIndex: 'lastError', ellipsis: true, render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—') },
            ...(can.sources ? [{
              title: '操作', key: 'ops', render: (_: unknown, r: Source) => (
                <Space>
                  <Button size="small" icon={<SettingOutlined />} onClick={() => setEditing(r)}>配置</Button>
                  <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(f) => upload(r, f)}>
                    <Button size="small" icon={<UploadOutlined />}>上传文件</Button>
                  </Upload>
                </Space>
              ),
            }] : []),
          ]} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          文件交换格式：UTF-8 编码的 CSV 或 xlsx 第一个工作表，第 1 行为表头，列：{data?.fileColumns.join('、')}。
          身份证号与类别必填，金额以元为单位；任何一行有误则整个文件不导入，并逐行说明错误。也可将文件放入服务器数据目录下 verification/inbox/〈来源代码〉/ 目录，每 5 分钟自动导入。
        </Typography.Paragraph>
      </Card>
      <ConfigureModal source={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
    </PageContainer>
  );
}
