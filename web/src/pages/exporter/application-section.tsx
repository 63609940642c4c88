// One section of a draft application. Each section edits its part of the application and saves
// the whole with If-Match, so two tabs cannot overwrite each other unseen.
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { request } from '../../api/client';
import type { Application, Case, Item, Party } from '../../api/types';
import { useAction } from '../../components/action';
import { Documents } from '../../components/documents';
import { Button, ErrorSummary, Radios, Select, TextArea, TextInput, errorFor } from '../../components/forms';
import type { FieldError } from '../../components/forms';
import { Page } from '../../components/page';
import { LoadState, useApi } from '../../components/ui';
import { SECTIONS } from './sections';
import { ASSURANCES, END_USE_CATEGORIES, PARTY_ROLES, PARTY_TYPES, QUESTIONS } from './vocabulary';

type EditorProps = { value: Application; onChange: (next: Application) => void; errors: FieldError[] };

const EDITORS: Record<string, (props: EditorProps) => preact.JSX.Element> = {
  basics: Basics,
  items: Items,
  parties: Parties,
  'end-use': EndUse,
  assurances: Assurances,
  answers: Answers,
};

export function ApplicationSection() {
  const { params } = useRoute();
  const { route } = useLocation();
  const loaded = useApi<Case>(`/api/v1/applications/${encodeURIComponent(params.id)}`);
  const [value, setValue] = useState<Application | null>(null);
  const action = useAction();
  useEffect(() => {
    if (loaded.data) setValue(structuredClone(loaded.data.application));
  }, [loaded.data]);
  const section = SECTIONS.find((s) => s.key === params.section);
  const title = params.section === 'documents' ? 'Supporting documents' : (section?.title ?? 'Section');
  const Editor = EDITORS[params.section];
  const back = `/applications/${params.id}`;

  const save = (event: Event) => {
    event.preventDefault();
    if (!value || !loaded.data) return;
    void action.run(async () => {
      await request(`/api/v1/applications/${params.id}`, { method: 'PUT', body: clean(value), ifMatch: loaded.data!.version });
      route(back);
    });
  };

  return (
    <Page title={title} caption={params.id} roles={['exporter']}>
      <p class="govuk-body">
        <a class="govuk-back-link" href={back}>
          Back to the application
        </a>
      </p>
      <LoadState loaded={loaded} what="the application" />
      {loaded.data && loaded.data.state !== 'draft' && params.section !== 'documents' && (
        <p class="govuk-body">The application is submitted: it can no longer be changed.</p>
      )}
      {params.section === 'documents' && loaded.data && <Documents caseId={params.id} canUpload />}
      {Editor && value && loaded.data?.state === 'draft' && (
        <form onSubmit={save} noValidate>
          <ErrorSummary errors={action.errors} general={action.general} />
          <Editor value={value} onChange={setValue} errors={action.errors} />
          <Button type="submit" disabled={action.busy}>
            Save and go back
          </Button>
        </form>
      )}
    </Page>
  );
}

// Empty optional fields are left out rather than sent empty: the format treats absent as
// "not stated", which is what an empty box means.
function clean(application: Application): Application {
  const copy = structuredClone(application);
  copy.parties = (copy.parties ?? []).map((party) => {
    const tidy: Record<string, string> = {};
    for (const [key, entry] of Object.entries(party)) if (typeof entry === 'string' && entry.trim()) tidy[key] = entry.trim();
    return tidy as Party;
  });
  copy.items = copy.items.map((item) => {
    const tidy: Item = { description: item.description, control_entry: item.control_entry };
    if (item.quantity !== undefined && !Number.isNaN(item.quantity)) tidy.quantity = item.quantity;
    if (item.value !== undefined && !Number.isNaN(item.value)) tidy.value = item.value;
    if (item.currency) tidy.currency = item.currency;
    if (item.capabilities?.length) tidy.capabilities = item.capabilities;
    return tidy;
  });
  if (copy.end_use && !copy.end_use.description && !copy.end_use.category) delete copy.end_use;
  return copy;
}

function Basics({ value, onChange, errors }: EditorProps) {
  return (
    <>
      <TextInput field="reference" label="Your reference" width="20" value={value.reference} onValue={(reference) => onChange({ ...value, reference })} error={errorFor(errors, 'reference')} />
      <TextInput field="exporter.name" label="Exporter's name" value={value.exporter.name} onValue={(name) => onChange({ ...value, exporter: { ...value.exporter, name } })} error={errorFor(errors, 'exporter.name')} />
      <TextInput field="exporter.country" label="Exporter's country" hint="Two-letter code" width="4" value={value.exporter.country} onValue={(country) => onChange({ ...value, exporter: { ...value.exporter, country: country.toUpperCase() } })} error={errorFor(errors, 'exporter.country')} />
      <TextInput field="destination" label="Country of final destination" hint="Two-letter code" width="4" value={value.destination} onValue={(destination) => onChange({ ...value, destination: destination.toUpperCase() })} error={errorFor(errors, 'destination')} />
    </>
  );
}

function Items({ value, onChange, errors }: EditorProps) {
  const update = (index: number, patch: Partial<Item>) =>
    onChange({ ...value, items: value.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) });
  return (
    <>
      {value.items.map((item, index) => (
        <fieldset class="govuk-fieldset" key={index}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Item {index + 1}</legend>
          <TextInput field={`items[${index}].description`} label="Description" value={item.description} onValue={(description) => update(index, { description })} error={errorFor(errors, `items[${index}].description`)} />
          <TextInput field={`items[${index}].control_entry`} label="Control-list entry" hint="For example 5A001.j, or none" width="10" value={item.control_entry} onValue={(control_entry) => update(index, { control_entry })} error={errorFor(errors, `items[${index}].control_entry`)} />
          <TextInput field={`items[${index}].quantity`} label="Quantity (optional)" width="5" inputMode="numeric" value={item.quantity?.toString() ?? ''} onValue={(quantity) => update(index, { quantity: quantity ? Number(quantity) : undefined })} error={errorFor(errors, `items[${index}].quantity`)} />
          <TextInput field={`items[${index}].value`} label="Value (optional)" width="10" inputMode="decimal" value={item.value?.toString() ?? ''} onValue={(amount) => update(index, { value: amount ? Number(amount) : undefined })} error={errorFor(errors, `items[${index}].value`)} />
          <TextInput field={`items[${index}].currency`} label="Currency (with a value)" hint="For example EUR" width="4" value={item.currency ?? ''} onValue={(currency) => update(index, { currency: currency.toUpperCase() })} error={errorFor(errors, `items[${index}].currency`)} />
          {value.items.length > 1 && (
            <Button secondary onClick={() => onChange({ ...value, items: value.items.filter((_, i) => i !== index) })}>
              Remove item {index + 1}
            </Button>
          )}
        </fieldset>
      ))}
      <Button secondary onClick={() => onChange({ ...value, items: [...value.items, { description: '', control_entry: '' }] })}>
        Add another item
      </Button>
    </>
  );
}

function Parties({ value, onChange, errors }: EditorProps) {
  const parties = value.parties ?? [];
  const update = (index: number, patch: Partial<Party>) =>
    onChange({ ...value, parties: parties.map((party, i) => (i === index ? { ...party, ...patch } : party)) });
  return (
    <>
      <p class="govuk-body">Name the end user at least. The authority screens every party against restricted-party lists.</p>
      {parties.map((party, index) => (
        <fieldset class="govuk-fieldset" key={index}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Party {index + 1}</legend>
          <Select field={`parties[${index}].role`} label="Role" options={PARTY_ROLES} placeholder="Choose a role" value={party.role} onValue={(role) => update(index, { role })} error={errorFor(errors, `parties[${index}].role`)} />
          <TextInput field={`parties[${index}].name`} label="Full name as registered" value={party.name} onValue={(name) => update(index, { name })} error={errorFor(errors, `parties[${index}].name`)} />
          <Select field={`parties[${index}].type`} label="Type" options={PARTY_TYPES} placeholder="Choose a type" value={party.type ?? ''} onValue={(type) => update(index, { type })} error={errorFor(errors, `parties[${index}].type`)} />
          <TextInput field={`parties[${index}].country`} label="Country" hint="Two-letter code" width="4" value={party.country ?? ''} onValue={(country) => update(index, { country: country.toUpperCase() })} error={errorFor(errors, `parties[${index}].country`)} />
          <TextArea field={`parties[${index}].address`} label="Postal address" rows={3} value={party.address ?? ''} onValue={(address) => update(index, { address })} error={errorFor(errors, `parties[${index}].address`)} />
          <TextInput field={`parties[${index}].identifier`} label="Registration, tax or passport number (optional)" value={party.identifier ?? ''} onValue={(identifier) => update(index, { identifier })} error={errorFor(errors, `parties[${index}].identifier`)} />
          <Button secondary onClick={() => onChange({ ...value, parties: parties.filter((_, i) => i !== index) })}>
            Remove party {index + 1}
          </Button>
        </fieldset>
      ))}
      <Button secondary onClick={() => onChange({ ...value, parties: [...parties, { role: parties.length ? 'consignee' : 'end_user', name: '' }] })}>
        Add a party
      </Button>
    </>
  );
}

function EndUse({ value, onChange, errors }: EditorProps) {
  const endUse = value.end_use ?? {};
  return (
    <>
      <Select field="end_use.category" label="Kind of end use" options={END_USE_CATEGORIES} placeholder="Choose one" value={endUse.category ?? ''} onValue={(category) => onChange({ ...value, end_use: { ...endUse, category } })} error={errorFor(errors, 'end_use.category')} />
      <TextArea field="end_use.description" label="What the end user will use the items for" value={endUse.description ?? ''} onValue={(description) => onChange({ ...value, end_use: { ...endUse, description } })} error={errorFor(errors, 'end_use.description')} />
    </>
  );
}

function YesNo({ group, options, value, onChange, yes, no }: { group: 'assurances' | 'answers'; options: typeof ASSURANCES; value: Application; onChange: (next: Application) => void; yes: string; no: string }) {
  const answers = value[group] ?? {};
  return (
    <>
      {options.map((option) => (
        <Radios
          key={option.value}
          field={`${group}.${option.value}`}
          legend={option.label}
          inline
          value={answers[option.value] === undefined ? '' : String(answers[option.value])}
          onValue={(choice) => onChange({ ...value, [group]: { ...answers, [option.value]: choice === 'true' } })}
          options={[
            { value: 'true', label: yes },
            { value: 'false', label: no },
          ]}
        />
      ))}
    </>
  );
}

function Assurances({ value, onChange }: EditorProps) {
  return (
    <>
      <p class="govuk-body">What the end user undertakes. "Not yet asked" is different from a refusal: leave a question unanswered until you know.</p>
      <YesNo group="assurances" options={ASSURANCES} value={value} onChange={onChange} yes="Given" no="Refused" />
    </>
  );
}

function Answers({ value, onChange }: EditorProps) {
  return (
    <>
      <p class="govuk-body">Answer "Yes" where the concern applies. A "Yes" is a red flag the authority looks at; it does not by itself mean a refusal.</p>
      <YesNo group="answers" options={QUESTIONS} value={value} onChange={onChange} yes="Yes" no="No" />
    </>
  );
}
