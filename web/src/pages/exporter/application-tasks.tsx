// One application for its exporter. A draft is a task list (GOV.UK pattern) whose statuses come
// from the assessment's missing information, so the exporter sees what is still missing before
// submitting; a submitted application shows its status, the authority's questions with answer
// forms, and its documents.
import { useRoute, useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, post, request } from '../../api/client';
import type { Assessment, Case } from '../../api/types';
import { useAction } from '../../components/action';
import { Documents } from '../../components/documents';
import { Button, ErrorSummary, TextArea, errorFor } from '../../components/forms';
import { Page } from '../../components/page';
import { LoadState, Notice, SummaryList, Tag, Timeline, formatDateTime, humanise, useApi } from '../../components/ui';
import type { InformationRequest, Page as Paged } from '../../api/types';
import { useDraft } from '../../session/session';
import { SECTIONS } from './sections';

type Missing = Assessment['missing_information'];

function useMissing(kase: Case | null): { missing: Missing | null; error: string | null } {
  const [state, setState] = useState<{ missing: Missing | null; error: string | null }>({ missing: null, error: null });
  const key = kase && kase.state === 'draft' ? `${kase.id}@${kase.version}` : '';
  useEffect(() => {
    if (!kase || !key) return undefined;
    let current = true;
    setState({ missing: null, error: null });
    request<Assessment>('/api/v1/assess', { method: 'POST', body: kase.application }).then(
      ({ data }) => current && setState({ missing: data.missing_information, error: null }),
      (error: Error) => current && setState({ missing: null, error: error instanceof ApiError ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [key]); // the version changes whenever the application does
  return state;
}

export function ApplicationTasks() {
  const { params } = useRoute();
  const loaded = useApi<Case>(`/api/v1/applications/${encodeURIComponent(params.id)}`);
  const kase = loaded.data;
  return (
    <Page title={kase ? `Application ${kase.application.reference}` : 'Application'} caption={params.id} roles={['exporter']}>
      <LoadState loaded={loaded} what="the application" />
      {kase && kase.state === 'draft' && <TaskList kase={kase} reload={loaded.reload} />}
      {kase && kase.state !== 'draft' && <Status kase={kase} reload={loaded.reload} />}
    </Page>
  );
}

function TaskList({ kase, reload }: { kase: Case; reload: () => void }) {
  const { missing, error } = useMissing(kase);
  const { route } = useLocation();
  const action = useAction();
  const bySection = useMemo(
    () => new Map(SECTIONS.map((section) => [section.key, (missing ?? []).filter((m) => section.owns(m.path))])),
    [missing],
  );
  const done = missing !== null && missing.length === 0;
  const submit = () =>
    void action.run(async () => {
      await post(`/api/v1/applications/${kase.id}/submit`, {}, kase.version);
      reload();
      route(`/applications/${kase.id}`);
      return 'Your application is submitted.';
    });
  return (
    <>
      <ErrorSummary errors={action.errors} general={action.general ?? error ?? undefined} />
      <p class="govuk-body">
        {missing === null
          ? 'Checking what the assessment still needs…'
          : done
            ? 'The application has everything the assessment needs.'
            : `The assessment still needs ${missing.length} ${missing.length === 1 ? 'answer' : 'answers'}. You can submit now, but the authority will ask you for them and the case waits until you answer.`}
      </p>
      <ul class="govuk-task-list">
        {SECTIONS.map((section) => {
          const gaps = bySection.get(section.key) ?? [];
          return (
            <li class="govuk-task-list__item govuk-task-list__item--with-link" key={section.key}>
              <div class="govuk-task-list__name-and-hint">
                <a class="govuk-link govuk-task-list__link" href={`/applications/${kase.id}/${section.key}`} aria-describedby={`status-${section.key}`}>
                  {section.title}
                </a>
                {gaps.length > 0 && (
                  <div class="govuk-task-list__hint">
                    Missing: {gaps.map((gap) => gap.what).join('; ')}
                  </div>
                )}
              </div>
              <div class="govuk-task-list__status" id={`status-${section.key}`}>
                {missing === null ? 'Checking' : gaps.length > 0 ? <strong class="govuk-tag govuk-tag--blue">Incomplete</strong> : 'Completed'}
              </div>
            </li>
          );
        })}
        <li class="govuk-task-list__item govuk-task-list__item--with-link">
          <div class="govuk-task-list__name-and-hint">
            <a class="govuk-link govuk-task-list__link" href={`/applications/${kase.id}/documents`} aria-describedby="status-documents">
              Supporting documents
            </a>
          </div>
          <div class="govuk-task-list__status" id="status-documents">
            Optional
          </div>
        </li>
      </ul>
      <h2 class="govuk-heading-m">Submit the application</h2>
      <p class="govuk-body">
        On submission the authority screens every party against restricted-party lists and assesses the human-rights
        risk. You cannot change the application afterwards.
      </p>
      <Button onClick={submit} disabled={action.busy || missing === null}>
        Submit the application
      </Button>
    </>
  );
}

function Status({ kase, reload }: { kase: Case; reload: () => void }) {
  const [generation, setGeneration] = useState(0);
  const requests = useApi<Paged<InformationRequest>>(`/api/v1/applications/${kase.id}/information-requests?limit=200&g=${generation}`);
  const withdraw = useAction();
  const open = ['submitted', 'under_review', 'information_requested', 'recommended'].includes(kase.state);
  return (
    <>
      {withdraw.done && <Notice>{withdraw.done}</Notice>}
      <ErrorSummary errors={[]} general={withdraw.general} />
      <SummaryList
        rows={[
          ['State', <Tag value={kase.state} />],
          ['Submitted', kase.submitted_at ? formatDateTime(kase.submitted_at) : '—'],
          ['Destination', kase.application.destination],
          ['Decision', kase.decision ? <Tag value={kase.decision.outcome} /> : 'not yet'],
        ]}
      />
      {kase.decision?.explanation && <p class="govuk-body">{kase.decision.explanation}</p>}
      <h2 class="govuk-heading-m">Questions from the authority</h2>
      <LoadState loaded={requests} what="the questions" />
      {requests.data && requests.data.items.length === 0 && <p class="govuk-body">The authority has asked no questions.</p>}
      {requests.data?.items.map((item) => (
        <Question key={item.id} item={item} onAnswered={() => { setGeneration((n) => n + 1); reload(); }} />
      ))}
      <h2 class="govuk-heading-m">Documents</h2>
      <Documents caseId={kase.id} canUpload={open} />
      <h2 class="govuk-heading-m">History</h2>
      <Timeline events={kase.history.map((entry) => ({ at: entry.at, title: humanise(entry.action), detail: entry.state ? `Now ${humanise(entry.state).toLowerCase()}` : undefined }))} />
      {open && (
        <Button
          warning
          disabled={withdraw.busy}
          onClick={() =>
            void withdraw.run(async () => {
              await post(`/api/v1/applications/${kase.id}/withdraw`, {}, kase.version);
              reload();
              return 'The application is withdrawn.';
            })
          }
        >
          Withdraw the application
        </Button>
      )}
    </>
  );
}

function Question({ item, onAnswered }: { item: InformationRequest; onAnswered: () => void }) {
  const action = useAction();
  const [answer, setAnswer, clearAnswer] = useDraft(`answer.${item.id}`, '');
  const field = `answer-${item.id}`;
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        await post(`/api/v1/information-requests/${item.id}/answer`, { answer });
        clearAnswer();
        onAnswered();
        return 'Your answer is sent.';
      },
      () => (answer.trim() ? [] : [{ field, detail: 'Enter your answer' }]),
    );
  };
  return (
    <div class="govuk-summary-card">
      <div class="govuk-summary-card__title-wrapper">
        <h3 class="govuk-summary-card__title">
          {item.id} <Tag value={item.state} />
        </h3>
      </div>
      <div class="govuk-summary-card__content">
        {action.done && <Notice>{action.done}</Notice>}
        <p class="govuk-body echri-pre">{item.question}</p>
        <p class="govuk-body-s">Due {item.due}</p>
        {item.answer ? (
          <p class="govuk-body echri-pre">Your answer: {item.answer}</p>
        ) : (
          <form onSubmit={submit}>
            <ErrorSummary errors={action.errors} general={action.general} />
            <TextArea field={field} label="Your answer" value={answer} onValue={setAnswer} error={errorFor(action.errors, field) ?? errorFor(action.errors, 'answer')} />
            <Button type="submit" disabled={action.busy}>
              Send the answer
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
