import { useState } from 'react';
import { api, ApiError } from '../../api';
import { TextField } from '../../components/ui';

/** An adult member consents with a code sent to their own phone, typed in here. */
export function ConsentRow({ personId, name, done, onDone }: { personId: number; name: string; done: boolean; onDone: () => void }) {
  const [challenge, setChallenge] = useState<{ id: string; phone: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setError(null);
    try {
      const r = await api.post<{ challengeId: string; phoneMasked: string }>('/consents/code', { personId });
      setChallenge({ id: r.challengeId, phone: r.phoneMasked });
    } catch (err) { setError((err as ApiError).message); }
  };
  const confirm = async () => {
    setError(null);
    try { await api.post('/consents/verify', { challengeId: challenge!.id, code }); onDone(); } catch (err) { setError((err as ApiError).message); }
  };
  if (done) return <li className="consent done"><strong>{name}</strong><span className="good">✓ 已同意</span></li>;
  return (
    <li className="consent">
      <strong>{name}</strong>
      {!challenge ? <button type="button" className="secondary" onClick={send}>给{name}发验证码</button> : <>
        <p className="small">已发到 {name} 的手机 {challenge.phone}，请 {name} 把验证码告诉您。</p>
        <TextField label={`${name}收到的验证码`} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
        <button type="button" className="secondary" onClick={confirm} disabled={code.length !== 6}>确认{name}同意</button>
      </>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </li>
  );
}
