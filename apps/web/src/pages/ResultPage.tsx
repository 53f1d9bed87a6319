import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

export function ResultPage({ kind }: { kind: '403' | '404' }) {
  const navigate = useNavigate();
  return (
    <Result
      style={{ paddingTop: 80 }}
      status={kind}
      title={kind}
      subTitle={kind === '403' ? '抱歉，您的角色无权访问此页面。如需开通，请联系市级管理员。' : '抱歉，您访问的页面不存在。'}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}
