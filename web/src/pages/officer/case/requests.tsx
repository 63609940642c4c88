// Information requests: what was asked, when it is due, what the exporter answered; officers ask.
import { useState } from 'preact/hooks';
import { post } from '../../../api/client';
import type { InformationRequest, Page as Paged } from '../../../api/types';
import { useAction } from '../../../components/action';
import { Button, ErrorSummary, TextArea, TextInput, errorFor } from '../../../components/forms';
import { LoadState, Notice, Tag, formatDateTime, useApi } from '../../../components/ui';
import { CASEWORKERS, useDraft, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

export function RequestList({ caseId, generation }: { caseId: string; generation: number }) {
  const loaded = useApi<Paged<InformationRequest>>(`/api/v1/applications/${caseId}/information-requests?limit=200&g=${generation}`);
  return (
    <>
      <LoadState loaded={loaded} what="the information requests" />
      {loaded.data && loaded.data.items.length === 0 && <p class="govuk-body">No information has been requested.</p>}
      {loaded.data?.items.map((item) => (
        <div class="govuk-summary-card" key={item.id}>
          <div class="govuk-summary-card__title-wrapper">
            <h3 class="govuk-summary-card__title">
              {item.id} <Tag value={item.state} />
            </h3>
          </div>
          <div class="govuk-summary-card__content">
            <p class="govuk-body echri-pre">{item.question}</p>
            <p class="govuk-body-s">
              Asked {formatDateTime((item as { asked_at?: string }).asked_at ?? item.created_at)}; due {item.due}
            </p>
            {item.answer && (
              <>
                <h4 class="govuk-heading-s">Answer</h4>
                <p class="govuk-body echri-pre">{item.answer}</p>
              </>
            )}
          </div>
        </div>
      ))}
    </>
  );
}

export function RequestsTab({ kase, reload }: CaseTabProps) {
  const { me } = useSession();
  const action = useAction();
  const [question, setQuestion, clearQuestion] = useDraft(`request.${kase.id}`, '');
  const [due, setDue] = useState('');
  const [generation, setGeneration] = useState(0);
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        await post(`/api/v1/applications/${kase.id}/information-requests`, due ? { question, due } : { question });
        clearQuestion();
        setDue('');
        setGeneration((n) => n + 1);
        reload();
        return 'The request has been sent to the exporter.';
      },
      () => (question.trim() ? [] : [{ field: 'question', detail: 'Enter the question for the exporter' }]),
    );
  };
  return (
    <>
      {action.done && <Notice>{action.done}</Notice>}
      <RequestList caseId={kase.id} generation={generation} />
      {me && CASEWORKERS.includes(me.role) && (
        <form onSubmit={submit}>
          <h2 class="govuk-heading-m">Ask the exporter for information</h2>
          <ErrorSummary errors={action.errors} general={action.general} />
          <TextArea field="question" label="Question" value={question} onValue={setQuestion} error={errorFor(action.errors, 'question')} />
          <TextInput
            field="due"
            label="Due date (optional)"
            hint="YYYY-MM-DD; 20 days from today if left empty"
            width="10"
            value={due}
            onValue={setDue}
            error={errorFor(action.errors, 'due')}
          />
          <Button type="submit" disabled={action.busy}>
            Send the request
          </Button>
        </form>
      )}
    </>
  );
}
