// The destination's country profile: the basis of the country factor, the authority's own view,
// Freedom in the World, and the Political Terror Scale's trend as a chart and a table.
import { useMemo } from 'preact/hooks';
import { SummaryList, Tag, humanise } from '../../../components/ui';
import { TrendChart } from '../../../components/trend-chart';
import type { CaseTabProps } from '../case-page';

export function CountryTab({ kase }: CaseTabProps) {
  const destination = kase.assessment?.destination;
  const history = destination?.pts_history ?? [];
  const years = useMemo(() => history.map((row) => row.year), [history]);
  const series = useMemo(
    () => [
      { label: 'Worst of the three', values: history.map((row) => row.worst), colour: '#d4351c' },
      { label: 'Amnesty International', values: history.map((row) => row.amnesty ?? null), colour: '#0b4f6c' },
      { label: 'Human Rights Watch', values: history.map((row) => row.human_rights_watch ?? null), colour: '#505a5f' },
      { label: 'US State Department', values: history.map((row) => row.state_department ?? null), colour: '#00703c' },
    ],
    [history],
  );
  if (!destination) return <p class="govuk-body">The case has not been assessed yet.</p>;
  return (
    <>
      <h2 class="govuk-heading-m">{destination.country.name}</h2>
      <SummaryList
        rows={[
          ['The country factor rests on', humanise(destination.basis)],
          [
            "The authority's own view",
            destination.authority ? (
              <>
                <Tag value={destination.authority.level} /> by {destination.authority.author} on {destination.authority.date}:{' '}
                {destination.authority.reason}
              </>
            ) : (
              'none recorded'
            ),
          ],
          [
            'Freedom in the World',
            destination.fiw
              ? `${destination.fiw.total}/100 (${destination.fiw.status}; political rights ${destination.fiw.political_rights}, civil liberties ${destination.fiw.civil_liberties}), edition ${destination.fiw.edition}${destination.fiw.stale ? ', out of date' : ''}`
              : 'no data',
          ],
          [
            'Political Terror Scale',
            destination.pts ? `${destination.pts.worst} of 5 in ${destination.pts.year}${destination.pts.stale ? ', out of date' : ''}` : 'no data',
          ],
        ]}
      />
      {destination.warnings.length > 0 && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {destination.warnings.join(' ')}
          </strong>
        </div>
      )}
      {history.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Political Terror Scale over the years</h2>
          <TrendChart title="Political Terror Scale (1 best, 5 worst)" years={years} series={series} max={5} />
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-table__caption--s">
              Political Terror Scale by year (1: secure rule of law, 5: terror extends to the whole population)
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Year</th>
                {series.map((s) => (
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {history.map((row, index) => (
                <tr class="govuk-table__row" key={row.year}>
                  <th scope="row" class="govuk-table__header">
                    {row.year}
                  </th>
                  {series.map((s) => (
                    <td class="govuk-table__cell govuk-table__cell--numeric" key={s.label}>
                      {s.values[index] ?? '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
