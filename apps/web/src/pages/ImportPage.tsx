import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Progress, Radio, Result, Row, Space, Statistic, Steps, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, RedoOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { importsApi } from '../api/endpoints';
import type { ImportProgress, ImportStatus } from '../api/types';
import { PageContainer } from '../components/PageContainer';

const STATUS_TEXT: Record<ImportStatus, string> = {
  queued: '排队中',
  running: '正在导入',
  succeeded: '导入完成',
  failed: '导入失败',
  rejected: '已拒绝导入',
};
const FINAL: ImportStatus[] = ['succeeded', 'failed', 'rejected'];

/** Follows a job over SSE; falls back to polling if the stream breaks. */
function useImportProgress(jobId: string | null) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!jobId) return;
    setProgress(null);
    setError(null);
    let closed = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const es = new EventSource(importsApi.eventsUrl(jobId), { withCredentials: true });
    const accept = (p: ImportProgress) => {
      setProgress(p);
      if (FINAL.includes(p.status)) {
        closed = true;
        es.close();
        clearInterval(poll);
      }
    };
    es.onmessage = (ev) => {
      try {
        accept(JSON.parse(ev.data) as ImportProgress);
      } catch {
        /* ignore keep-alives */
      }
    };
    es.onerror = () => {
      es.close();
      if (closed || poll) return;
      poll = setInterval(() => {
        importsApi
          .status(jobId)
          .then(accept)
          .catch((e) => {
            clearInterval(poll);
            setError(e instanceof ApiError ? e.title : String(e));
          });
      }, 1000);
    };
    return () => {
      closed = true;
      es.close();
      clearInterval(poll);
    };
  }, [jobId]);
  return { progress, error };
}

export function ImportPage() {
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<'all' | 'valid'>('all');
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const { progress, error } = useImportProgress(jobId);
  const { message } = App.useApp();
  const fileRef = useRef<File | null>(null);

  const start = async () => {
    const file = fileRef.current;
    if (!file) return message.warning('请先选择要导入的文件');
    setUploading(true);
    setUploadError(null);
    try {
      const { jobId } = await importsApi.start(file, mode);
      setParams({ job: jobId });
    } catch (e) {
      if (e instanceof ApiError) setUploadError(e);
      else throw e;
    } finally {
      setUploading(false);
    }
  };

  const restart = () => {
    setFiles([]);
    fileRef.current = null;
    setParams({});
  };

  const current = jobId ? (progress && FINAL.includes(progress.status) ? 3 : 2) : files.length ? 1 : 0;
  const pct = progress && progress.total ? Math.floor((progress.processed / progress.total) * 100) : 0;
  const final = progress && FINAL.includes(progress.status);

  return (
    <PageContainer title="批量导入" subTitle="按标准模板导入人员与家庭户花名册" crumbs={[{ title: '基础信息' }, { title: '批量导入' }]}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          current={current}
          style={{ padding: '12px 48px' }}
          items={[
            { title: '下载模板', content: '按模板整理花名册' },
            { title: '上传文件', content: '选择 xlsx 与导入方式' },
            { title: '导入中', content: '逐行校验并写入' },
            { title: '完成', content: '查看结果与错误报告' },
          ]}
        />
      </Card>
      {!jobId && (
        <Row gutter={16}>
          <Col span={8}>
            <Card size="small" title="第一步：下载导入模板" style={{ height: '100%' }}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  模板包含“人员”工作表及填写说明。身份证号须为 18 位且校验位正确；户籍地填写 12 位区划代码；与户主关系按 GB/T 4761 代码填写。
                </Typography.Paragraph>
                <Button icon={<DownloadOutlined />} href={importsApi.templateUrl} download block>
                  下载人员导入模板.xlsx
                </Button>
              </Space>
            </Card>
          </Col>
          <Col span={16}>
            <Card size="small" title="第二步：上传文件并选择导入方式">
              <Upload.Dragger
                accept=".xlsx"
                maxCount={1}
                fileList={files}
                beforeUpload={(file) => {
                  if (!file.name.toLowerCase().endsWith('.xlsx')) {
                    message.error('仅支持 .xlsx 格式的文件');
                    return Upload.LIST_IGNORE;
                  }
                  fileRef.current = file;
                  setFiles([{ uid: file.uid, name: file.name, size: file.size, status: 'done' }]);
                  setUploadError(null);
                  return false;
                }}
                onRemove={() => {
                  fileRef.current = null;
                  setFiles([]);
                }}
              >
                <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                <p className="ant-upload-text">点击或将 xlsx 文件拖到此处</p>
                <p className="ant-upload-hint">单个文件不超过 20 MB，建议每次不超过 5 万行</p>
              </Upload.Dragger>
              <div style={{ margin: '16px 0' }}>
                <Typography.Text strong>导入方式：</Typography.Text>
                <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
                  <Radio value="all">全部成功才导入（任一行有误则整批不导入）</Radio>
                  <Radio value="valid">仅导入正确行（有误的行生成错误报告）</Radio>
                </Radio.Group>
              </div>
              {uploadError && (
                <Alert type="error" showIcon style={{ marginBottom: 16 }} title={uploadError.title} description={uploadError.errors.map((e) => e.message).join('；') || uploadError.detail} />
              )}
              <Button type="primary" icon={<CloudUploadOutlined />} loading={uploading} disabled={!files.length} onClick={start}>
                开始导入
              </Button>
            </Card>
          </Col>
        </Row>
      )}
      {jobId && !final && (
        <Card size="small" title={`导入任务 ${jobId}`}>
          {error ? (
            <Alert type="error" showIcon title={`无法获取导入进度：${error}`} />
          ) : (
            <div style={{ padding: '24px 48px' }}>
              <Typography.Title level={5}>
                {progress ? STATUS_TEXT[progress.status] : '正在连接…'}
                {progress?.total ? `：已处理 ${progress.processed.toLocaleString()} / ${progress.total.toLocaleString()} 行` : ''}
              </Typography.Title>
              <Progress percent={pct} status="active" strokeColor={{ from: '#1453b8', to: '#52c41a' }} />
              <Space size={48} style={{ marginTop: 16 }}>
                <Statistic title="已导入" value={progress?.imported ?? 0} />
                <Statistic title="有误" value={progress?.failed ?? 0} styles={{ content: { color: progress?.failed ? '#cf1322' : undefined } }} />
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
                可以离开此页面，导入将在后台继续；通过本页地址可随时回来查看进度。
              </Typography.Paragraph>
            </div>
          )}
        </Card>
      )}
      {jobId && final && progress && (
        <Card size="small">
          <Result
            status={progress.status === 'succeeded' ? (progress.failed ? 'warning' : 'success') : 'error'}
            title={
              progress.status === 'succeeded'
                ? progress.failed
                  ? `导入完成，${progress.failed} 行有误未导入`
                  : '导入成功'
                : progress.status === 'rejected'
                  ? '文件存在错误，整批未导入'
                  : '导入失败'
            }
            subTitle={`共 ${progress.total.toLocaleString()} 行，成功导入 ${progress.imported.toLocaleString()} 行，有误 ${progress.failed.toLocaleString()} 行`}
            extra={[
              progress.failed > 0 && (
                <Button key="err" type="primary" danger icon={<FileExcelOutlined />} href={importsApi.errorsUrl(jobId)} download>
                  下载错误报告
                </Button>
              ),
              <Link key="persons" to="/persons?sort=updatedAt&order=desc">
                <Button>查看人员</Button>
              </Link>,
              <Button key="again" icon={<RedoOutlined />} onClick={restart}>
                继续导入
              </Button>,
            ]}
          >
            <Row gutter={16} style={{ maxWidth: 600, margin: '0 auto' }}>
              <Col span={8}><Statistic title="总行数" value={progress.total} /></Col>
              <Col span={8}><Statistic title="成功导入" value={progress.imported} styles={{ content: { color: '#389e0d' } }} /></Col>
              <Col span={8}><Statistic title="有误" value={progress.failed} styles={{ content: { color: progress.failed ? '#cf1322' : undefined } }} /></Col>
            </Row>
          </Result>
        </Card>
      )}
    </PageContainer>
  );
}
