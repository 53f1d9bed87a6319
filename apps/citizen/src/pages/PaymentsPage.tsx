import { monthText, yuan, type Payments } from '../api';
import { useLoad } from '../useLoad';
import { Card, Loading, Problem } from '../components/ui';

export function PaymentsPage() {
  const { data, error } = useLoad<Payments>('/payments');
  if (error) return <div className="page"><Problem error={error} /></div>;
  if (!data) return <Loading />;
  return (
    <div className="page">
      <h2 className="page-title">发放记录</h2>
      {data.current.map((c) => (
        <Card key={c.programmeName} tone="good" title={`正在领取：${c.programmeName}`}>
          <p className="big-number">每月 {yuan(c.monthlyAmountFen)} 元</p>
          <p>{monthText(c.fromMonth)}起</p>
        </Card>
      ))}
      {data.failures.map((f, i) => (
        <Card key={i} tone="bad" title={`${monthText(f.month)}的钱没有打到卡上`}>
          <p>{f.programmeName} {yuan(f.amountFen)} 元，原因：{f.reason}。请带银行卡到乡镇（街道）窗口核对账户。</p>
        </Card>
      ))}
      {data.months.length === 0 ? <p className="lead">还没有发放记录。批准后，每月发放时会在这里显示。</p> : (
        <Card title={`已发放合计 ${yuan(data.totalPaidFen)} 元`}>
          <ul className="months">
            {data.months.map((m) => (
              <li key={m.month}>
                <strong>{monthText(m.month)}</strong>
                {m.items.map((x, i) => <span key={i}>{x.programmeName} {yuan(x.amountFen)} 元{x.failed ? '（未到账）' : ''}{x.bankAccount ? ` · 卡号 ${x.bankAccount}` : ''}</span>)}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
