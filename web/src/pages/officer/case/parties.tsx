// The parties and their screening hits, each with its explanation and the officer's disposition
// (confirmed or dismissed, with a reason; a dismissal survives re-screening unless the listed
// entity changes).
import { useState } from 'preact/hooks';
import { post } from '../../../api/client';
import type { ScreeningHit } from '../../../api/types';
import { useAction } from '../../../components/action';
import { Button, ErrorSummary, Radios, TextArea, errorFor } from '../../../components/forms';
import { Notice, SummaryList, Tag, formatDateTime, humanise } from '../../../components/ui';
import { CASEWORKERS, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

export function PartiesTab({ kase, reload }: CaseTabProps) {
  const parties = kase.application.parties ?? [];
  const hits = kase.screening?.hits ?? [];
  const explanations = new Map<string, string>();
  for (const screened of kase.assessment?.screening ?? []) {
    for (const hit of screened.hits) {
      explanations.set(`${screened.party}|${hit.list}|${hit.source_id}`, String(hit.explanation ?? ''));
    }
  }
  if (parties.length === 0) return <p class="govuk-body">The application names no parties.</p>;
  return (
    <>
      {kase.screening && (
        <p class="govuk-body-s">
          Screened {kase.screening.at ? formatDateTime(kase.screening.at) : ''} against {kase.screening.lists.join(', ')}.
        </p>
      )}
      {parties.map((party, index) => {
        const partyHits = hits.filter((hit) => hit.party_index === index);
        return (
          <section key={index} aria-labelledby={`party-${index}`}>
            <h2 class="govuk-heading-m" id={`party-${index}`}>
              {party.name} <span class="govuk-caption-m">{humanise(party.role)}</span>
            </h2>
            <SummaryList
              rows={[
                ['Type', party.type ? humanise(party.type) : 'not stated'],
                ['Country', party.country ?? 'not stated'],
                ['Address', party.address ?? 'not stated'],
                ['Screening', partyHits.length ? `${partyHits.length} potential ${partyHits.length === 1 ? 'match' : 'matches'}` : 'no match'],
              ]}
            />
            {partyHits.map((hit) => (
              <HitCard
                key={`${hit.list}-${hit.source_id}`}
                hit={hit}
                explanation={explanations.get(`${index}|${hit.list}|${hit.source_id}`)}
                caseId={kase.id}
                version={kase.version}
                reload={reload}
              />
            ))}
          </section>
        );
      })}
    </>
  );
}

function HitCard({
  hit,
  explanation,
  caseId,
  version,
  reload,
}: {
  hit: ScreeningHit;
  explanation?: string;
  caseId: string;
  version: number;
  reload: () => void;
}) {
  const { me } = useSession();
  const action = useAction();
  const [disposition, setDisposition] = useState('');
  const [reason, setReason] = useState('');
  const state = hit.disposition ?? 'open';
  const key = `hit-${hit.list}-${hit.source_id}`.replace(/[^A-Za-z0-9-]/g, '-');
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        await post(`/api/v1/applications/${caseId}/hits/${encodeURIComponent(hit.id ?? '')}/disposition`, { disposition, reason }, version);
        reload();
        return `The match on ${hit.listed_name} is ${disposition}.`;
      },
      () => [
        ...(disposition ? [] : [{ field: `${key}-disposition`, detail: 'Choose confirm or dismiss' }]),
        ...(reason.trim() ? [] : [{ field: `${key}-reason`, detail: 'Enter the reason for your decision' }]),
      ],
    );
  };
  return (
    <div class={`echri-hit${state === 'dismissed' ? ' echri-hit--dismissed' : ''}`}>
      <h3 class="govuk-heading-s">
        {hit.listed_name} on {hit.list} ({hit.source_id}): {Math.round(hit.score * 100)} % <Tag value={state} />
      </h3>
      {explanation && <p class="govuk-body-s">Why it matched: {explanation}</p>}
      {hit.identifier_match && <p class="govuk-body-s">The identifier matches: this is decisive.</p>}
      {state !== 'open' && (
        <p class="govuk-body">
          {humanise(state)} by {hit.by ?? 'an officer'}
          {hit.at ? `, ${formatDateTime(hit.at)}` : ''}: {hit.reason}
        </p>
      )}
      {action.done && <Notice>{action.done}</Notice>}
      {me && CASEWORKERS.includes(me.role) && hit.id && (
        <form onSubmit={submit}>
          <ErrorSummary errors={action.errors} general={action.general} />
          <Radios
            field={`${key}-disposition`}
            legend={state === 'open' ? 'Is this the listed entity?' : 'Change the decision on this match'}
            value={disposition}
            onValue={setDisposition}
            inline
            error={errorFor(action.errors, `${key}-disposition`) ?? errorFor(action.errors, 'disposition')}
            options={[
              { value: 'confirmed', label: 'Confirm: it is the listed entity' },
              { value: 'dismissed', label: 'Dismiss: a different entity' },
            ]}
          />
          <TextArea
            field={`${key}-reason`}
            label="Reason"
            hint="Say what shows it is or is not the listed entity (date of birth, address, registration number)."
            rows={3}
            value={reason}
            onValue={setReason}
            error={errorFor(action.errors, `${key}-reason`) ?? errorFor(action.errors, 'reason')}
          />
          <Button type="submit" secondary disabled={action.busy}>
            Record decision on this match
          </Button>
        </form>
      )}
    </div>
  );
}
