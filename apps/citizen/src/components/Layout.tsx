import type { ReactNode } from 'react';
import { api, type Me } from '../api';
import { Link, navigate } from '../router';

const TABS: [string, string][] = [['/', '首页'], ['/cases', '申请'], ['/payments', '发放'], ['/notices', '消息'], ['/household', '我的家']];

export function Layout({ me, large, onToggleLarge, onSignedOut, path, children }: {
  me: Me | null; large: boolean; onToggleLarge: () => void; onSignedOut: () => void; path: string; children: ReactNode;
}) {
  const signOut = async () => {
    await api.post('/auth/logout').catch(() => {});
    onSignedOut();
    navigate('/', true);
  };
  return (
    <div className="shell">
      <header className="top">
        <h1 className="brand"><Link to="/">民政掌上办</Link></h1>
        <div className="top-actions">
          <button type="button" className="chip" aria-pressed={large} onClick={onToggleLarge}>{large ? '标准字' : '大字'}</button>
          {me && <button type="button" className="chip" onClick={signOut}>退出</button>}
        </div>
      </header>
      <main id="main" className="main">{children}</main>
      {me && (
        <nav className="tabs" aria-label="主要栏目">
          {TABS.map(([to, label]) => {
            const active = to === '/' ? path === '/' : path.startsWith(to);
            return <Link key={to} to={to} className={active ? 'tab active' : 'tab'} aria-current={active ? 'page' : undefined}>{label}</Link>;
          })}
        </nav>
      )}
    </div>
  );
}
