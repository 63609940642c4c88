// The case's audit history as a timeline: every audit record about the case and its children.
import type { AuditItem } from '../../../api/types';
import { LoadState, Timeline, humanise, useApi } from '../../../components/ui';
import type { CaseTabProps } from '../case-page';

function describe(detail: unknown): string | undefined {
  if (detail === undefined || detail === null || detail === '') return undefined;
  if (typeof detail === 'string') return detail;
  return Object.entries(detail as Record<string, unknown>)
    .map(([key, value]) => `${humanise(key)}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function HistoryTab({ kase }: CaseTabProps) {
  const loaded = useApi<{ items: AuditItem[] }>(`/api/v1/applications/${kase.id}/history`);
  return (
    <>
      <p class="govuk-body">
        Every change to the case, its requests, notes, documents and decisions, as the tamper-evident audit chain
        records it.
      </p>
      <LoadState loaded={loaded} what="the history" />
      {loaded.data && (
        <Timeline
          events={loaded.data.items.map((item) => ({
            at: item.at,
            title: `${humanise(item.action.replace('.', ': '))} (${item.subject_id}) · #${item.sequence}`,
            by: `${item.actor} (${item.role.replace('_', ' ')})`,
            detail: describe(item.detail),
          }))}
        />
      )}
    </>
  );
}
