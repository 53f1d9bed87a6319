import { Link } from '../router';
import { useLoad } from '../useLoad';
import { dateText, monthText, yuan, type CaseSummary } from '../api';
import { Loading, Problem } from '../components/ui';

export function CasesPage() {
  const { data, error } = useLoad<{ items: CaseSummary[] }>('/applications');
  if (error) return <div className="page"><Problem error={error} /></div>;
  if (!data) return <Loading />;
  return (
    <div className="page">
      <h2 className="page-title">我的申请</h2>
      {data.items.length === 0 && <p className="lead">您家还没有申请。<Link to="/help">看看能享受哪些帮扶</Link></p>}
      <ul className="menu">
        {data.items.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`} className="menu-item">
              <strong>{c.programmeName}申请</strong>
              <span>{dateText(c.receivedAt)}提交 · {c.stateTitle ?? '—'}</span>
              {c.decision === 'approved' && c.monthlyAmountFen != null && <span className="good">每月 {yuan(c.monthlyAmountFen)} 元，{monthText(c.fromMonth)}起</span>}
              {c.decision === 'refused' && <span className="bad">没有批准，点开看原因</span>}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
