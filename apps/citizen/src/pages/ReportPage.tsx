import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import { Problem, TextArea, TextField } from '../components/ui';

const TITLES: Record<string, string> = { new_member: '报告：家里添了人', income_change: '报告：收入变了', move: '报告：搬家了', complaint: '投诉与意见' };
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function ReportPage({ kind, applicationId }: { kind: string; applicationId?: number }) {
  const [v, setV] = useState<Record<string, string>>({ since: today() });
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fieldError = (f: string) => error?.errors.find((x) => x.field === f)?.message;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { kind };
    if (kind === 'new_member') Object.assign(body, { name: v.name, relation: v.relation, since: v.since, reason: v.reason, note: v.note || undefined });
    if (kind === 'income_change') Object.assign(body, { who: v.who, monthlyIncomeYuan: Number(v.income ?? 0), since: v.since, note: v.note || undefined });
    if (kind === 'move') Object.assign(body, { newAddress: v.newAddress, since: v.since, note: v.note || undefined });
    if (kind === 'complaint') Object.assign(body, { text: v.text, applicationId });
    try {
      await api.post('/reports', body);
      setDone(true);
    } catch (err) { setError(err as ApiError); }
  };

  if (done) {
    return (
      <div className="page">
        <h2 className="page-title">已提交</h2>
        <p className="notice-box" role="status">乡镇（街道）工作人员会在 5 个工作日内核实处理，答复会发到“消息”里。</p>
        <button className="primary" type="button" onClick={() => navigate('/')}>回首页</button>
      </div>
    );
  }
  return (
    <div className="page">
      <h2 className="page-title">{TITLES[kind] ?? '报告'}</h2>
      <form onSubmit={submit} noValidate>
        {kind === 'new_member' && <>
          <TextField label="新成员的姓名" value={v.name ?? ''} onChange={set('name')} error={fieldError('name')} />
          <TextField label="和您是什么关系" hint="例如：孙女、儿媳" value={v.relation ?? ''} onChange={set('relation')} error={fieldError('relation')} />
          <TextField label="原因" hint="例如：出生、结婚、投靠" value={v.reason ?? ''} onChange={set('reason')} error={fieldError('reason')} />
        </>}
        {kind === 'income_change' && <>
          <TextField label="谁的收入变了" value={v.who ?? ''} onChange={set('who')} error={fieldError('who')} />
          <TextField label="现在每月大约收入多少元" type="number" inputMode="decimal" min={0} value={v.income ?? ''} onChange={set('income')} error={fieldError('monthlyIncomeYuan')} />
        </>}
        {kind === 'move' && <TextField label="新住址" value={v.newAddress ?? ''} onChange={set('newAddress')} error={fieldError('newAddress')} />}
        {kind === 'complaint'
          ? <TextArea label="您要反映的问题" hint="写清楚是什么事、什么时候、和谁有关" value={v.text ?? ''} onChange={set('text')} error={fieldError('text')} />
          : <>
            <TextField label="从哪天开始" type="date" value={v.since ?? ''} onChange={set('since')} error={fieldError('since')} />
            <TextArea label="补充说明（可不填）" value={v.note ?? ''} onChange={set('note')} />
          </>}
        <Problem error={error} />
        <button className="primary" type="submit">提交</button>
      </form>
    </div>
  );
}
