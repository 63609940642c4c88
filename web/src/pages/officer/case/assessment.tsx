// The assessment as a chart of factor contributions: one bar per factor, with its evidence and
// citation beside it, so that the chart is also its own data table.
import type { Assessment } from '../../../api/types';
import { Tag, humanise } from '../../../components/ui';
import type { CaseTabProps } from '../case-page';

export function FactorChart({ factors }: { factors: Assessment['factors'] }) {
  const largest = Math.max(1, ...factors.map((factor) => Math.abs(factor.points)));
  const sorted = [...factors].sort((a, b) => b.points - a.points);
  return (
    <ol class="echri-factors" aria-label="Factors and their points">
      {sorted.map((factor) => (
        <li class="echri-factor" key={factor.id + factor.path}>
          <p class="govuk-body govuk-!-margin-bottom-1">
            <strong>{humanise(factor.id.replace('.', ': '))}</strong>: {factor.points > 0 ? '+' : ''}
            {factor.points} points
          </p>
          <div class="echri-factor__bar-track" aria-hidden="true">
            <div
              class={`echri-factor__bar${factor.points < 0 ? ' echri-factor__bar--negative' : ''}`}
              style={{ width: `${(Math.abs(factor.points) / largest) * 100}%` }}
            />
          </div>
          <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1">{factor.evidence}</p>
          <p class="govuk-body-s govuk-!-margin-bottom-0">
            <cite>{factor.citation}</cite>
            {factor.path && <> (from {factor.path})</>}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function AssessmentTab({ kase }: CaseTabProps) {
  const assessment = kase.assessment;
  if (!assessment) return <p class="govuk-body">The case has not been assessed yet.</p>;
  return (
    <>
      <p class="govuk-body-l">
        <Tag value={assessment.risk.level} label={`${assessment.risk.level} risk`} /> score {assessment.risk.score}; the
        policy recommends <strong>{humanise(assessment.recommendation)}</strong>
        {kase.assessment_version ? ` (assessment version ${kase.assessment_version})` : ''}.
      </p>
      {assessment.recommendation_basis && (
        <p class="govuk-body">
          Because: {humanise(assessment.recommendation_basis.trigger)}. <cite>{assessment.recommendation_basis.citation}</cite>
        </p>
      )}
      <h2 class="govuk-heading-m">What contributes to the risk</h2>
      <FactorChart factors={assessment.factors} />
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">The factors as a table</span>
        </summary>
        <div class="govuk-details__text">
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">
              Factors of the assessment, score {assessment.risk.score}
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Factor</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Points</th>
                <th scope="col" class="govuk-table__header">Evidence</th>
                <th scope="col" class="govuk-table__header">Citation</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {assessment.factors.map((factor) => (
                <tr class="govuk-table__row" key={factor.id + factor.path}>
                  <th scope="row" class="govuk-table__header">
                    {factor.id}
                  </th>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{factor.points}</td>
                  <td class="govuk-table__cell">{factor.evidence}</td>
                  <td class="govuk-table__cell">{factor.citation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <h2 class="govuk-heading-m">Missing information</h2>
      {assessment.missing_information.length === 0 ? (
        <p class="govuk-body">Nothing is missing.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {assessment.missing_information.map((missing) => (
            <li key={missing.path}>
              {missing.what} <span class="govuk-body-s">({missing.path})</span>
            </li>
          ))}
        </ul>
      )}
      {assessment.red_flags.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Red flags</h2>
          <ul class="govuk-list govuk-list--bullet">
            {assessment.red_flags.map((flag, index) => (
              <li key={index}>{flag.what ?? flag.evidence ?? flag.id}</li>
            ))}
          </ul>
        </>
      )}
      {assessment.conditions.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Suggested conditions</h2>
          <ul class="govuk-list govuk-list--bullet">
            {assessment.conditions.map((condition) => (
              <li key={condition}>{condition}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
