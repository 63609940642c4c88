import { useCallback, useState } from 'preact/hooks';
import { post, request } from '../../../api/client';
import type { Case } from '../../../api/types';
import { useAction } from '../../../components/action';
import { Button, ErrorSummary, TextInput, errorFor } from '../../../components/forms';
import { Notice, SummaryList, Tag, formatDateTime, humanise } from '../../../components/ui';
import { CASEWORKERS, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

export function assigneeOf(kase: Case): string {
  return kase.assignee ?? kase.assigned_to ?? '';
}

export async function assign(kase: Case, user: string): Promise<void> {
  await request(`/api/v1/applications/${kase.id}/assignee`, { method: 'PUT', body: { user }, ifMatch: kase.version });
}

export function useAssignToMe(kase: Case | null, reload: () => void): () => Promise<void> {
  const { me } = useSession();
  return useCallback(async () => {
    if (!kase || !me || !CASEWORKERS.includes(me.role) || assigneeOf(kase) === me.user) return;
    await assign(kase, me.user);
    reload();
  }, [kase, me, reload]);
}

export function SummaryTab({ kase, reload }: CaseTabProps) {
  const { me } = useSession();
  const action = useAction();
  const [other, setOther] = useState('');
  const application = kase.application;
  const caseworker = !!me && CASEWORKERS.includes(me.role);
  const assignee = assigneeOf(kase);
  return (
    <>
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorSummary errors={action.errors} general={action.general} />
      <SummaryList
        rows={[
          ['Reference', `${kase.reference} (${application.reference})`],
          ['Exporter', `${application.exporter.name} (${kase.organisation})`],
          ['Destination', application.destination],
          ['State', <Tag value={kase.state} />],
          ['Risk', kase.risk ? <>{<Tag value={kase.risk.level} />} score {kase.risk.score}, recommends {humanise(kase.risk.recommendation)}</> : 'not assessed'],
          ['End use', application.end_use ? `${application.end_use.category ?? '—'}: ${application.end_use.description ?? '—'}` : 'not stated'],
          ['Submitted', kase.submitted_at ? formatDateTime(kase.submitted_at) : 'not yet'],
          ['Assigned to', assignee || 'nobody'],
          ['Open information requests', kase.open_requests.length ? kase.open_requests.map((r) => `${r.id} (due ${r.due})`).join(', ') : 'none'],
        ]}
      />
      {caseworker && kase.state === 'submitted' && (
        <Button
          onClick={() =>
            void action.run(async () => {
              await post(`/api/v1/applications/${kase.id}/review`, {}, kase.version);
              reload();
              return 'You are reviewing the case.';
            })
          }
          disabled={action.busy}
        >
          Start the review
        </Button>
      )}
      {caseworker && kase.state !== 'submitted' && assignee !== me!.user && (
        <Button onClick={() => void action.run(async () => { await assign(kase, me!.user); reload(); return 'The case is assigned to you.'; })} disabled={action.busy}>
          Assign to me
        </Button>
      )}
      {caseworker && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(
              async () => {
                await assign(kase, other.trim());
                reload();
                return `The case is assigned to ${other.trim()}.`;
              },
              () => (other.trim() ? [] : [{ field: 'user', detail: 'Enter the user id of an officer' }]),
            );
          }}
        >
          <TextInput field="user" label="Reassign to (user id)" width="20" value={other} onValue={setOther} error={errorFor(action.errors, 'user')} />
          <Button type="submit" secondary disabled={action.busy}>
            Reassign
          </Button>
        </form>
      )}
      <h2 class="govuk-heading-m">Items</h2>
      <table class="govuk-table">
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Item</th>
            <th scope="col" class="govuk-table__header">Control entry</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Quantity</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Value</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {application.items.map((item, index) => (
            <tr class="govuk-table__row" key={index}>
              <td class="govuk-table__cell">{item.description}</td>
              <td class="govuk-table__cell">{item.control_entry}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{item.quantity ?? '—'}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {item.value !== undefined ? `${item.value.toLocaleString('en-GB')} ${item.currency ?? ''}` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {kase.flags && kase.flags.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Flags</h2>
          <ul class="govuk-list govuk-list--bullet">
            {kase.flags.map((flag, index) => (
              <li key={index}>
                <strong>{humanise(flag.kind)}</strong>: {flag.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
