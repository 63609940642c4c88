// Civil-society evidence: submitters see their own submissions and their status; officers see
// every submission, triage it and link it to a case (which flags the case).
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { post } from '../../api/client';
import type { Page as Paged } from '../../api/types';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, Radios, TextInput, errorFor } from '../../components/forms';
import { Page } from '../../components/page';
import { LoadState, Notice, SummaryList, Tag, formatDateTime, humanise, useApi } from '../../components/ui';
import { CASEWORKERS, STAFF, useSession } from '../../session/session';

export type Submission = {
  id: string;
  state: string;
  subject: string;
  name: string;
  country?: string;
  control_entry?: string;
  summary: string;
  evidence: string;
  sources?: string[];
  submitted_at: string;
  submitted_by: string;
  organisation: string;
  priority?: string;
  links?: string[];
  suggested_links?: string[];
};

export function Submissions() {
  const { me } = useSession();
  const { params } = useRoute();
  const [generation, setGeneration] = useState(0);
  const loaded = useApi<Paged<Submission>>(`/api/v1/submissions?limit=200&g=${generation}`);
  const items = (loaded.data?.items ?? []).filter((item) => !params.id || item.id === params.id);
  const own = me?.role === 'civil_society';
  return (
    <Page title={own ? 'Your submissions' : 'Civil-society evidence'} roles={['civil_society', ...STAFF]}>
      {own && (
        <p class="govuk-body">
          <a class="govuk-button" href="/submissions/new" role="button" draggable={false}>
            Submit evidence
          </a>
        </p>
      )}
      <LoadState loaded={loaded} what="the submissions" />
      {loaded.data && items.length === 0 && <p class="govuk-body">No submissions yet.</p>}
      {items.map((item) => (
        <SubmissionCard key={item.id} item={item} onChanged={() => setGeneration((n) => n + 1)} />
      ))}
    </Page>
  );
}

function SubmissionCard({ item, onChanged }: { item: Submission; onChanged: () => void }) {
  const { me } = useSession();
  const triage = useAction();
  const link = useAction();
  const [priority, setPriority] = useState('');
  const [application, setApplication] = useState('');
  const caseworker = !!me && CASEWORKERS.includes(me.role);
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">
          {item.id}: {item.name} <Tag value={item.state} />
        </h2>
      </div>
      <div class="govuk-summary-card__content">
        {triage.done && <Notice>{triage.done}</Notice>}
        {link.done && <Notice>{link.done}</Notice>}
        <SummaryList
          rows={[
            ['About', `${humanise(item.subject)}${item.country ? `, ${item.country}` : ''}${item.control_entry ? `, ${item.control_entry}` : ''}`],
            ['Summary', item.summary],
            ['Evidence', item.evidence],
            ['Sources', item.sources?.length ? item.sources.join(' ') : '—'],
            ['Submitted', `${formatDateTime(item.submitted_at)} by ${item.submitted_by} (${item.organisation})`],
            ['Priority', item.priority ? humanise(item.priority) : 'not triaged'],
            ['Linked cases', item.links?.length ? item.links.join(', ') : 'none'],
          ]}
        />
        {caseworker && (
          <>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void triage.run(
                  async () => {
                    await post(`/api/v1/submissions/${item.id}/triage`, { priority });
                    onChanged();
                    return `Triaged as ${priority} priority.`;
                  },
                  () => (priority ? [] : [{ field: `priority-${item.id}`, detail: 'Choose a priority' }]),
                );
              }}
            >
              <ErrorSummary errors={triage.errors} general={triage.general} />
              <Radios
                field={`priority-${item.id}`}
                legend="Priority"
                inline
                value={priority}
                onValue={setPriority}
                error={errorFor(triage.errors, `priority-${item.id}`)}
                options={['low', 'medium', 'high'].map((value) => ({ value, label: humanise(value) }))}
              />
              <Button type="submit" secondary disabled={triage.busy}>
                Triage
              </Button>
            </form>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void link.run(
                  async () => {
                    await post(`/api/v1/submissions/${item.id}/links`, { application: application.trim() });
                    onChanged();
                    return `Linked to ${application.trim()}; the case is flagged.`;
                  },
                  () => (application.trim() ? [] : [{ field: `application-${item.id}`, detail: 'Enter a case id' }]),
                );
              }}
            >
              <ErrorSummary errors={link.errors} general={link.general} />
              <TextInput
                field={`application-${item.id}`}
                label="Link to case"
                hint={item.suggested_links?.length ? `Open cases with a party of that name: ${item.suggested_links.join(', ')}` : 'A case id, for example APP-2026-000001'}
                width="20"
                value={application}
                onValue={setApplication}
                error={errorFor(link.errors, `application-${item.id}`) ?? errorFor(link.errors, 'application')}
              />
              <Button type="submit" secondary disabled={link.busy}>
                Link
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
