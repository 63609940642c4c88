import { Page } from '../../components/page';

export function NotFound() {
  return (
    <Page title="Page not found">
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">Go to the start page</a>.
      </p>
    </Page>
  );
}
