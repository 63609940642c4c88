// Help: the keyboard shortcuts of the queue and the case page, and how signing in works.
import { Page } from '../../components/page';
import { QUEUE_SHORTCUTS, CASE_SHORTCUTS } from '../../components/shortcuts';

function ShortcutTable({ caption, shortcuts }: { caption: string; shortcuts: [string, string][] }) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Key</th>
          <th scope="col" class="govuk-table__header">What it does</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {shortcuts.map(([key, what]) => (
          <tr class="govuk-table__row" key={key}>
            <td class="govuk-table__cell">
              <kbd>{key}</kbd>
            </td>
            <td class="govuk-table__cell">{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Help() {
  return (
    <Page title="Help">
      <h2 class="govuk-heading-m">Keyboard shortcuts</h2>
      <p class="govuk-body">
        Shortcuts work when the cursor is not in a text field. Everything they do can also be done with Tab and
        Enter.
      </p>
      <ShortcutTable caption="The queue" shortcuts={QUEUE_SHORTCUTS} />
      <ShortcutTable caption="A case" shortcuts={CASE_SHORTCUTS} />
      <h2 class="govuk-heading-m">Signing in and out</h2>
      <p class="govuk-body">
        Sign in with the token your authority's administrator gave you. echri signs you out after 15 minutes
        without activity and warns you 2 minutes before; anything you have typed stays in the browser tab.
      </p>
    </Page>
  );
}
