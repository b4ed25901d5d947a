import { useMutation } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { api, type Me } from '../api/endpoints.js';
import { PageSkeleton } from '../components/states.js';
import { navFor } from './nav.js';

export function Shell({ me }: { me: Me }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const logout = useMutation({
    mutationFn: api.logout,
    // A fresh page load: nothing of the session (patients, appointments) stays in memory, and no mounted
    // page refetches after the session is gone.
    onSuccess: () => window.location.assign('/login'),
  });
  // On moving to another page the phone menu closes and focus goes to the new page's content, so a
  // keyboard or screen-reader user starts there instead of at the top of a page they did not ask for.
  const firstPage = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation
  useEffect(() => {
    setMenuOpen(false);
    if (firstPage.current) firstPage.current = false;
    else document.getElementById('main')?.focus();
  }, [location.pathname]);

  const who = me.user?.name ?? 'API key';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <span className="brand">PRM</span>
        <span className="org" data-testid="org-name">
          {me.organization.name}
        </span>
        <span className="user">
          <span className="user-name">{who}</span>{' '}
          <span className="role" data-testid="user-role">
            {me.principal.role}
          </span>
        </span>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          Sign out
        </button>
      </header>
      <nav id="main-nav" className={menuOpen ? 'nav nav-open' : 'nav'} aria-label="Main">
        <ul>
          {navFor(me).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div id="main" className="content" tabIndex={-1}>
        {logout.isError && (
          <p className="alert" role="alert">
            Signing out failed; try again.
          </p>
        )}
        {/* Pages load as separate chunks; the shell (and an open menu) stays while one arrives. */}
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}
