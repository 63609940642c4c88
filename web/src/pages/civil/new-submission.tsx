// The civil-society submission form: evidence about an end user or a technology, with sources.
import { useLocation } from 'preact-iso';
import { post } from '../../api/client';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, Radios, TextArea, TextInput, errorFor } from '../../components/forms';
import { Page } from '../../components/page';
import { useDraft } from '../../session/session';

type Draft = { subject: string; name: string; country: string; control_entry: string; summary: string; evidence: string; sources: string };
const EMPTY: Draft = { subject: '', name: '', country: '', control_entry: '', summary: '', evidence: '', sources: '' };

export function NewSubmission() {
  const { route } = useLocation();
  const action = useAction();
  const [draft, setDraft, clearDraft] = useDraft<Draft>('submission', EMPTY);
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        const sources = draft.sources.split(/\s+/).filter(Boolean);
        const { id } = await post<{ id: string }>('/api/v1/submissions', {
          subject: draft.subject,
          name: draft.name.trim(),
          ...(draft.country.trim() ? { country: draft.country.trim().toUpperCase() } : {}),
          ...(draft.control_entry.trim() ? { control_entry: draft.control_entry.trim() } : {}),
          summary: draft.summary.trim(),
          evidence: draft.evidence.trim(),
          ...(sources.length ? { sources } : {}),
        });
        clearDraft();
        route(`/submissions/${id}`);
      },
      () =>
        [
          ['subject', draft.subject, 'Choose what the evidence is about'],
          ['name', draft.name, 'Enter the name of the end user or technology'],
          ['summary', draft.summary, 'Enter a summary'],
          ['evidence', draft.evidence, 'Describe the evidence'],
        ]
          .filter(([, value]) => !value.trim())
          .map(([field, , detail]) => ({ field, detail })),
    );
  };
  return (
    <Page title="Submit evidence" roles={['civil_society']}>
      <p class="govuk-body">
        Tell the licensing authority about an end user or a technology that could be misused for serious violations or
        abuses of human rights. Officers read every submission and link it to the cases it concerns.
      </p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={action.errors} general={action.general} />
        <Radios
          field="subject"
          legend="What is the evidence about?"
          value={draft.subject}
          onValue={set('subject')}
          error={errorFor(action.errors, 'subject')}
          options={[
            { value: 'end_user', label: 'An end user (a company, agency or person)' },
            { value: 'technology', label: 'A technology' },
          ]}
        />
        <TextInput field="name" label="Name" value={draft.name} onValue={set('name')} error={errorFor(action.errors, 'name')} />
        <TextInput field="country" label="Country (optional)" hint="Two-letter code" width="4" value={draft.country} onValue={set('country')} error={errorFor(action.errors, 'country')} />
        <TextInput field="control_entry" label="Control-list entry (optional)" width="10" value={draft.control_entry} onValue={set('control_entry')} error={errorFor(action.errors, 'control_entry')} />
        <TextArea field="summary" label="Summary" rows={3} value={draft.summary} onValue={set('summary')} error={errorFor(action.errors, 'summary')} />
        <TextArea field="evidence" label="Evidence" hint="What you know and how you know it." value={draft.evidence} onValue={set('evidence')} error={errorFor(action.errors, 'evidence')} />
        <TextArea field="sources" label="Sources (optional)" hint="Web addresses, one per line." rows={3} value={draft.sources} onValue={set('sources')} error={errorFor(action.errors, 'sources')} />
        <Button type="submit" disabled={action.busy}>
          Send the evidence
        </Button>
      </form>
    </Page>
  );
}
