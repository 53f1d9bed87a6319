import { Link } from '../router';
import { useLoad } from '../useLoad';
import type { Me, Notice } from '../api';
import { Term } from '../components/ui';

export function Home() {
  const me = useLoad<Me>('/me');
  const notices = useLoad<{ items: Notice[]; unread: number }>('/notices');
  return (
    <div className="page">
      <h2 className="page-title">{me.data ? `${me.data.name}，您好` : '您好'}</h2>
      {!!notices.data?.unread && <p className="notice-box"><Link to="/notices">您有 {notices.data.unread} 条新消息，点这里查看</Link></p>}
      <p className="lead">不知道能申请什么？先看看 <Term t="低保" /> 和 <Term t="临时救助" /> 是什么。</p>
      <ul className="menu">
        <li><Link to="/apply?programme=dibao" className="menu-item"><strong>申请低保</strong><span>每月领生活费，在手机上一步一步填</span></Link></li>
        <li><Link to="/apply?programme=temporary" className="menu-item"><strong>申请临时救助</strong><span>遇到急事、大病、大额开支</span></Link></li>
        <li><Link to="/help" className="menu-item"><strong>我可能享受哪些帮扶</strong><span>回答几个问题，估算能领多少</span></Link></li>
        <li><Link to="/cases" className="menu-item"><strong>我的申请</strong><span>办到哪一步、谁在办、结果和原因</span></Link></li>
        <li><Link to="/payments" className="menu-item"><strong>发放记录</strong><span>每个月发了多少钱</span></Link></li>
        <li><Link to="/household" className="menu-item"><strong>我的家</strong><span>家里人的登记信息；家里有变化请报告</span></Link></li>
      </ul>
    </div>
  );
}
