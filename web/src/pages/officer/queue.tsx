// The officers' queue: tabs (all, mine, waiting for the exporter), filters and sort kept in the
// address, "assign to me", CSV export, and keyboard navigation.
import { useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, download, query, request } from '../../api/client';
import type { Case, Page as Paged, QueueEntry } from '../../api/types';
import { Page } from '../../components/page';
import { useShortcuts } from '../../components/shortcuts';
import { LoadState, SubNav, Tag, humanise, useApi } from '../../components/ui';
import { STAFF, useSession } from '../../session/session';

const FILTERS = ['state', 'risk', 'destination', 'control_entry', 'flag', 'assignee', 'overdue', 'q'] as const;
type Filter = (typeof FILTERS)[number];

const STATES = ['submitted', 'under_review', 'information_requested', 'recommended'];
const RISKS = ['low', 'medium', 'high', 'severe'];
const TABS = [
  { tab: 'all', text: 'All open cases' },
  { tab: 'mine', text: 'Assigned to me' },
  { tab: 'waiting', text: 'Waiting for the exporter' },
];
const COLUMNS: { key: string; label: string; sortable: boolean }[] = [
  { key: 'reference', label: 'Case', sortable: false },
  { key: 'state', label: 'State', sortable: true },
  { key: 'risk', label: 'Risk', sortable: true },
  { key: 'destination', label: 'Destination', sortable: true },
  { key: 'age', label: 'Days open', sortable: true },
  { key: 'assignee', label: 'Assigned to', sortable: true },
  { key: 'actions', label: 'Actions', sortable: false },
];

function assigneeOf(entry: { assignee?: string; assigned_to?: string }): string {
  return entry.assignee ?? entry.assigned_to ?? '';
}

function flagCount(flags: QueueEntry['flags']): number {
  return Array.isArray(flags) ? flags.length : flags;
}

export function Queue() {
  const { me } = useSession();
  const { query: params, route, path } = useLocation();
  const tab = params.tab ?? 'all';
  const sort = params.sort ?? '';
  const order = params.order ?? '';
  const current = (extra: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = { tab: tab === 'all' ? undefined : tab, sort, order };
    for (const filter of FILTERS) next[filter] = params[filter];
    return { ...next, ...extra };
  };
  const apiQuery = query({ ...current({}), tab, limit: '200' });
  const loaded = useApi<Paged<QueueEntry>>(me && STAFF.includes(me.role) ? `/api/v1/queue${apiQuery}` : null);
  const [selected, setSelected] = useState(0);
  // Keys can come faster than renders: the shortcuts read and move the selection through a ref,
  // so "j j Enter" opens the case two rows down even before the highlight has been redrawn.
  const selection = useRef(0);
  const [message, setMessage] = useState<string | null>(null);
  const filters = useRef<HTMLFormElement>(null);
  const items = loaded.data?.items ?? [];

  const select = (index: number) => {
    selection.current = Math.max(0, Math.min(index, items.length - 1));
    setSelected(selection.current);
  };
  const shortcuts = useMemo(
    () => ({
      j: () => select(selection.current + 1),
      k: () => select(selection.current - 1),
      Enter: () => items[selection.current] && route(`/cases/${items[selection.current].id}`),
      '/': () => filters.current?.querySelector<HTMLElement>('select, input')?.focus(),
      '1': () => route(`${path}${query(current({ tab: undefined }))}`),
      '2': () => route(`${path}${query(current({ tab: 'mine' }))}`),
      '3': () => route(`${path}${query(current({ tab: 'waiting' }))}`),
      '?': () => route('/help'),
    }),
    [items, params], // handlers read the current items and params
  );
  useShortcuts(shortcuts);

  const applyFilters = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string | undefined> = {};
    for (const filter of FILTERS) {
      const value = String(form.get(filter) ?? '').trim();
      next[filter] = value || undefined;
    }
    route(`/queue${query(current(next))}`);
  };

  const sortBy = (key: string) => {
    const nextOrder = sort === key && order !== 'desc' ? 'desc' : 'asc';
    route(`/queue${query(current({ sort: key, order: nextOrder }))}`);
  };

  const assignToMe = async (entry: QueueEntry) => {
    if (!me) return;
    setMessage(null);
    try {
      const fresh = await request<Case>(`/api/v1/applications/${entry.id}`);
      await request(`/api/v1/applications/${entry.id}/assignee`, {
        method: 'PUT',
        body: { user: me.user },
        ifMatch: fresh.data.version,
      });
      setMessage(`${entry.reference} is assigned to you.`);
      loaded.reload();
    } catch (error) {
      setMessage(error instanceof ApiError ? `Could not assign ${entry.reference}: ${error.message}` : String(error));
    }
  };

  const exportCsv = async () => {
    const blob = await download(`/api/v1/queue.csv${query({ ...current({}), tab })}`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'queue.csv';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Page title="Queue" roles={STAFF} wide>
      <SubNav
        label="Queue tabs"
        items={TABS.map((t) => ({
          href: `/queue${query(current({ tab: t.tab === 'all' ? undefined : t.tab }))}`,
          text: t.text,
          current: t.tab === tab,
        }))}
      />
      <form class="echri-filters" ref={filters} onSubmit={applyFilters} aria-label="Filters">
        <h2 class="govuk-heading-s">Filters</h2>
        <div class="echri-filters__grid">
          <FilterSelect name="state" label="State" value={params.state} options={STATES} />
          <FilterSelect name="risk" label="Risk" value={params.risk} options={RISKS} />
          <FilterInput name="destination" label="Destination (country code)" value={params.destination} />
          <FilterInput name="control_entry" label="Control entry" value={params.control_entry} />
          <FilterInput name="flag" label="Flag" value={params.flag} />
          <FilterInput name="assignee" label="Assigned to (user, or none)" value={params.assignee} />
          <FilterInput name="q" label="Search" value={params.q} />
          <div class="govuk-form-group">
            <div class="govuk-checkboxes govuk-checkboxes--small">
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  id="filter-overdue"
                  name="overdue"
                  type="checkbox"
                  value="true"
                  checked={params.overdue === 'true'}
                />
                <label class="govuk-label govuk-checkboxes__label" for="filter-overdue">
                  Overdue requests only
                </label>
              </div>
            </div>
          </div>
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">
            Apply filters
          </button>
          <a class="govuk-link" href={`/queue${query({ tab: tab === 'all' ? undefined : tab })}`}>
            Clear filters
          </a>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => void exportCsv()}>
            Export as CSV
          </button>
        </div>
      </form>
      {message && (
        <div class="govuk-inset-text" role="status">
          {message}
        </div>
      )}
      <LoadState loaded={loaded} what="the queue" />
      {loaded.data && (
        <table class="govuk-table" aria-describedby="queue-count">
          <caption class="govuk-table__caption govuk-table__caption--s" id="queue-count">
            {loaded.data.total} {loaded.data.total === 1 ? 'case' : 'cases'}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              {COLUMNS.map((column) => (
                <th
                  scope="col"
                  class="govuk-table__header"
                  key={column.key}
                  aria-sort={
                    column.sortable && sort === column.key ? (order === 'desc' ? 'descending' : 'ascending') : undefined
                  }
                >
                  {column.sortable ? (
                    <button type="button" class="echri-sort" onClick={() => sortBy(column.key)}>
                      {column.label}
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {items.map((entry, index) => (
              <tr
                class={`govuk-table__row${index === selected ? ' echri-queue-row--selected' : ''}`}
                key={entry.id}
                data-case={entry.id}
              >
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/cases/${entry.id}`}>
                    {entry.reference}
                  </a>
                  <br />
                  <span class="govuk-body-s">
                    {entry.id} · {entry.organisation}
                  </span>
                  {flagCount(entry.flags) > 0 && (
                    <>
                      <br />
                      <span class="govuk-body-s">{flagCount(entry.flags)} flags</span>
                    </>
                  )}
                </td>
                <td class="govuk-table__cell">
                  <Tag value={entry.state} />
                  {entry.overdue_requests > 0 && (
                    <>
                      {' '}
                      <Tag value="severe" label="Overdue" />
                    </>
                  )}
                </td>
                <td class="govuk-table__cell">{entry.risk ? <Tag value={entry.risk.level} /> : 'not assessed'}</td>
                <td class="govuk-table__cell">{entry.destination}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{entry.days_open}</td>
                <td class="govuk-table__cell">{assigneeOf(entry) || 'nobody'}</td>
                <td class="govuk-table__cell">
                  {me && (me.role === 'officer' || me.role === 'senior_officer') && assigneeOf(entry) !== me.user && (
                    <button
                      type="button"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={() => void assignToMe(entry)}
                    >
                      Assign to me<span class="govuk-visually-hidden"> {entry.reference}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded.data && items.length === 0 && <p class="govuk-body">No open cases match.</p>}
      <p class="govuk-body-s">
        Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>/</kbd> filters.{' '}
        <a class="govuk-link" href="/help">All shortcuts</a>
      </p>
    </Page>
  );
}

function FilterSelect({ name, label, value, options }: { name: Filter; label: string; value?: string; options: string[] }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label govuk-label--s" for={`filter-${name}`}>
        {label}
      </label>
      <select class="govuk-select" id={`filter-${name}`} name={name} value={value ?? ''}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {humanise(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterInput({ name, label, value }: { name: Filter; label: string; value?: string }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label govuk-label--s" for={`filter-${name}`}>
        {label}
      </label>
      <input class="govuk-input" id={`filter-${name}`} name={name} type="text" value={value ?? ''} />
    </div>
  );
}
