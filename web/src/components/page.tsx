// What every page does on arrival: a title for the tab, focus on the heading so that a screen
// reader announces the new page, and the page's role guard.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Role } from '../session/session';
import { useSession } from '../session/session';

export function Page({
  title,
  caption,
  roles,
  children,
  wide = false,
}: {
  title: string;
  caption?: string;
  roles?: Role[];
  children: ComponentChildren;
  wide?: boolean;
}) {
  const { me } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – echri`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: false });
  }, []);
  if (roles && (!me || !roles.includes(me.role))) {
    return <Forbidden signedIn={!!me} />;
  }
  return (
    <div class={wide ? 'echri-page echri-page--wide' : 'echri-page'}>
      {caption && <span class="govuk-caption-l">{caption}</span>}
      <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </div>
  );
}

function Forbidden({ signedIn }: { signedIn: boolean }) {
  useEffect(() => {
    document.title = `${signedIn ? 'Not available to you' : 'Sign in'} – echri`;
  }, [signedIn]);
  return signedIn ? (
    <>
      <h1 class="govuk-heading-l">This page is not available to you</h1>
      <p class="govuk-body">
        Your role does not include this page. <a class="govuk-link" href="/">Go to your start page</a>.
      </p>
    </>
  ) : (
    <>
      <h1 class="govuk-heading-l">Sign in to see this page</h1>
      <p class="govuk-body">
        <a class="govuk-link" href="/sign-in">Sign in</a> with the token your authority gave you.
      </p>
    </>
  );
}
