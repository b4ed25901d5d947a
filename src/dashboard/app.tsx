import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorState, PageSkeleton } from './components/states.js';
import { seesPatients, useMe } from './session.js';
import { Shell } from './shell/shell.js';

// One chunk per route: a phone on a slow link loads only the page it opens.
const LoginPage = lazy(() => import('./pages/login.js'));
const PatientsPage = lazy(() => import('./pages/patients.js'));
const PatientPage = lazy(() => import('./pages/patient.js'));
const AppointmentsPage = lazy(() => import('./pages/appointments.js'));
const BookPage = lazy(() => import('./pages/book.js'));
const AnalyticsPage = lazy(() => import('./pages/analytics.js'));
const InboxPage = lazy(() => import('./pages/inbox.js'));
const CallsPage = lazy(() => import('./pages/calls.js'));
const CallPage = lazy(() => import('./pages/call.js'));
const AssistantPage = lazy(() => import('./pages/assistant.js'));
const NotFoundPage = lazy(() => import('./pages/not-found.js'));

function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageSkeleton />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Shell me={me.data} />;
}

function Home() {
  const me = useMe();
  return <Navigate to={me.data && seesPatients(me.data) ? '/appointments' : '/analytics'} replace />;
}

export function App() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireSession />}>
          <Route index element={<Home />} />
          <Route path="patients" element={<PatientsPage />} />
          <Route path="patients/:id" element={<PatientPage />} />
          <Route path="appointments" element={<AppointmentsPage />} />
          <Route path="appointments/new" element={<BookPage />} />
          <Route path="analytics" element={<AnalyticsPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="calls" element={<CallsPage />} />
          <Route path="calls/:id" element={<CallPage />} />
          <Route path="assistant" element={<AssistantPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
