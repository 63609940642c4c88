// The front end's entry: the routes, each role's pages loaded on demand (the first page carries
// only the frame and the public pages; docs/web.md, "Budgets").
import { render } from 'preact';
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Layout } from './components/layout';
import { SessionProvider } from './session/session';
import { Home } from './pages/public/home';
import { SignIn } from './pages/public/sign-in';
import { Help } from './pages/public/help';
import { NotFound } from './pages/public/not-found';
import './styles/main.scss';

const States = lazy(() => import('./pages/public/states').then((m) => m.States));
const Queue = lazy(() => import('./pages/officer/queue').then((m) => m.Queue));
const CasePage = lazy(() => import('./pages/officer/case-page').then((m) => m.CasePage));
const Exchange = lazy(() => import('./pages/officer/exchange').then((m) => m.Exchange));
const Applications = lazy(() => import('./pages/exporter/applications').then((m) => m.Applications));
const ApplicationTasks = lazy(() => import('./pages/exporter/application-tasks').then((m) => m.ApplicationTasks));
const ApplicationSection = lazy(() =>
  import('./pages/exporter/application-section').then((m) => m.ApplicationSection),
);
const Screening = lazy(() => import('./pages/exporter/screening').then((m) => m.Screening));
const Diligence = lazy(() => import('./pages/exporter/diligence').then((m) => m.Diligence));
const Advisory = lazy(() => import('./pages/shared/advisory').then((m) => m.Advisory));
const Submissions = lazy(() => import('./pages/civil/submissions').then((m) => m.Submissions));
const NewSubmission = lazy(() => import('./pages/civil/new-submission').then((m) => m.NewSubmission));

// The element the app starts on carries the mark the browser tests wait for.
document.body.classList.add('govuk-frontend-supported', 'js-enabled');

function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Layout>
          <ErrorBoundary>
            <Router>
              <Route path="/" component={Home} />
              <Route path="/states" component={States} />
              <Route path="/sign-in" component={SignIn} />
              <Route path="/help" component={Help} />
              <Route path="/queue" component={Queue} />
              <Route path="/cases/:id/:tab?" component={CasePage} />
              <Route path="/exchange" component={Exchange} />
              <Route path="/applications" component={Applications} />
              <Route path="/applications/:id" component={ApplicationTasks} />
              <Route path="/applications/:id/:section" component={ApplicationSection} />
              <Route path="/screening" component={Screening} />
              <Route path="/diligence" component={Diligence} />
              <Route path="/advisory" component={Advisory} />
              <Route path="/advisory/:id" component={Advisory} />
              <Route path="/submissions" component={Submissions} />
              <Route path="/submissions/new" component={NewSubmission} />
              <Route path="/submissions/:id" component={Submissions} />
              <Route default component={NotFound} />
            </Router>
          </ErrorBoundary>
        </Layout>
      </SessionProvider>
    </LocationProvider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
