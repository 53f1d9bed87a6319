import { Link } from '../router';
import { useLoad } from '../useLoad';
import type { Household } from '../api';
import { Card, Loading, Problem, Term } from '../components/ui';

export function HouseholdPage() {
  const { data, error } = useLoad<Household>('/household');
  if (error) return <div className="page"><Problem error={error} /></div>;
  if (!data) return <Loading />;
  return (
    <div className="page">
      <h2 className="page-title">我的家</h2>
      <p className="lead">这是户籍登记的信息。身份证号只显示部分数字。</p>
      <Card title="家庭户">
        <dl className="facts">
          <dt>户主</dt><dd>{data.headName ?? '—'}</dd>
          <dt>户籍地</dt><dd>{data.divisionName}</dd>
          {data.address && <><dt>住址</dt><dd>{data.address}</dd></>}
          <dt>领钱的银行卡</dt><dd>{data.bankName ? `${data.bankName} ${data.bankAccountMasked ?? ''}` : '未登记'}</dd>
        </dl>
      </Card>
      <Card title={<><Term t="共同生活家庭成员">家里的人</Term>（{data.members.length} 人）</>}>
        <ul className="people">
          {data.members.map((m) => (
            <li key={m.personId}>
              <strong>{m.name}{m.personId === data.me ? '（我）' : ''}</strong>
              <span>{m.relationName} · {m.gender === 'F' ? '女' : '男'} · {m.age} 岁</span>
              <span className="mono">{m.idNumberMasked}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="家里有变化？">
        <p>有变化要及时报告，乡镇（街道）会核实后更新，并在“消息”里答复您。</p>
        <div className="button-list">
          <Link className="button" to="/report?kind=new_member">家里添了人（出生、结婚等）</Link>
          <Link className="button" to="/report?kind=income_change">收入变了</Link>
          <Link className="button" to="/report?kind=move">搬家了</Link>
        </div>
      </Card>
    </div>
  );
}
