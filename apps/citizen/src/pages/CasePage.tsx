import { useState, type FormEvent } from 'react';
import { api, ApiError, dateText, monthText, yuan, type CaseView } from '../api';
import { Link } from '../router';
import { useLoad } from '../useLoad';
import { Card, Loading, Problem, Term, TextArea } from '../components/ui';

export function CasePage({ id }: { id: number }) {
  const { data, error, reload } = useLoad<CaseView>(`/applications/${id}`);
  const [grounds, setGrounds] = useState('');
  const [reviewError, setReviewError] = useState<ApiError | null>(null);
  if (error) return <div className="page"><Problem error={error} /></div>;
  if (!data) return <Loading />;
  const d = data.decision;

  const requestReview = async (e: FormEvent) => {
    e.preventDefault();
    setReviewError(null);
    try { await api.post(`/applications/${id}/review`, { grounds }); await reload(); } catch (err) { setReviewError(err as ApiError); }
  };

  return (
    <div className="page">
      <h2 className="page-title">{data.programmeName}申请</h2>
      <p className="small">{dateText(data.receivedAt)}提交 · 由{data.handledBy.township}办理，{data.handledBy.county}审批</p>

      {d?.decision === 'approved' && (
        <Card tone="good" title="已批准">
          <p className="big-number">每月 {yuan(d.monthlyAmountFen)} 元</p>
          <p>{monthText(d.fromMonth)}起，每月发到您家登记的银行卡。</p>
          <h3>怎么算出来的</h3>
          <ol className="explain">{d.explanation.map((t, i) => <li key={i}>{t}</li>)}</ol>
        </Card>
      )}
      {d?.decision === 'refused' && (
        <Card tone="bad" title="没有批准">
          <p><strong>原因：</strong>{d.reasons}</p>
          {d.explanation.length > 0 && <><h3>计算过程</h3><ol className="explain">{d.explanation.map((t, i) => <li key={i}>{t}</li>)}</ol></>}
          {d.mayRequestReview ? (
            <form onSubmit={requestReview} noValidate>
              <h3>申请<Term t="复核" /></h3>
              <p>如果您觉得不对，可以在 {dateText(d.reviewUntil)} 前申请复核。</p>
              <TextArea label="您的理由" hint="例如：收入算错了、家里有人生病没有考虑" value={grounds} onChange={(e) => setGrounds(e.target.value)} />
              <Problem error={reviewError} />
              <button className="primary" type="submit" disabled={!grounds.trim()}>提交复核申请</button>
            </form>
          ) : d.reviewUntil && <p>申请复核的期限已于 {dateText(d.reviewUntil)} 届满。</p>}
        </Card>
      )}

      {data.now && !d && (
        <Card tone="info" title={`现在：${data.now.title}`}>
          <p>{data.now.text}</p>
          {data.deadlines?.stepDueAt && <p>这一步最晚 {dateText(data.deadlines.stepDueAt)} 办完。</p>}
          {data.deadlines?.overallDueAt && <p>整个申请最晚 {dateText(data.deadlines.overallDueAt)} 有结果{data.deadlines.overdue ? '（已超过期限，您可以投诉）' : ''}。</p>}
        </Card>
      )}

      <Card title="还缺什么">
        {data.missing.length === 0 ? <p>材料齐全，不缺东西。</p> : <ul>{data.missing.map((m) => <li key={m}>{m}</li>)}</ul>}
      </Card>

      <Card title="办理经过">
        <ol className="timeline">
          {data.steps.map((s, i) => (
            <li key={i}>
              <span className="when">{dateText(s.at)}</span>
              <strong>{s.title}</strong>
              <span className="who">办理：{s.by}（{s.role}）</span>
            </li>
          ))}
        </ol>
      </Card>
      <p><Link className="button" to={`/report?kind=complaint&applicationId=${data.id}`}>对办理有意见？投诉</Link></p>
    </div>
  );
}
