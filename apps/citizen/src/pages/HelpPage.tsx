import { useState, type FormEvent } from 'react';
import { api, ApiError, yuan } from '../api';
import { Link } from '../router';
import { Card, Check, Problem, Term, TextField } from '../components/ui';

interface Suggestion {
  programme: string; name: string; why: string; likely: boolean;
  monthlyAmountFen: number | null; totalAmountFen: number | null; explanation: string[]; applyOnline: boolean;
}

const TERM: Record<string, string> = { dibao: '低保', tekun: '特困', temporary: '临时救助' };

export function HelpPage() {
  const [v, setV] = useState({ income: '', savings: '', vehicles: '0', extraHousing: '0' });
  const [flags, setFlags] = useState({ cannotWork: false, noSupporters: false, suddenHardship: false, bigExpense: false });
  const [result, setResult] = useState<{ members: number; items: Suggestion[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const flag = (k: keyof typeof flags) => ({ checked: flags[k], onChange: () => setFlags({ ...flags, [k]: !flags[k] }) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api.post('/help', {
        monthlyIncomeYuan: Number(v.income || 0), savingsYuan: Number(v.savings || 0), vehicles: Number(v.vehicles || 0), extraHousing: Number(v.extraHousing || 0), ...flags,
      }));
    } catch (err) { setError(err as ApiError); }
  };

  return (
    <div className="page">
      <h2 className="page-title">我可能享受哪些帮扶</h2>
      <p className="lead">回答几个问题，按现行标准估算。这只是估算，不是审批结果；家里的人数按户籍登记计算。</p>
      <form onSubmit={submit} noValidate>
        <TextField label="全家每月总收入大约多少元" hint="工资、做生意、种地卖粮、子女给的钱都算；低保金等救助款不算" type="number" inputMode="decimal" min={0}
          value={v.income} onChange={(e) => setV({ ...v, income: e.target.value })} />
        <TextField label="全家存款、理财一共大约多少元" type="number" inputMode="decimal" min={0} value={v.savings} onChange={(e) => setV({ ...v, savings: e.target.value })} />
        <TextField label="家里有几辆汽车" hint="残疾人代步车、干活用的农用车不算" type="number" inputMode="numeric" min={0} value={v.vehicles} onChange={(e) => setV({ ...v, vehicles: e.target.value })} />
        <TextField label="除了自己住的，还有几套房" type="number" inputMode="numeric" min={0} value={v.extraHousing} onChange={(e) => setV({ ...v, extraHousing: e.target.value })} />
        <fieldset>
          <legend>符合的情况请勾选</legend>
          <Check label="家里的人都干不了活（年老、重病、重残）" {...flag('cannotWork')} />
          <Check label="没有子女、父母等能养我的人，或他们也没有能力" {...flag('noSupporters')} />
          <Check label="最近遇到火灾、车祸、突发重病等急事" {...flag('suddenHardship')} />
          <Check label="最近看病、上学等花钱太多，生活一时困难" {...flag('bigExpense')} />
        </fieldset>
        <Problem error={error} />
        <button className="primary" type="submit">看看结果</button>
      </form>
      {result && (
        <div aria-live="polite">
          <h2 className="section-title">估算结果（按 {result.members} 口人）</h2>
          {result.items.map((s) => (
            <Card key={s.programme} tone={s.likely ? 'good' : undefined} title={`${s.name}：${s.likely ? '可能可以享受' : '按您填的情况，可能不符合'}`}>
              <p className="small">{s.why}。</p>
              <p className="small">点按看解释：<Term t={TERM[s.programme]} /></p>
              {s.likely && s.totalAmountFen ? <p className="big-number">约 {yuan(s.totalAmountFen)} 元（一次性）</p>
                : s.likely && s.monthlyAmountFen ? <p className="big-number">约每月 {yuan(s.monthlyAmountFen)} 元</p> : null}
              <details>
                <summary>怎么算的</summary>
                <ol className="explain">{s.explanation.map((t, i) => <li key={i}>{t}</li>)}</ol>
              </details>
              {s.applyOnline
                ? <Link className="button primary-link" to={`/apply?programme=${s.programme}`}>一键申请{s.name}</Link>
                : <p>请带身份证、户口簿到乡镇（街道）便民服务窗口申请。</p>}
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
