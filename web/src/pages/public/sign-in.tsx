// Sign-in with an API token. An enrolment token (the first one an administrator issues) is
// exchanged here, once, for the user's own token, which is shown a single time.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, request } from '../../api/client';
import { Button, ErrorSummary, TextInput, errorFor } from '../../components/forms';
import type { FieldError } from '../../components/forms';
import { START_PAGE } from '../../components/layout';
import { Page } from '../../components/page';
import { useSession } from '../../session/session';

const SIGN_OUT_MESSAGES = {
  timeout: 'You were signed out after 15 minutes without activity. What you had typed is kept: sign in again to go on.',
  rejected: 'The server no longer accepts your token (revoked or expired). Sign in again.',
  user: 'You have signed out.',
};

export function SignIn() {
  const { signIn, lastSignOut } = useSession();
  const { route, query } = useLocation();
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [general, setGeneral] = useState<string | undefined>();
  const [issued, setIssued] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (value: string) => {
    const me = await signIn(value);
    const next = query.next?.startsWith('/') && !query.next.startsWith('//') ? query.next : START_PAGE[me.role];
    route(next);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setErrors([]);
    setGeneral(undefined);
    const value = token.trim();
    if (!value) {
      setErrors([{ field: 'token', detail: 'Enter your token' }]);
      return;
    }
    setBusy(true);
    try {
      const { data: me } = await request<{ enrolment: boolean }>('/api/v1/me', { token: value });
      if (me.enrolment) {
        const { data } = await request<{ token: string }>('/api/v1/tokens/exchange', {
          method: 'POST',
          token: value,
          body: {},
        });
        setIssued(data.token);
        return;
      }
      await finish(value);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setErrors([{ field: 'token', detail: 'Enter a token that is valid and not revoked' }]);
      } else if (error instanceof ApiError && error.status === 429) {
        setGeneral('Too many failed attempts from this address. Wait a minute and try again.');
      } else {
        setGeneral(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  if (issued) {
    return (
      <Page title="Your new token">
        <p class="govuk-body">
          Your enrolment token has been exchanged for a token of your own. Copy it now and keep it in your password
          manager: echri shows it only this once, and the enrolment token no longer works.
        </p>
        <p class="govuk-body">
          <code class="echri-token" id="issued-token">
            {issued}
          </code>
        </p>
        <Button onClick={() => void finish(issued)}>Continue</Button>
      </Page>
    );
  }

  return (
    <Page title="Sign in">
      {lastSignOut && (
        <div class="govuk-inset-text" role="status">
          {SIGN_OUT_MESSAGES[lastSignOut]}
        </div>
      )}
      <ErrorSummary errors={errors} general={general} />
      <form onSubmit={submit} noValidate>
        <TextInput
          field="token"
          label="Your API token"
          labelClass="govuk-label--s"
          hint="It starts with echri_. Your administrator gives you an enrolment token; on first sign-in it is exchanged for your own."
          type="password"
          autocomplete="current-password"
          spellcheck={false}
          value={token}
          onValue={setToken}
          error={errorFor(errors, 'token')}
        />
        <Button type="submit" disabled={busy}>
          Sign in
        </Button>
      </form>
      <p class="govuk-body-s">
        echri keeps your token in this page's memory only: it is never written to disk or to a cookie, so closing or
        reloading the tab signs you out (your drafts stay in the tab).
      </p>
    </Page>
  );
}
