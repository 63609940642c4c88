// Internal notes and advice (never shown to the exporter).
import { useState } from 'preact/hooks';
import { post } from '../../../api/client';
import type { Note, Page as Paged } from '../../../api/types';
import { useAction } from '../../../components/action';
import { Button, ErrorSummary, Radios, TextArea, errorFor } from '../../../components/forms';
import { LoadState, Notice, Timeline, humanise, useApi } from '../../../components/ui';
import { CASEWORKERS, useDraft, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

export function NotesTab({ kase }: CaseTabProps) {
  const { me } = useSession();
  const action = useAction();
  const [generation, setGeneration] = useState(0);
  const [text, setText, clearText] = useDraft(`note.${kase.id}`, '');
  const [type, setType] = useState('note');
  const loaded = useApi<Paged<Note>>(`/api/v1/applications/${kase.id}/notes?limit=200&g=${generation}`);
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        await post(`/api/v1/applications/${kase.id}/notes`, { text, type });
        clearText();
        setGeneration((n) => n + 1);
        return type === 'advice' ? 'Your advice is recorded.' : 'Your note is recorded.';
      },
      () => (text.trim() ? [] : [{ field: 'text', detail: 'Enter the note' }]),
    );
  };
  return (
    <>
      {action.done && <Notice>{action.done}</Notice>}
      <LoadState loaded={loaded} what="the notes" />
      {loaded.data && (
        <Timeline
          events={loaded.data.items.map((note) => ({
            at: note.created_at,
            title: humanise(note.type),
            by: note.created_by ?? (note as { by?: string }).by,
            detail: <p class="govuk-body echri-pre">{note.text}</p>,
          }))}
        />
      )}
      {me && CASEWORKERS.includes(me.role) && (
        <form onSubmit={submit}>
          <h2 class="govuk-heading-m">Add a note or advice</h2>
          <ErrorSummary errors={action.errors} general={action.general} />
          <Radios
            field="type"
            legend="Kind"
            inline
            value={type}
            onValue={setType}
            options={[
              { value: 'note', label: 'Note' },
              { value: 'advice', label: 'Advice' },
            ]}
          />
          <TextArea field="text" label="Text" hint="Internal: the exporter never sees notes." value={text} onValue={setText} error={errorFor(action.errors, 'text')} />
          <Button type="submit" disabled={action.busy}>
            Add
          </Button>
        </form>
      )}
    </>
  );
}
