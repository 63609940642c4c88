// Small display parts shared by the pages: tags, summary lists, sub-navigation, dialogs,
// timelines, and a hook that loads data for a page.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../api/client';

const TAG_COLOURS: Record<string, string> = {
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  severe: 'red',
  draft: 'grey',
  submitted: 'light-blue',
  under_review: 'blue',
  information_requested: 'yellow',
  recommended: 'purple',
  decided: 'green',
  withdrawn: 'grey',
  approve: 'green',
  approved: 'green',
  deny: 'red',
  refuse: 'red',
  refused: 'red',
  open: 'yellow',
  confirmed: 'red',
  dismissed: 'grey',
  answered: 'green',
};

export function humanise(text: string): string {
  const spaced = text.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function Tag({ value, label }: { value: string; label?: string }) {
  const colour = TAG_COLOURS[value];
  return <strong class={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{label ?? humanise(value)}</strong>;
}

export function SummaryList({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map(([key, value]) => (
        <div class="govuk-summary-list__row" key={key}>
          <dt class="govuk-summary-list__key">{key}</dt>
          <dd class="govuk-summary-list__value">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

// Tabs that are links: each tab has its own address, so the back button and a shared link work.
export function SubNav({ label, items }: { label: string; items: { href: string; text: string; current: boolean }[] }) {
  return (
    <nav class="echri-subnav" aria-label={label}>
      <ul class="echri-subnav__list">
        {items.map((item) => (
          <li class="echri-subnav__item" key={item.href}>
            <a
              class="echri-subnav__link govuk-link govuk-link--no-visited-state"
              href={item.href}
              aria-current={item.current ? 'page' : undefined}
            >
              {item.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// A modal dialog on the platform's <dialog>: it traps focus, closes on Escape and hands focus
// back to what opened it.
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog class="echri-dialog" ref={dialog} aria-labelledby="dialog-title" onClose={onClose}>
      <h2 class="govuk-heading-m" id="dialog-title">
        {title}
      </h2>
      {open && children}
    </dialog>
  );
}

export type TimelineEvent = { at: string; title: string; by?: string; detail?: ComponentChildren };

export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p class="govuk-body">Nothing has happened yet.</p>;
  return (
    <ol class="echri-timeline">
      {events.map((event, index) => (
        <li class="echri-timeline__item" key={`${event.at}-${index}`}>
          <h3 class="echri-timeline__title govuk-heading-s">{event.title}</h3>
          <p class="echri-timeline__meta govuk-body-s">
            {event.by && <>by {event.by}, </>}
            <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          </p>
          {event.detail && <div class="govuk-body">{event.detail}</div>}
        </li>
      ))}
    </ol>
  );
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
}

export type Loaded<T> = {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => void;
};

// Loads `path` (again when it changes, or on reload()); a path of null loads nothing.
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    const abort = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    get<T>(path, abort.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: Error) => {
        if (!abort.signal.aborted) setState({ data: null, error, loading: false });
      },
    );
    return () => abort.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}

export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.error) {
    return (
      <div class="govuk-error-summary" role="alert">
        <h2 class="govuk-error-summary__title">Could not load {what}</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{loaded.error.message}</p>
        </div>
      </div>
    );
  }
  if (loaded.loading && !loaded.data) return <p class="govuk-body" aria-live="polite">Loading {what}…</p>;
  return null;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="govuk-notification-banner govuk-notification-banner--success" role="status">
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}
