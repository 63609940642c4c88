// The frame around every page: skip link, echri's own header (no GOV.UK crown or logotype), the
// navigation of the signed-in role, the idle warning, and the footer.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Role } from '../session/session';
import { useSession } from '../session/session';

type NavItem = { href: string; text: string; soon?: boolean };

export const NAVIGATION: Record<Role | 'public', NavItem[]> = {
  public: [
    { href: '/', text: 'The Code' },
    { href: '/states', text: 'Subscribing States' },
    { href: '/help', text: 'Help' },
  ],
  officer: [
    { href: '/queue', text: 'Queue' },
    { href: '/submissions', text: 'Civil-society evidence' },
    { href: '/advisory', text: 'Advisory queries' },
    { href: '/exchange', text: 'Exchange', soon: true },
    { href: '/help', text: 'Help' },
  ],
  senior_officer: [],
  auditor: [
    { href: '/queue', text: 'Queue' },
    { href: '/help', text: 'Help' },
  ],
  admin: [
    { href: '/queue', text: 'Queue' },
    { href: '/help', text: 'Help' },
  ],
  exporter: [
    { href: '/applications', text: 'Applications' },
    { href: '/screening', text: 'Screening' },
    { href: '/diligence', text: 'Due diligence' },
    { href: '/advisory', text: 'Advisory queries' },
    { href: '/help', text: 'Help' },
  ],
  civil_society: [
    { href: '/submissions', text: 'Your submissions' },
    { href: '/states', text: 'Subscribing States' },
    { href: '/help', text: 'Help' },
  ],
  peer_node: [],
};
NAVIGATION.senior_officer = NAVIGATION.officer;

export const START_PAGE: Record<Role, string> = {
  officer: '/queue',
  senior_officer: '/queue',
  auditor: '/queue',
  admin: '/queue',
  exporter: '/applications',
  civil_society: '/submissions',
  peer_node: '/',
};

export function Layout({ children }: { children: ComponentChildren }) {
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const items = NAVIGATION[me ? me.role : 'public'];
  return (
    <>
      <a href="#main-content" class="govuk-skip-link">
        Skip to main content
      </a>
      <header class="echri-header">
        <div class="govuk-width-container echri-header__inner">
          <a href="/" class="echri-header__brand">
            <span class="echri-header__logo" aria-hidden="true">
              e
            </span>
            <span class="echri-header__name">echri</span>
            <span class="echri-header__service">Export licensing and human rights</span>
          </a>
          {me ? (
            <div class="echri-header__account">
              <span class="echri-header__user">
                {me.user} <span class="echri-header__role">({me.role.replace('_', ' ')})</span>
              </span>
              <button type="button" class="echri-header__sign-out" onClick={() => signOut('user')}>
                Sign out
              </button>
            </div>
          ) : (
            <a class="echri-header__sign-in" href="/sign-in">
              Sign in
            </a>
          )}
        </div>
      </header>
      <nav aria-label="Menu" class="echri-nav">
        <div class="govuk-width-container">
          <ul class="echri-nav__list">
            {items.map((item) => {
              const current = path === item.href || (item.href !== '/' && path.startsWith(`${item.href}/`));
              return (
                <li key={item.href} class="echri-nav__item">
                  <a
                    class="echri-nav__link govuk-link govuk-link--no-visited-state govuk-link--no-underline"
                    href={item.href}
                    aria-current={current ? 'page' : undefined}
                  >
                    {item.text}
                    {item.soon && <span class="echri-soon"> (coming)</span>}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      </nav>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <IdleWarning />
      <footer class="echri-footer">
        <div class="govuk-width-container">
          <p class="govuk-body-s">
            echri is open-source software for the Export Controls and Human Rights Initiative's Code of Conduct
            (2023). <a class="govuk-link" href="/help">Help and keyboard shortcuts</a>. Demo data is fictional.
          </p>
        </div>
      </footer>
    </>
  );
}

function IdleWarning() {
  const { warningAt, stayActive, signOut } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const element = dialog.current;
    if (!element) return undefined;
    if (warningAt !== null && !element.open) element.showModal();
    if (warningAt === null && element.open) element.close();
    if (warningAt === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [warningAt]);
  const seconds = warningAt === null ? 0 : Math.max(0, Math.round((warningAt - now) / 1000));
  return (
    <dialog
      class="echri-dialog"
      ref={dialog}
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
      onCancel={(event) => {
        event.preventDefault();
        stayActive();
      }}
    >
      <h2 class="govuk-heading-m" id="idle-title">
        You will be signed out soon
      </h2>
      <p class="govuk-body" id="idle-text">
        For your security, echri signs you out after 15 minutes without activity. You will be signed out in{' '}
        {Math.floor(seconds / 60)} min {seconds % 60} s. Anything you have typed is kept in this browser tab and
        comes back when you sign in again.
      </p>
      <div class="govuk-button-group">
        <button type="button" class="govuk-button" onClick={stayActive}>
          Stay signed in
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => signOut('user')}>
          Sign out now
        </button>
      </div>
    </dialog>
  );
}
