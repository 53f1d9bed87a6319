import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { Link } from '../router';
import { Problem, TextField } from '../components/ui';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<{ id: string; message: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [devInbox, setDevInbox] = useState(false);
  useEffect(() => { api.get('/dev/sms').then(() => setDevInbox(true), () => {}); }, []);

  const field = (f: string) => error?.errors.find((e) => e.field === f)?.message;

  const askCode = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      const r = await api.post<{ challengeId: string; message: string }>('/auth/code', { idNumber: idNumber.trim(), name: name.trim() });
      setChallenge({ id: r.challengeId, message: r.message });
    } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.post('/auth/verify', { challengeId: challenge!.id, code: code.trim() });
      onSignedIn();
    } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
  };

  return (
    <div className="page">
      <h2 className="page-title">登录</h2>
      <p className="lead">用身份证号、姓名和发到您登记手机上的验证码登录。不用记密码。</p>
      {!challenge ? (
        <form onSubmit={askCode} noValidate>
          <TextField label="身份证号码" hint="18 位，最后一位可能是 X" value={idNumber} onChange={(e) => setIdNumber(e.target.value)}
            autoComplete="off" inputMode="text" maxLength={18} required error={field('idNumber')} />
          <TextField label="姓名" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" maxLength={50} required error={field('name')} />
          <Problem error={error && !error.errors.length ? error : null} />
          <button className="primary" type="submit" disabled={busy || !idNumber || !name}>{busy ? '正在发送…' : '获取验证码'}</button>
        </form>
      ) : (
        <form onSubmit={verify} noValidate>
          <p className="notice-box" role="status">{challenge.message}</p>
          <TextField label="短信验证码" hint="6 位数字" value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            inputMode="numeric" autoComplete="one-time-code" maxLength={6} required error={field('code')} />
          <Problem error={error && !error.errors.length ? error : null} />
          <button className="primary" type="submit" disabled={busy || code.length !== 6}>{busy ? '正在登录…' : '登录'}</button>
          <button className="secondary" type="button" onClick={() => { setChallenge(null); setCode(''); setError(null); }}>重新获取验证码</button>
        </form>
      )}
      <p className="small">手机号码换了？请带身份证到户籍所在村（社区）或乡镇（街道）窗口更新。</p>
      {devInbox && <p className="small"><Link to="/dev/sms">开发者短信收件箱（演示环境）</Link></p>}
    </div>
  );
}
