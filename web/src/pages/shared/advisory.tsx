// Advisory queries: an exporter asks whether a transaction would need (or get) a licence before
// applying; officers see the end user's screening and answer.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { post } from '../../api/client';
import type { Page as Paged } from '../../api/types';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, Radios, TextArea, TextInput, errorFor } from '../../components/forms';
import { Page } from '../../components/page';
import { LoadState, Notice, Tag, formatDateTime, humanise, useApi } from '../../components/ui';
import { CASEWORKERS, STAFF, useDraft, useSession } from '../../session/session';

type Query = {
  id: string;
  state: string;
  asked_at: string;
  asked_by: string;
  organisation: string;
  end_user: { name: string; country?: string };
  question: string;
  screening?: { hits: { listed_name: string; list: string; source_id: string; score: number; explanation?: string }[] };
  advice?: string;
  text?: string;
  answer?: { advice: string; text: string };
};

export function Advisory() {
  const { me } = useSession();
  const { params } = useRoute();
  const [generation, setGeneration] = useState(0);
  const loaded = useApi<Paged<Query>>(`/api/v1/advisory-queries?limit=200&g=${generation}`);
  const items = (loaded.data?.items ?? []).filter((item) => !params.id || item.id === params.id);
  return (
    <Page title="Advisory queries" roles={['exporter', ...STAFF]}>
      <LoadState loaded={loaded} what="the advisory queries" />
      {loaded.data && items.length === 0 && <p class="govuk-body">No advisory queries yet.</p>}
      {items.map((item) => (
        <QueryCard key={item.id} item={item} onAnswered={() => setGeneration((n) => n + 1)} />
      ))}
      {me?.role === 'exporter' && <Ask onAsked={() => setGeneration((n) => n + 1)} />}
    </Page>
  );
}

function QueryCard({ item, onAnswered }: { item: Query; onAnswered: () => void }) {
  const { me } = useSession();
  const action = useAction();
  const [advice, setAdvice] = useState('');
  const [text, setText] = useState('');
  const answer = item.answer ?? (item.advice ? { advice: item.advice, text: item.text ?? '' } : undefined);
  const answerField = `advice-${item.id}`;
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title">
          {item.id}: {item.end_user.name} {item.end_user.country ? `(${item.end_user.country})` : ''} <Tag value={item.state} />
        </h2>
      </div>
      <div class="govuk-summary-card__content">
        {action.done && <Notice>{action.done}</Notice>}
        <p class="govuk-body">{item.question}</p>
        <p class="govuk-body-s">
          Asked by {item.asked_by} ({item.organisation}), {formatDateTime(item.asked_at)}
        </p>
        {item.screening && (
          <p class="govuk-body-s">
            Screening of the end user:{' '}
            {item.screening.hits.length === 0
              ? 'no match'
              : item.screening.hits.map((hit) => `${hit.listed_name} on ${hit.list} (${Math.round(hit.score * 100)} %)`).join('; ')}
          </p>
        )}
        {answer && (
          <p class="govuk-body">
            <strong>{humanise(answer.advice)}</strong>: {answer.text}
          </p>
        )}
        {!answer && me && CASEWORKERS.includes(me.role) && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(
                async () => {
                  await post(`/api/v1/advisory-queries/${item.id}/answer`, { advice, text });
                  onAnswered();
                  return 'Your advice is sent.';
                },
                () => [
                  ...(advice ? [] : [{ field: answerField, detail: 'Choose the advice' }]),
                  ...(text.trim() ? [] : [{ field: `${answerField}-text`, detail: 'Explain the advice' }]),
                ],
              );
            }}
          >
            <ErrorSummary errors={action.errors} general={action.general} />
            <Radios
              field={answerField}
              legend="Advice"
              value={advice}
              onValue={setAdvice}
              error={errorFor(action.errors, answerField)}
              options={['no_objection', 'licence_required', 'likely_refusal', 'insufficient_information'].map((value) => ({ value, label: humanise(value) }))}
            />
            <TextArea field={`${answerField}-text`} label="Explanation" value={text} onValue={setText} error={errorFor(action.errors, `${answerField}-text`) ?? errorFor(action.errors, 'text')} />
            <Button type="submit" disabled={action.busy}>
              Send the advice
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}

type AskDraft = { name: string; country: string; question: string };

function Ask({ onAsked }: { onAsked: () => void }) {
  const action = useAction();
  const [draft, setDraft, clearDraft] = useDraft<AskDraft>('advisory', { name: '', country: '', question: '' });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(
          async () => {
            await post('/api/v1/advisory-queries', {
              end_user: draft.country.trim() ? { name: draft.name, country: draft.country.trim().toUpperCase() } : { name: draft.name },
              question: draft.question,
            });
            clearDraft();
            onAsked();
            return 'Your query is sent to the authority.';
          },
          () => [
            ...(draft.name.trim() ? [] : [{ field: 'end_user.name', detail: "Enter the end user's name" }]),
            ...(draft.question.trim() ? [] : [{ field: 'question', detail: 'Enter your question' }]),
          ],
        );
      }}
    >
      <h2 class="govuk-heading-m">Ask the authority</h2>
      {action.done && <Notice>{action.done}</Notice>}
      <ErrorSummary errors={action.errors} general={action.general} />
      <TextInput field="end_user.name" label="End user's name" value={draft.name} onValue={(name) => setDraft({ ...draft, name })} error={errorFor(action.errors, 'end_user.name')} />
      <TextInput field="end_user.country" label="End user's country (optional)" width="4" value={draft.country} onValue={(country) => setDraft({ ...draft, country })} error={errorFor(action.errors, 'end_user.country')} />
      <TextArea field="question" label="Your question" value={draft.question} onValue={(question) => setDraft({ ...draft, question })} error={errorFor(action.errors, 'question')} />
      <Button type="submit" disabled={action.busy}>
        Send the query
      </Button>
    </form>
  );
}
