import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, type Me } from './api';
import { useRoute } from './router';
import { GlossaryContext, Loading } from './components/ui';
import { Layout } from './components/Layout';
import { SignIn } from './pages/SignIn';

// Everything after sign-in loads on demand: the first load is the sign-in page only.
const Home = lazy(() => import('./pages/Home').then((m) => ({ default: m.Home })));
const HouseholdPage = lazy(() => import('./pages/HouseholdPage').then((m) => ({ default: m.HouseholdPage })));
const ReportPage = lazy(() => import('./pages/ReportPage').then((m) => ({ default: m.ReportPage })));
const ApplyPage = lazy(() => import('./pages/apply/ApplyPage').then((m) => ({ default: m.ApplyPage })));
const CasesPage = lazy(() => import('./pages/CasesPage').then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const PaymentsPage = lazy(() => import('./pages/PaymentsPage').then((m) => ({ default: m.PaymentsPage })));
const NoticesPage = lazy(() => import('./pages/NoticesPage').then((m) => ({ default: m.NoticesPage })));
const HelpPage = lazy(() => import('./pages/HelpPage').then((m) => ({ default: m.HelpPage })));
const DevSmsPage = lazy(() => import('./pages/DevSmsPage').then((m) => ({ default: m.DevSmsPage })));

const LARGE_KEY = 'mz-large-text';

function page(path: string, query: URLSearchParams): ReactNode {
  const caseMatch = /^\/cases\/(\d+)$/.exec(path);
  if (caseMatch) return <CasePage id={Number(caseMatch[1])} />;
  switch (path) {
    case '/household': return <HouseholdPage />;
    case '/report': return <ReportPage kind={query.get('kind') ?? 'new_member'} applicationId={Number(query.get('applicationId')) || undefined} />;
    case '/apply': return <ApplyPage programme={query.get('programme') ?? 'dibao'} />;
    case '/cases': return <CasesPage />;
    case '/payments': return <PaymentsPage />;
    case '/notices': return <NoticesPage />;
    case '/help': return <HelpPage />;
    default: return <Home />;
  }
}

export function App() {
  const { path, query } = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [large, setLarge] = useState(() => localStorage.getItem(LARGE_KEY) === '1');
  const [terms, setTerms] = useState<Record<string, string>>({});

  const refresh = useCallback(() => api.get<Me>('/me').then(setMe, () => setMe(null)), []);
  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => {
    const out = () => setMe(null);
    window.addEventListener('mz:signed-out', out);
    return () => window.removeEventListener('mz:signed-out', out);
  }, []);
  useEffect(() => { api.get<{ terms: Record<string, string> }>('/glossary').then((g) => setTerms(g.terms), () => {}); }, []);
  useEffect(() => {
    document.documentElement.classList.toggle('large', large);
    localStorage.setItem(LARGE_KEY, large ? '1' : '0');
  }, [large]);

  const toggle = () => setLarge(!large);
  let body: ReactNode;
  if (path === '/dev/sms') body = <DevSmsPage />;
  else if (me === undefined) body = <Loading />;
  else if (me === null) body = <SignIn onSignedIn={refresh} />;
  else body = page(path, query);

  return (
    <GlossaryContext.Provider value={terms}>
      <Layout me={me ?? null} large={large} onToggleLarge={toggle} onSignedOut={() => setMe(null)} path={path}>
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </Layout>
    </GlossaryContext.Provider>
  );
}
