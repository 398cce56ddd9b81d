/**
 * Entry of the web app: the top navigation with the counts from `/api/health`, and the page
 * chosen by the path (overview, incidents, map, timeline, incident, actor, article reader,
 * sources, search, login, account). The filter pages pass their URL filter on to each other through the nav.
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Health } from './api';
import { formatCount } from './format';
import { filterState, FILTER_PAGES } from './filters';
import { ActorPage } from './pages/Actor';
import { IncidentPage } from './pages/Incident';
import { IncidentsPage } from './pages/Incidents';
import { MapPage } from './pages/Map';
import { OverviewPage } from './pages/Overview';
import { TimelinePage } from './pages/Timeline';
import { ReaderPage } from './pages/Reader';
import { SearchPage } from './pages/Search';
import { SourcesPage } from './pages/Sources';
import { LoginPage } from './pages/Login';
import { AccountPage } from './pages/Account';
import { logOut, useSession } from './session';
import { Link, navigate, useLocation } from './router';
import './styles.css';

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#fff" fillOpacity="0.12" />
      <circle cx="16" cy="16" r="8" fill="none" stroke="#fff" strokeWidth="3" />
      <circle cx="16" cy="16" r="3" fill="#f2b544" />
    </svg>
  );
}

/** The user menu: name and role (a link to the account page) with a logout button, or a login link. */
function UserMenu({ path }: { path: string }) {
  const me = useSession();
  if (!me) return null;
  if (!me.user) {
    return path === '/login' ? null : (
      <Link to={`/login?next=${encodeURIComponent(path + window.location.search)}`} className="nav-link user-login">
        Log in
      </Link>
    );
  }
  return (
    <div className="user-menu" data-testid="user-menu">
      <Link to="/account" className="user-name" title={`Logged in as ${me.user.name}: your account and API tokens`} aria-current={path === '/account' ? 'page' : undefined}>
        {me.user.name} <span className={`badge badge-role badge-${me.user.role}`}>{me.user.role}</span>
      </Link>
      <button type="button" className="btn-link" onClick={() => void logOut()}>
        Log out
      </button>
    </div>
  );
}

function Header({ path, query }: { path: string; query: URLSearchParams }) {
  const [health, setHealth] = useState<Health | null>(null);
  const [down, setDown] = useState(false);
  useEffect(() => {
    api.health().then(setHealth, () => setDown(true));
  }, [path]);
  // Between the table, the map and the timeline, the filter goes along.
  const state = FILTER_PAGES.includes(path) ? filterState(query) : '';
  const carry = (to: string) => (state ? `${to}?${state}` : to);
  const tab = (to: string, label: string, active: boolean) => (
    <Link to={to} className={active ? 'nav-link active' : 'nav-link'} aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand" aria-label="Vigil home">
          <Logo />
          <span>Vigil</span>
        </Link>
        <nav aria-label="Main">
          {tab('/', 'Overview', path === '/')}
          {tab(carry('/incidents'), 'Incidents', path === '/incidents' || path.startsWith('/incidents/') || path.startsWith('/articles/'))}
          {tab(carry('/map'), 'Map', path === '/map')}
          {tab(carry('/timeline'), 'Timeline', path === '/timeline')}
          {tab('/search', 'Search', path === '/search')}
          {tab('/sources', 'Sources', path === '/sources')}
        </nav>
        <div className="stats" aria-live="polite" data-testid="health">
          {down ? (
            <span className="stat-down">API unreachable</span>
          ) : health ? (
            <>
              <span><b>{formatCount(health.stats.incidents)}</b> incidents</span>
              <span><b>{formatCount(health.stats.articles)}</b> articles</span>
              <span><b>{formatCount(health.stats.sources)}</b> sources</span>
            </>
          ) : null}
        </div>
        <UserMenu path={path} />
      </div>
    </header>
  );
}

function App() {
  const loc = useLocation();
  const me = useSession();
  // With VIGIL_REQUIRE_LOGIN, anonymous visitors go to the login page first.
  const mustLogIn = !!me && me.requireLogin && !me.user && loc.path !== '/login';
  useEffect(() => {
    if (mustLogIn) navigate(`/login?next=${encodeURIComponent(loc.path + window.location.search)}`, { replace: true });
  }, [mustLogIn, loc.path]);
  const article = /^\/articles\/([^/]+)\/?$/.exec(loc.path);
  const incident = /^\/incidents\/([^/]+)\/?$/.exec(loc.path);
  const actor = /^\/actors\/([^/]+)\/?$/.exec(loc.path);
  // Links shared before the overview took `/` still open the filtered table.
  const legacy = loc.path === '/' && loc.query.toString() ? `/incidents?${loc.query.toString()}` : null;
  useEffect(() => {
    if (legacy) navigate(legacy, { replace: true });
  }, [legacy]);
  let page;
  if (article) page = <ReaderPage id={decodeURIComponent(article[1]!)} focus={loc.query.get('incident')} />;
  else if (incident) page = <IncidentPage id={decodeURIComponent(incident[1]!)} />;
  else if (actor) page = <ActorPage id={decodeURIComponent(actor[1]!)} />;
  else if (loc.path === '/login') page = <LoginPage next={loc.query.get('next')} />;
  else if (loc.path === '/account') page = <AccountPage />;
  else if (loc.path === '/sources') page = <SourcesPage />;
  else if (loc.path === '/search') page = <SearchPage query={loc.query} />;
  else if (loc.path === '/incidents') page = <IncidentsPage query={loc.query} />;
  else if (loc.path === '/map') page = <MapPage query={loc.query} />;
  else if (loc.path === '/timeline') page = <TimelinePage query={loc.query} />;
  else if (loc.path === '/') page = <OverviewPage />;
  else
    page = (
      <div className="page">
        <h1>Page not found</h1>
        <p>
          <Link to="/">Back to the overview</Link>
        </p>
      </div>
    );
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <Header path={loc.path} query={loc.query} />
      <main id="main">{page}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
