// The exporter's applications, and the start of a new one: the format requires a reference, the
// exporter, the destination and one item before a draft exists; the task list asks for the rest.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { request } from '../../api/client';
import type { Case, Page as Paged } from '../../api/types';
import { useAction } from '../../components/action';
import { Button, ErrorSummary, TextInput, errorFor } from '../../components/forms';
import { Page } from '../../components/page';
import { LoadState, Tag, formatDateTime, useApi } from '../../components/ui';
import { useDraft } from '../../session/session';

type NewApplication = { reference: string; exporterName: string; exporterCountry: string; destination: string; item: string; controlEntry: string };
const EMPTY: NewApplication = { reference: '', exporterName: '', exporterCountry: '', destination: '', item: '', controlEntry: '' };

export function Applications() {
  const loaded = useApi<Paged<Case>>('/api/v1/applications?limit=200');
  const { route } = useLocation();
  const action = useAction();
  const [draft, setDraft, clearDraft] = useDraft<NewApplication>('new-application', EMPTY);
  const [starting, setStarting] = useState(false);
  const set = (key: keyof NewApplication) => (value: string) => setDraft({ ...draft, [key]: value });

  const create = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        const { data } = await request<Case>('/api/v1/applications', {
          method: 'POST',
          body: {
            reference: draft.reference.trim(),
            exporter: { name: draft.exporterName.trim(), country: draft.exporterCountry.trim().toUpperCase() },
            destination: draft.destination.trim().toUpperCase(),
            items: [{ description: draft.item.trim(), control_entry: draft.controlEntry.trim() }],
          },
        });
        clearDraft();
        route(`/applications/${data.id}`);
      },
      () =>
        [
          ['reference', draft.reference, 'Enter your reference for this application'],
          ['exporter.name', draft.exporterName, "Enter the exporter's name"],
          ['exporter.country', draft.exporterCountry, "Enter the exporter's country code"],
          ['destination', draft.destination, 'Enter the country of final destination'],
          ['items[0].description', draft.item, 'Describe the item'],
          ['items[0].control_entry', draft.controlEntry, 'Enter the control-list entry, or none'],
        ]
          .filter(([, value]) => !value.trim())
          .map(([field, , detail]) => ({ field, detail })),
    );
  };

  return (
    <Page title="Your applications" roles={['exporter']}>
      <LoadState loaded={loaded} what="your applications" />
      {loaded.data && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--m">Applications</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Reference</th>
              <th scope="col" class="govuk-table__header">Destination</th>
              <th scope="col" class="govuk-table__header">State</th>
              <th scope="col" class="govuk-table__header">Updated</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {loaded.data.items.map((kase) => (
              <tr class="govuk-table__row" key={kase.id}>
                <td class="govuk-table__cell">
                  <a class="govuk-link" href={`/applications/${kase.id}`}>
                    {kase.application.reference}
                  </a>{' '}
                  <span class="govuk-body-s">{kase.id}</span>
                </td>
                <td class="govuk-table__cell">{kase.application.destination}</td>
                <td class="govuk-table__cell">
                  <Tag value={kase.state} />
                </td>
                <td class="govuk-table__cell">{formatDateTime(kase.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!starting ? (
        <Button onClick={() => setStarting(true)}>Start a new application</Button>
      ) : (
        <form onSubmit={create} noValidate>
          <h2 class="govuk-heading-m">Start a new application</h2>
          <ErrorSummary errors={action.errors} general={action.general} />
          <TextInput field="reference" label="Your reference" width="20" value={draft.reference} onValue={set('reference')} error={errorFor(action.errors, 'reference')} />
          <TextInput field="exporter.name" label="Exporter's name" value={draft.exporterName} onValue={set('exporterName')} error={errorFor(action.errors, 'exporter.name')} />
          <TextInput field="exporter.country" label="Exporter's country" hint="Two-letter code, for example DE" width="4" value={draft.exporterCountry} onValue={set('exporterCountry')} error={errorFor(action.errors, 'exporter.country')} />
          <TextInput field="destination" label="Country of final destination" hint="Two-letter code, for example EG" width="4" value={draft.destination} onValue={set('destination')} error={errorFor(action.errors, 'destination')} />
          <TextInput field="items[0].description" label="The first item" hint="What it is, in your words. Add more items later." value={draft.item} onValue={set('item')} error={errorFor(action.errors, 'items[0].description')} />
          <TextInput field="items[0].control_entry" label="Its control-list entry" hint="For example 5A001.j, or none" width="10" value={draft.controlEntry} onValue={set('controlEntry')} error={errorFor(action.errors, 'items[0].control_entry')} />
          <Button type="submit" disabled={action.busy}>
            Create the draft
          </Button>
        </form>
      )}
    </Page>
  );
}
