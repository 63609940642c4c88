// The due-diligence questionnaire (docs/diligence.md): an application and the steps the exporter
// has taken, answered by the authority's own engine as a report of what is done and what is left.
import { useState } from 'preact/hooks';
import { post } from '../../api/client';
import type { Case, Page as Paged } from '../../api/types';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, Select } from '../../components/forms';
import { Page } from '../../components/page';
import { SummaryList, Tag, humanise, useApi } from '../../components/ui';

const STEPS: [string, string][] = [
  ['human_rights_policy', 'We have a human-rights policy commitment'],
  ['item_classified', 'We have classified the items against the control lists'],
  ['misuse_assessed', 'We have assessed how the items could be misused'],
  ['parties_screened', 'We have screened every party'],
  ['destination_assessed', 'We have assessed the destination'],
  ['end_user_verified', 'We have verified the end user'],
  ['contract_safeguards', 'The contract has safeguards (end-use, re-export, human-rights clauses)'],
  ['remote_access_controls', 'We control remote access and updates'],
  ['staff_trained', 'Our staff are trained'],
  ['grievance_mechanism', 'We have a grievance mechanism'],
  ['records_kept', 'We keep records'],
];

type Report = {
  reference: string;
  risk: { level: string; score: number };
  outlook: string;
  licence: { indication: string; basis: string };
  open_actions: number;
  steps: { id: string; title: string; status: string; citation: string; findings: string[]; actions: string[] }[];
};

export function Diligence() {
  const applications = useApi<Paged<Case>>('/api/v1/applications?limit=200');
  const action = useAction();
  const [chosen, setChosen] = useState('');
  const [steps, setSteps] = useState<Record<string, boolean>>({});
  const [report, setReport] = useState<Report | null>(null);
  const run = (event: Event) => {
    event.preventDefault();
    const kase = applications.data?.items.find((item) => item.id === chosen);
    void action.run(
      async () => {
        setReport(await post<Report>('/api/v1/diligence', { application: kase!.application, steps }));
      },
      () => (kase ? [] : [{ field: 'application', detail: 'Choose the application to check' }]),
    );
  };
  return (
    <Page title="Human-rights due diligence" roles={['exporter']}>
      <p class="govuk-body">
        Check a transaction against the UN Guiding Principles and the EU guidance on cyber-surveillance items with the
        authority's own assessment engine. Nothing is sent to the authority.
      </p>
      <form onSubmit={run} noValidate>
        <ErrorSummary errors={action.errors} general={action.general} />
        <Select
          field="application"
          label="Application"
          placeholder="Choose one"
          options={(applications.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.application.reference} (${item.id})` }))}
          value={chosen}
          onValue={setChosen}
          error={action.errors.find((e) => e.field === 'application')?.detail}
        />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What you have done</legend>
            <div class="govuk-checkboxes govuk-checkboxes--small">
              {STEPS.map(([id, label]) => (
                <div class="govuk-checkboxes__item" key={id}>
                  <input
                    class="govuk-checkboxes__input"
                    id={`step-${id}`}
                    type="checkbox"
                    checked={!!steps[id]}
                    onChange={(event) => setSteps({ ...steps, [id]: event.currentTarget.checked })}
                  />
                  <label class="govuk-label govuk-checkboxes__label" for={`step-${id}`}>
                    {label}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Button type="submit" disabled={action.busy}>
          Produce the report
        </Button>
      </form>
      {report && (
        <section aria-labelledby="report-title">
          <h2 class="govuk-heading-m" id="report-title">
            Report for {report.reference}
          </h2>
          <SummaryList
            rows={[
              ['Risk', <><Tag value={report.risk.level} /> score {report.risk.score}</>],
              ['An authority would likely', humanise(report.outlook)],
              ['Licence', `${humanise(report.licence.indication)}: ${report.licence.basis}`],
              ['Actions still to take', String(report.open_actions)],
            ]}
          />
          {report.steps.map((step) => (
            <div class="govuk-summary-card" key={step.id}>
              <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">
                  {step.title} <Tag value={step.status === 'done' ? 'low' : 'high'} label={humanise(step.status)} />
                </h3>
              </div>
              <div class="govuk-summary-card__content">
                {step.findings.length > 0 && (
                  <ul class="govuk-list govuk-list--bullet">
                    {step.findings.map((finding) => (
                      <li key={finding}>{finding}</li>
                    ))}
                  </ul>
                )}
                {step.actions.length > 0 && (
                  <>
                    <h4 class="govuk-heading-s">To do</h4>
                    <ul class="govuk-list govuk-list--bullet">
                      {step.actions.map((todo) => (
                        <li key={todo}>{todo}</li>
                      ))}
                    </ul>
                  </>
                )}
                <p class="govuk-body-s">
                  <cite>{step.citation}</cite>
                </p>
              </div>
            </div>
          ))}
        </section>
      )}
    </Page>
  );
}
