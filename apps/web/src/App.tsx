import { lazy, Suspense, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { EnumsProvider } from './auth/EnumsContext';
import type { Abilities } from './auth/roles';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { theme } from './theme';

dayjs.locale('zh-cn');

const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const HomePage = lazy(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage })));
const DivisionsPage = lazy(() => import('./pages/DivisionsPage').then((m) => ({ default: m.DivisionsPage })));
const PersonsPage = lazy(() => import('./pages/PersonsPage').then((m) => ({ default: m.PersonsPage })));
const PersonDetailPage = lazy(() =>
  import('./pages/PersonDetailPage').then((m) => ({ default: m.PersonDetailPage })),
);
const HouseholdPage = lazy(() => import('./pages/HouseholdPage').then((m) => ({ default: m.HouseholdPage })));
const ImportPage = lazy(() => import('./pages/ImportPage').then((m) => ({ default: m.ImportPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const UsersPage = lazy(() => import('./pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const InboxPage = lazy(() => import('./pages/InboxPage').then((m) => ({ default: m.InboxPage })));
const CasePage = lazy(() => import('./pages/CasePage').then((m) => ({ default: m.CasePage })));
const CalculatorPage = lazy(() => import('./pages/CalculatorPage').then((m) => ({ default: m.CalculatorPage })));
const StandardsPage = lazy(() => import('./pages/StandardsPage').then((m) => ({ default: m.StandardsPage })));
const PayrollRunsPage = lazy(() => import('./pages/PayrollRunsPage').then((m) => ({ default: m.PayrollRunsPage })));
const PayrollRunPage = lazy(() => import('./pages/PayrollRunPage').then((m) => ({ default: m.PayrollRunPage })));
const PaymentFailuresPage = lazy(() =>
  import('./pages/PaymentFailuresPage').then((m) => ({ default: m.PaymentFailuresPage })),
);
const ApplicationPage = lazy(() => import('./pages/ApplicationPage').then((m) => ({ default: m.ApplicationPage })));
const ApplicationNewPage = lazy(() =>
  import('./pages/ApplicationNewPage').then((m) => ({ default: m.ApplicationNewPage })),
);
const ElderlyPages = { register: lazy(() => import('./pages/elderly/RegisterPage').then((m) => ({ default: m.RegisterPage }))), file: lazy(() => import('./pages/elderly/PersonFilePage').then((m) => ({ default: m.PersonFilePage }))), assess: lazy(() => import('./pages/elderly/AssessmentPage').then((m) => ({ default: m.AssessmentPage }))), subsidies: lazy(() => import('./pages/elderly/SubsidiesPage').then((m) => ({ default: m.SubsidiesPage }))), dashboard: lazy(() => import('./pages/elderly/DashboardPage').then((m) => ({ default: m.DashboardPage }))), map: lazy(() => import('./pages/elderly/MapPage').then((m) => ({ default: m.MapPage }))), visits: lazy(() => import('./pages/elderly/VisitsPage').then((m) => ({ default: m.VisitsPage }))), visit: lazy(() => import('./pages/elderly/VisitPage').then((m) => ({ default: m.VisitPage }))), institutions: lazy(() => import('./pages/elderly/InstitutionsPage').then((m) => ({ default: m.InstitutionsPage }))), supervision: lazy(() => import('./pages/elderly/SupervisionPage').then((m) => ({ default: m.SupervisionPage }))), institution: lazy(() => import('./pages/elderly/InstitutionPage').then((m) => ({ default: m.InstitutionPage }))), facilities: lazy(() => import('./pages/elderly/FacilitiesPage').then((m) => ({ default: m.FacilitiesPage }))) };
const ElderlyServicePages = { homeServices: lazy(() => import('./pages/elderly/HomeServicesPage').then((m) => ({ default: m.HomeServicesPage }))), adaptations: lazy(() => import('./pages/elderly/AdaptationsPage').then((m) => ({ default: m.AdaptationsPage }))), workforce: lazy(() => import('./pages/elderly/WorkforcePage').then((m) => ({ default: m.WorkforcePage }))) };
const ReviewPage = lazy(() => import('./pages/assistance/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const LowIncomePage = lazy(() => import('./pages/LowIncomePage').then((m) => ({ default: m.LowIncomePage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const VerificationPages = {
  requests: lazy(() => import('./pages/verification/RequestsPage').then((m) => ({ default: m.RequestsPage }))),
  report: lazy(() => import('./pages/verification/ReportPage').then((m) => ({ default: m.ReportPage }))),
  batches: lazy(() => import('./pages/verification/BatchesPage').then((m) => ({ default: m.BatchesPage }))),
  sources: lazy(() => import('./pages/verification/SourcesPage').then((m) => ({ default: m.SourcesPage }))),
  alerts: lazy(() => import('./pages/verification/AlertsPage').then((m) => ({ default: m.AlertsPage }))),
  outreach: lazy(() => import('./pages/verification/OutreachPage').then((m) => ({ default: m.OutreachPage }))),
};
const ResultPage = lazy(() => import('./pages/ResultPage').then((m) => ({ default: m.ResultPage })));

function Loading() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: 320 }}>
      <Spin />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!user) {
    const back = location.pathname + location.search;
    const redirect = back && back !== '/' ? `?redirect=${encodeURIComponent(back)}` : '';
    return <Navigate to={`/login${redirect}`} replace />;
  }
  return <>{children}</>;
}

function Guard({ allow, children }: { allow: keyof Abilities; children: ReactNode }) {
  const { can } = useAuth();
  return can[allow] ? <>{children}</> : <ResultPage kind="403" />;
}

function Home() {
  const { user, can } = useAuth();
  if (user?.role === 'auditor' || (!can.readRegistry && can.readAudit)) return <Navigate to="/audit" replace />;
  return <HomePage />;
}

const router = createBrowserRouter(
  [
    {
      path: '/login',
      element: (
        <Suspense fallback={<Loading />}>
          <LoginPage />
        </Suspense>
      ),
    },
    { path: '/elderly/visit', element: <RequireAuth><Suspense fallback={<Loading />}><ElderlyPages.visit /></Suspense></RequireAuth> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <EnumsProvider>
            <ConsoleLayout />
          </EnumsProvider>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <Home /> },
        { path: 'divisions', element: <Guard allow="readRegistry"><DivisionsPage /></Guard> },
        { path: 'persons', element: <Guard allow="readRegistry"><PersonsPage /></Guard> },
        { path: 'persons/:id', element: <Guard allow="readRegistry"><PersonDetailPage /></Guard> },
        { path: 'households/:id', element: <Guard allow="readRegistry"><HouseholdPage /></Guard> },
        { path: 'import', element: <Guard allow="importRoster"><ImportPage /></Guard> },
        { path: 'inbox', element: <Guard allow="handleCases"><InboxPage /></Guard> },
        { path: 'cases/:id', element: <Guard allow="readRegistry"><CasePage /></Guard> },
        { path: 'assistance/calculator', element: <Guard allow="calculate"><CalculatorPage /></Guard> },
        { path: 'assistance/applications/new', element: <Guard allow="receiveApplications"><ApplicationNewPage /></Guard> },
        { path: 'assistance/applications/:id', element: <Guard allow="readRegistry"><ApplicationPage /></Guard> },
        { path: 'assistance/reviews/:id', element: <Guard allow="readRegistry"><ReviewPage /></Guard> },
        { path: 'assistance/standards', element: <Guard allow="setStandards"><StandardsPage /></Guard> },
        { path: 'assistance/low-income', element: <Guard allow="readRegistry"><LowIncomePage /></Guard> },
        { path: 'assistance/reports', element: <Guard allow="readPayments"><ReportsPage /></Guard> },
        { path: 'verification/requests', element: <Guard allow="readPayments"><VerificationPages.requests /></Guard> },
        { path: 'verification/requests/:id', element: <Guard allow="readPayments"><VerificationPages.report /></Guard> },
        { path: 'verification/batches', element: <Guard allow="readPayments"><VerificationPages.batches /></Guard> },
        { path: 'verification/sources', element: <Guard allow="readPayments"><VerificationPages.sources /></Guard> },
        { path: 'verification/alerts', element: <Guard allow="readRegistry"><VerificationPages.alerts /></Guard> },
        { path: 'verification/outreach', element: <Guard allow="handleCases"><VerificationPages.outreach /></Guard> },
        { path: 'payments/runs', element: <Guard allow="readPayments"><PayrollRunsPage /></Guard> },
        { path: 'payments/runs/:id', element: <Guard allow="readPayments"><PayrollRunPage /></Guard> },
        { path: 'payments/failures', element: <Guard allow="readPayments"><PaymentFailuresPage /></Guard> },
        { path: 'elderly/register', element: <Guard allow="readRegistry"><ElderlyPages.register /></Guard> },
        { path: 'elderly/home-services', element: <Guard allow="readRegistry"><ElderlyServicePages.homeServices /></Guard> },
        { path: 'elderly/adaptations', element: <Guard allow="readRegistry"><ElderlyServicePages.adaptations /></Guard> },
        { path: 'elderly/workforce', element: <Guard allow="readRegistry"><ElderlyServicePages.workforce /></Guard> },
        { path: 'elderly/persons/:id', element: <Guard allow="readRegistry"><ElderlyPages.file /></Guard> },
        { path: 'elderly/assess', element: <Guard allow="readRegistry"><ElderlyPages.assess /></Guard> },
        { path: 'elderly/subsidies', element: <Guard allow="readRegistry"><ElderlyPages.subsidies /></Guard> },
        { path: 'elderly/dashboard', element: <Guard allow="readRegistry"><ElderlyPages.dashboard /></Guard> },
        { path: 'elderly/map', element: <Guard allow="readRegistry"><ElderlyPages.map /></Guard> },
        { path: 'elderly/visits', element: <Guard allow="readRegistry"><ElderlyPages.visits /></Guard> },
        { path: 'elderly/institutions', element: <Guard allow="readRegistry"><ElderlyPages.institutions /></Guard> },
        { path: 'elderly/institutions/:id', element: <Guard allow="readRegistry"><ElderlyPages.institution /></Guard> },
        { path: 'elderly/facilities', element: <Guard allow="readRegistry"><ElderlyPages.facilities /></Guard> },
        { path: 'elderly/supervision', element: <Guard allow="readRegistry"><ElderlyPages.supervision /></Guard> },
        { path: 'audit', element: <Guard allow="readAudit"><AuditPage /></Guard> },
        { path: 'users', element: <Guard allow="manageUsers"><UsersPage /></Guard> },
        { path: '403', element: <ResultPage kind="403" /> },
        { path: '*', element: <ResultPage kind="404" /> },
      ],
    },
  ],
  { basename: '/console' },
);

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} componentSize="middle">
      <AntApp>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
