// Every page but the frame is its own chunk (React.lazy): the first load carries React, the
// router, react-query and the frame only; a page's code comes when it is first visited.
import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout, Loading } from './components/layout';
import { useSession } from './session';

const SignIn = lazy(() => import('./pages/sign-in'));
const AcceptPolicies = lazy(() => import('./pages/accept-policies'));
const RequestReset = lazy(() => import('./pages/password-pages').then((m) => ({ default: m.ResetPassword })));
const SetPassword = lazy(() => import('./pages/password-pages').then((m) => ({ default: m.AcceptInvitation })));
const Cookies = lazy(() => import('./pages/cookies'));
const Policies = lazy(() => import('./pages/policies').then((m) => ({ default: m.PolicyList })));
const PolicyDocument = lazy(() => import('./pages/policies').then((m) => ({ default: m.PolicyDocumentPage })));
const Home = lazy(() => import('./pages/home'));
const Pupils = lazy(() => import('./pages/pupils'));
const Pupil = lazy(() => import('./pages/pupil'));
const PupilImport = lazy(() => import('./pages/pupil-import'));
const Assessment = lazy(() => import('./pages/assessment'));
const AssessmentAnalysis = lazy(() => import('./pages/assessment-analysis'));
const AssessmentReports = lazy(() => import('./pages/assessment-reports'));
const OpsSessions = lazy(() => import('./pages/ops-sessions'));
const OpsMaintenance = lazy(() => import('./pages/ops-maintenance'));
const OpsBreaches = lazy(() => import('./pages/ops-breaches'));
const AuditTrail = lazy(() => import('./pages/audit-trail'));
const RightsRegister = lazy(() => import('./pages/rights-register'));
const RightsRequest = lazy(() => import('./pages/rights-request'));
const Finance = lazy(() => import('./pages/finance'));
const Users = lazy(() => import('./pages/users'));
const SupportAccess = lazy(() => import('./pages/support-access'));
const NotFound = lazy(() => import('./pages/not-found'));

/** Signed-in pages: to sign-in when nobody is, to the policies while any wait acceptance (P7). */
function SignedIn({ children, policyGate = true }: { children: ReactNode; policyGate?: boolean }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading what="Checking your session" />;
  if (!me) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (policyGate && me.pendingPolicyDocuments.length > 0) return <Navigate to="/accept-policies" replace />;
  return <>{children}</>;
}

export function ConsoleRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/reset-password" element={<RequestReset />} />
        <Route path="/set-password" element={<SetPassword />} />
        <Route path="/cookies" element={<Cookies />} />
        <Route path="/policies" element={<Policies />} />
        <Route path="/policies/:documentId" element={<PolicyDocument />} />
        <Route
          path="/accept-policies"
          element={
            <SignedIn policyGate={false}>
              <AcceptPolicies />
            </SignedIn>
          }
        />
        <Route
          path="/"
          element={
            <SignedIn>
              <Home />
            </SignedIn>
          }
        />
        <Route
          path="/pupils"
          element={
            <SignedIn>
              <Pupils />
            </SignedIn>
          }
        />
        <Route
          path="/pupils/import"
          element={
            <SignedIn>
              <PupilImport />
            </SignedIn>
          }
        />
        <Route
          path="/pupils/:pupilId"
          element={
            <SignedIn>
              <Pupil />
            </SignedIn>
          }
        />
        <Route
          path="/assessment"
          element={
            <SignedIn>
              <Assessment />
            </SignedIn>
          }
        />
        <Route
          path="/assessment/analysis"
          element={
            <SignedIn>
              <AssessmentAnalysis />
            </SignedIn>
          }
        />
        <Route
          path="/assessment/reports"
          element={
            <SignedIn>
              <AssessmentReports />
            </SignedIn>
          }
        />
        <Route
          path="/ops/sessions"
          element={
            <SignedIn>
              <OpsSessions />
            </SignedIn>
          }
        />
        <Route
          path="/ops/maintenance"
          element={
            <SignedIn>
              <OpsMaintenance />
            </SignedIn>
          }
        />
        <Route
          path="/ops/breaches"
          element={
            <SignedIn>
              <OpsBreaches />
            </SignedIn>
          }
        />
        <Route
          path="/audit"
          element={
            <SignedIn>
              <AuditTrail />
            </SignedIn>
          }
        />
        <Route
          path="/rights"
          element={
            <SignedIn>
              <RightsRegister />
            </SignedIn>
          }
        />
        <Route
          path="/rights/:requestId"
          element={
            <SignedIn>
              <RightsRequest />
            </SignedIn>
          }
        />
        <Route
          path="/finance/*"
          element={
            <SignedIn>
              <Finance />
            </SignedIn>
          }
        />
        <Route
          path="/users/*"
          element={
            <SignedIn>
              <Users />
            </SignedIn>
          }
        />
        <Route
          path="/support-access"
          element={
            <SignedIn>
              <SupportAccess />
            </SignedIn>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
