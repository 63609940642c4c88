// Screening for exporters: one name with its explained matches, or a CSV file screened in
// batches of 100 with a progress bar and a CSV of the results to download.
import { useRef, useState } from 'preact/hooks';
import { post } from '../../api/client';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, TextInput, errorFor, fieldId } from '../../components/forms';
import { Page } from '../../components/page';
import { Tag } from '../../components/ui';
import { parseCsv, toCsv } from './csv';

type Match = { score: number; list: string; source_id: string; name: string; type?: string; programs?: string[]; explanation?: { matched_name?: string } | string };
type Result = { query: { name: string }; matches: Match[] };
type Query = { id: string; name: string; type?: string; country?: string; date_of_birth?: string; identifier?: string };

const BATCH = 100;

export function Screening() {
  return (
    <Page title="Screen names against restricted-party lists" roles={['exporter', 'officer', 'senior_officer', 'civil_society']}>
      <OneName />
      <CsvFile />
    </Page>
  );
}

function explain(match: Match): string {
  if (typeof match.explanation === 'string') return match.explanation;
  return match.explanation?.matched_name ? `matched name "${match.explanation.matched_name}"` : '';
}

function OneName() {
  const action = useAction();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        setResult(await post<Result>('/api/v1/screen', country.trim() ? { name, country: country.trim() } : { name }));
      },
      () => (name.trim() ? [] : [{ field: 'name', detail: 'Enter a name to screen' }]),
    );
  };
  return (
    <section aria-labelledby="one-name">
      <h2 class="govuk-heading-m" id="one-name">
        One name
      </h2>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={action.errors} general={action.general} />
        <TextInput field="name" label="Name" hint="In any script or spelling" value={name} onValue={setName} error={errorFor(action.errors, 'name')} />
        <TextInput field="country" label="Country (optional)" width="4" value={country} onValue={setCountry} error={errorFor(action.errors, 'country')} />
        <Button type="submit" disabled={action.busy}>
          Screen
        </Button>
      </form>
      {result && (
        <div aria-live="polite">
          {result.matches.length === 0 ? (
            <p class="govuk-body">
              <Tag value="low" label="No match" /> No listed entity resembles "{result.query.name}".
            </p>
          ) : (
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-table__caption--s">
                {result.matches.length} potential {result.matches.length === 1 ? 'match' : 'matches'} for "{result.query.name}"
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">Listed name</th>
                  <th scope="col" class="govuk-table__header">List</th>
                  <th scope="col" class="govuk-table__header govuk-table__header--numeric">Score</th>
                  <th scope="col" class="govuk-table__header">Why</th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {result.matches.map((match) => (
                  <tr class="govuk-table__row" key={`${match.list}-${match.source_id}`}>
                    <td class="govuk-table__cell">{match.name}</td>
                    <td class="govuk-table__cell">
                      {match.list} {match.source_id}
                    </td>
                    <td class="govuk-table__cell govuk-table__cell--numeric">{Math.round(match.score * 100)} %</td>
                    <td class="govuk-table__cell">{explain(match)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function CsvFile() {
  const file = useRef<HTMLInputElement>(null);
  const action = useAction();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [output, setOutput] = useState<{ url: string; rows: number; matched: number } | null>(null);

  const run = (event: Event) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    void action.run(
      async () => {
        const parsed = parseCsv(await chosen!.text());
        if ('error' in parsed) throw new Error(`${chosen!.name}: ${parsed.error}`);
        const queries: Query[] = parsed.rows.map((row, index) => ({
          id: row.id || String(index + 1),
          name: row.name,
          ...(row.type ? { type: row.type } : {}),
          ...(row.country ? { country: row.country } : {}),
          ...(row.dob ? { date_of_birth: row.dob } : {}),
          ...(row.identifier ? { identifier: row.identifier } : {}),
        }));
        const lines: string[][] = [['id', 'name', 'list', 'source_id', 'matched_name', 'score']];
        let matched = 0;
        setProgress({ done: 0, total: queries.length });
        for (let start = 0; start < queries.length; start += BATCH) {
          const batch = queries.slice(start, start + BATCH);
          const { results } = await post<{ results: Result[] }>('/api/v1/screen', {
            queries: batch.map(({ id: _id, ...query }) => query),
          });
          results.forEach((result, index) => {
            if (result.matches.length) matched += 1;
            for (const match of result.matches) {
              lines.push([batch[index].id, batch[index].name, match.list, match.source_id, match.name, match.score.toFixed(3)]);
            }
          });
          setProgress({ done: Math.min(start + BATCH, queries.length), total: queries.length });
        }
        if (output) URL.revokeObjectURL(output.url);
        const url = URL.createObjectURL(new Blob([toCsv(lines)], { type: 'text/csv' }));
        setOutput({ url, rows: queries.length, matched });
        return `Screened ${queries.length} names: ${matched} with potential matches.`;
      },
      () => (chosen ? [] : [{ field: 'csv', detail: 'Choose a CSV file' }]),
    );
  };

  const error = errorFor(action.errors, 'csv');
  return (
    <section aria-labelledby="csv-file">
      <h2 class="govuk-heading-m" id="csv-file">
        A list of names (CSV)
      </h2>
      <form onSubmit={run} noValidate>
        <ErrorSummary errors={action.errors} general={action.general} />
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label" for={fieldId('csv')}>
            CSV file
          </label>
          <div class="govuk-hint" id="csv-hint">
            A header row with <code>id,name</code> and optionally <code>type,country,dob,identifier</code>.
          </div>
          {error && (
            <p class="govuk-error-message">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input class="govuk-file-upload" id={fieldId('csv')} type="file" accept=".csv,text/csv" ref={file} aria-describedby="csv-hint" />
        </div>
        <Button type="submit" disabled={action.busy}>
          Screen the file
        </Button>
      </form>
      {progress && (
        <div class="govuk-form-group">
          <label class="govuk-label" for="screen-progress">
            Screened {progress.done} of {progress.total}
          </label>
          <progress id="screen-progress" class="echri-progress" max={progress.total} value={progress.done} />
        </div>
      )}
      {action.done && (
        <p class="govuk-body" role="status">
          {action.done}
        </p>
      )}
      {output && (
        <p class="govuk-body">
          <a class="govuk-link" href={output.url} download="screening-results.csv">
            Download the results (CSV)
          </a>
        </p>
      )}
    </section>
  );
}
