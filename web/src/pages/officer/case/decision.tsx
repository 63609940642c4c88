// The decision dialog: outcome, coded reasons, conditions and explanation, sent as a
// recommendation or as a decision. Four-eyes is the server's rule (docs/cases.md, "Decisions");
// the page says what it needs before anyone tries.
import { useState } from 'preact/hooks';
import { post } from '../../../api/client';
import type { Reason } from '../../../api/types';
import { useAction } from '../../../components/action';
import { Button, ErrorSummary, Radios, TextArea, errorFor, fieldId } from '../../../components/forms';
import { Dialog, Notice, SummaryList, Tag, formatDateTime, humanise, useApi } from '../../../components/ui';
import { CASEWORKERS, useDraft, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

const OPEN_STATES = ['submitted', 'under_review', 'information_requested', 'recommended'];
type Kind = 'recommendation' | 'decision';
type Draft = { outcome: string; reasons: string[]; conditions: string; explanation: string };
const EMPTY: Draft = { outcome: '', reasons: [], conditions: '', explanation: '' };

export function DecisionTab({ kase, reload }: CaseTabProps) {
  const { me } = useSession();
  const reasons = useApi<{ items: Reason[] }>('/api/v1/reasons');
  const [kind, setKind] = useState<Kind | null>(null);
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`decision.${kase.id}`, EMPTY);
  const action = useAction();
  const reassess = useAction();
  const open = OPEN_STATES.includes(kase.state);
  const caseworker = !!me && CASEWORKERS.includes(me.role);
  const recommendation = kase.state === 'recommended' ? kase.recommendation : undefined;
  const ownRecommendation = recommendation && recommendation.by === me?.user;

  const startDecision = (which: Kind) => {
    action.reset();
    if (which === 'decision' && recommendation && draft.outcome === '') {
      setDraft({
        outcome: recommendation.outcome,
        reasons: recommendation.reasons ?? [],
        conditions: (recommendation.conditions ?? []).join('\n'),
        explanation: '',
      });
    }
    setKind(which);
  };

  const send = (event: Event) => {
    event.preventDefault();
    if (!kind) return;
    const body = {
      outcome: draft.outcome,
      reasons: draft.outcome === 'refused' ? draft.reasons : [],
      conditions: draft.conditions.split('\n').map((line) => line.trim()).filter(Boolean),
      explanation: draft.explanation,
    };
    void action.run(
      async () => {
        await post(`/api/v1/applications/${kase.id}/${kind}`, body, kase.version);
        clearDraft();
        setKind(null);
        reload();
        return kind === 'decision' ? 'The decision is recorded.' : 'Your recommendation is recorded; a senior officer decides.';
      },
      () => [
        ...(draft.outcome ? [] : [{ field: 'outcome', detail: 'Choose an outcome' }]),
        ...(draft.outcome === 'refused' && draft.reasons.length === 0 ? [{ field: 'reasons', detail: 'Choose at least one reason for the refusal' }] : []),
        ...(draft.outcome === 'approved_with_conditions' && !draft.conditions.trim() ? [{ field: 'conditions', detail: 'Enter at least one condition' }] : []),
      ],
    );
  };

  return (
    <>
      {action.done && <Notice>{action.done}</Notice>}
      {reassess.done && <Notice>{reassess.done}</Notice>}
      <ErrorSummary errors={[]} general={reassess.general ?? (kind === null ? action.general : undefined)} />
      {kase.recommendation && (
        <>
          <h2 class="govuk-heading-m">Recommendation</h2>
          <SummaryList
            rows={[
              ['Outcome', <Tag value={kase.recommendation.outcome} />],
              ['By', kase.recommendation.by ?? '—'],
              ['Reasons', (kase.recommendation.reasons ?? []).join(', ') || '—'],
              ['Explanation', kase.recommendation.explanation ?? '—'],
            ]}
          />
        </>
      )}
      {kase.decision && (
        <>
          <h2 class="govuk-heading-m">Decision</h2>
          <SummaryList
            rows={[
              ['Outcome', <Tag value={kase.decision.outcome} />],
              ['By', kase.decision.by ?? '—'],
              ['Reasons', (kase.decision.reasons ?? []).join(', ') || '—'],
              ['At', kase.decision.at ? formatDateTime(kase.decision.at) : '—'],
            ]}
          />
        </>
      )}
      {open && caseworker && (
        <>
          <h2 class="govuk-heading-m">Four-eyes review</h2>
          <p class="govuk-body">
            A refusal, an approval at high or severe risk, or an approval while a party has a screening hit is first
            recommended by an officer and then decided by a senior officer who is another person. The senior officer
            confirms the recommended outcome; deciding otherwise sends the case back for a new recommendation.
          </p>
          {ownRecommendation && (
            <div class="govuk-inset-text">You made this recommendation: another senior officer must decide.</div>
          )}
          <div class="govuk-button-group">
            {kase.state !== 'recommended' && <Button onClick={() => startDecision('recommendation')}>Recommend an outcome</Button>}
            {me!.role === 'senior_officer' && !ownRecommendation && (
              <Button secondary={kase.state !== 'recommended'} onClick={() => startDecision('decision')}>
                Decide
              </Button>
            )}
            {me!.role === 'officer' && kase.state !== 'recommended' && (
              <Button secondary onClick={() => startDecision('decision')}>
                Decide (only where no second person is needed)
              </Button>
            )}
            <Button
              secondary
              disabled={reassess.busy}
              onClick={() =>
                void reassess.run(async () => {
                  await post(`/api/v1/applications/${kase.id}/reassess`, {}, kase.version);
                  reload();
                  return 'The case is screened and assessed again.';
                })
              }
            >
              Re-assess
            </Button>
          </div>
        </>
      )}
      {!open && <p class="govuk-body">The case is {humanise(kase.state).toLowerCase()}: nothing is left to decide.</p>}
      <Dialog open={kind !== null} title={kind === 'decision' ? 'Decide' : 'Recommend an outcome'} onClose={() => setKind(null)}>
        <form onSubmit={send}>
          <ErrorSummary errors={action.errors} general={action.general} />
          <Radios
            field="outcome"
            legend="Outcome"
            value={draft.outcome}
            onValue={(outcome) => setDraft({ ...draft, outcome })}
            error={errorFor(action.errors, 'outcome')}
            options={[
              { value: 'approved', label: 'Approve' },
              { value: 'approved_with_conditions', label: 'Approve with conditions' },
              { value: 'refused', label: 'Refuse' },
            ]}
          />
          {draft.outcome === 'refused' && (
            <ReasonChoice
              reasons={reasons.data?.items ?? []}
              chosen={draft.reasons}
              onChange={(chosen) => setDraft({ ...draft, reasons: chosen })}
              error={errorFor(action.errors, 'reasons')}
            />
          )}
          {draft.outcome === 'approved_with_conditions' && (
            <TextArea
              field="conditions"
              label="Conditions"
              hint="One per line."
              value={draft.conditions}
              onValue={(conditions) => setDraft({ ...draft, conditions })}
              error={errorFor(action.errors, 'conditions')}
            />
          )}
          <TextArea
            field="explanation"
            label="Explanation"
            hint="Why: the exporter sees the decision's explanation."
            value={draft.explanation}
            onValue={(explanation) => setDraft({ ...draft, explanation })}
            error={errorFor(action.errors, 'explanation')}
          />
          <div class="govuk-button-group">
            <Button type="submit" disabled={action.busy}>
              {kind === 'decision' ? 'Record the decision' : 'Send the recommendation'}
            </Button>
            <Button secondary onClick={() => setKind(null)}>
              Cancel
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function ReasonChoice({
  reasons,
  chosen,
  onChange,
  error,
}: {
  reasons: Reason[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string;
}) {
  const id = fieldId('reasons');
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={error ? `${id}-error` : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Reasons for the refusal</legend>
        {error && (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div class="govuk-checkboxes govuk-checkboxes--small">
          {reasons.map((reason, index) => (
            <div class="govuk-checkboxes__item" key={reason.code}>
              <input
                class="govuk-checkboxes__input"
                id={index === 0 ? id : `${id}-${reason.code}`}
                type="checkbox"
                value={reason.code}
                checked={chosen.includes(reason.code)}
                onChange={(event) =>
                  onChange(event.currentTarget.checked ? [...chosen, reason.code] : chosen.filter((c) => c !== reason.code))
                }
              />
              <label class="govuk-label govuk-checkboxes__label" for={index === 0 ? id : `${id}-${reason.code}`}>
                {reason.code}: {reason.title}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
