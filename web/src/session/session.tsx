// Who is signed in, for how long, and what they may see. The token never leaves memory
// (docs/web.md, "Signing in"); drafts outlive a sign-out in this tab's sessionStorage.
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, request, setToken, setUnauthorisedHandler } from '../api/client';

export type Role =
  | 'admin'
  | 'officer'
  | 'senior_officer'
  | 'auditor'
  | 'exporter'
  | 'civil_society'
  | 'peer_node';

export type Me = {
  user: string;
  role: Role;
  organisation: string;
  sees_all_organisations: boolean;
  token_id: string;
  enrolment: boolean;
};

export const STAFF: Role[] = ['officer', 'senior_officer', 'auditor', 'admin'];
export const CASEWORKERS: Role[] = ['officer', 'senior_officer'];

// Idle time after which the session ends; the warning comes WARNING_MS before.
export const IDLE_MS = 15 * 60 * 1000;
export const WARNING_MS = 2 * 60 * 1000;

export type SignOutReason = 'user' | 'timeout' | 'rejected';

type Session = {
  me: Me | null;
  signIn: (token: string) => Promise<Me>;
  signOut: (reason?: SignOutReason) => void;
  lastSignOut: SignOutReason | null;
  warningAt: number | null;
  stayActive: () => void;
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [me, setMe] = useState<Me | null>(null);
  const [lastSignOut, setLastSignOut] = useState<SignOutReason | null>(null);
  const [warningAt, setWarningAt] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const { route, url } = useLocation();
  const here = useRef(url);
  here.current = url;

  // Every sign-out lands on the sign-in page, which says why; after a timeout or a rejected
  // token, signing in again returns to the page the user was on.
  const signOut = useCallback(
    (reason: SignOutReason = 'user') => {
      setToken(null);
      setMe(null);
      setWarningAt(null);
      setLastSignOut(reason);
      const back = reason === 'user' ? '' : `?next=${encodeURIComponent(here.current)}`;
      route(`/sign-in${back}`);
    },
    [route],
  );

  const signIn = useCallback(async (token: string) => {
    try {
      const { data } = await request<Me>('/api/v1/me', { token });
      setToken(token);
      lastActivity.current = Date.now();
      setLastSignOut(null);
      setMe(data);
      return data;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw new ApiError(401, {
          ...error.problem,
          errors: [{ path: 'token', detail: 'Enter a token that is valid and not revoked' }],
        });
      }
      throw error;
    }
  }, []);

  useEffect(() => setUnauthorisedHandler(() => signOut('rejected')), [signOut]);

  // Activity (a key, a click) restarts the idle clock, except while the warning shows: then only
  // the warning's own button does, so that a stray key press does not dismiss it unseen.
  useEffect(() => {
    if (!me) return undefined;
    const touch = () => {
      if (warningAt === null) lastActivity.current = Date.now();
    };
    window.addEventListener('keydown', touch, true);
    window.addEventListener('pointerdown', touch, true);
    const timer = window.setInterval(() => {
      const idle = Date.now() - lastActivity.current;
      if (idle >= IDLE_MS) signOut('timeout');
      else if (idle >= IDLE_MS - WARNING_MS && warningAt === null)
        setWarningAt(lastActivity.current + IDLE_MS);
    }, 1000);
    return () => {
      window.removeEventListener('keydown', touch, true);
      window.removeEventListener('pointerdown', touch, true);
      window.clearInterval(timer);
    };
  }, [me, warningAt, signOut]);

  const stayActive = useCallback(() => {
    lastActivity.current = Date.now();
    setWarningAt(null);
  }, []);

  const value = useMemo(
    () => ({ me, signIn, signOut, lastSignOut, warningAt, stayActive }),
    [me, signIn, signOut, lastSignOut, warningAt, stayActive],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

// A form's unsent text, kept per user in this tab's sessionStorage so that a timeout or a reload
// loses nothing. Cleared by the caller once the server has the data.
export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const { me } = useSession();
  const storageKey = `echri.draft.${me?.user ?? 'anonymous'}.${key}`;
  const [value, setValue] = useState<T>(() => {
    const stored = sessionStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as T) : initial;
  });
  const update = useCallback(
    (next: T) => {
      setValue(next);
      sessionStorage.setItem(storageKey, JSON.stringify(next));
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setValue(initial);
  }, [storageKey]);
  return [value, update, clear];
}
