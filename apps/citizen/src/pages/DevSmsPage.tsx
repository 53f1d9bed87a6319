import { useEffect, useState } from 'react';
import { api, type ApiError } from '../api';
import { Link } from '../router';
import { Problem } from '../components/ui';

interface Sms { phone: string; text: string; at: string }

/** Demo environments only: the messages the demo SMS sender would have sent. */
export function DevSmsPage() {
  const [items, setItems] = useState<Sms[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const load = () => api.get<{ items: Sms[] }>('/dev/sms').then((r) => setItems(r.items), setError);
    void load();
    const t = setInterval(load, 2000);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="page">
      <h2 className="page-title">开发者短信收件箱</h2>
      <p className="lead">演示环境不真正发短信，验证码显示在这里（生产环境没有此页面）。</p>
      <Problem error={error} />
      <ul className="notices">
        {(items ?? []).map((m, i) => (
          <li key={i} className="read"><div className="notice-body"><strong className="mono">{m.phone}</strong><p data-testid="sms-text">{m.text}</p><span className="when">{new Date(m.at).toLocaleTimeString('zh-CN')}</span></div></li>
        ))}
      </ul>
      <p><Link to="/">返回登录</Link></p>
    </div>
  );
}
